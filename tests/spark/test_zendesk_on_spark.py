"""A Zendesk delivery builds on Spark (docs/scaling.md): the Zendesk models on Spark so far (staging/zendesk,
the account's schedules and SLA targets, the SLA schedule spine and SLAs, users, organizations, updates,
people updates, satisfaction, ticket forms, the field history) and the canonical marts, which measure the account's tickets on them (var zendesk_account_schedules), equal DuckDB's, value for
value, on the Zendesk parity fixture (tests/fixtures/zendesk_parity: 2,000 tickets, 26 schedule intervals, 14
holidays, 2,138 ticket_schedule rows). The spine also on the Zendesk API account (tests/fixtures/zendesk_api), which has no
time_zone rows: its offsets come from the IANA zone. The SLA models and zendesk__sla_policies also on the parity
fixture as a delivery whose manifest asks for the reference's definitions (var zendesk_compat).

Each delivery goes through the real pipeline on DuckDB once; its raw tables are handed to one Spark session for
the module, and dbt-spark builds the project (the API account: the spine and what it reads) with the vars the
DuckDB build had. Runs when pyspark and Java are installed.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest

from dagster_project.settings import DBT_PROJECT_DIR
from tests.conftest import FIXTURES, BuiltWarehouse, built_once

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

pytest.importorskip("pyspark", reason="the Spark path is not installed (make spark-setup)")
if shutil.which("java") is None:
    pytest.skip("no java on PATH (make spark-setup installs openjdk-17-jre-headless)", allow_module_level=True)

DELIVERY = FIXTURES / "zendesk_parity" / "input"
STAGING = (
    "stg_zendesk__brand", "stg_zendesk__daylight_time", "stg_zendesk__domain_name", "stg_zendesk__group",
    "stg_zendesk__organization", "stg_zendesk__organization_tag", "stg_zendesk__schedule",
    "stg_zendesk__schedule_holiday", "stg_zendesk__sla_policy_metric_history", "stg_zendesk__ticket",
    "stg_zendesk__ticket_comment", "stg_zendesk__ticket_field_history", "stg_zendesk__ticket_form_history",
    "stg_zendesk__ticket_schedule", "stg_zendesk__ticket_sla_policy", "stg_zendesk__ticket_tag",
    "stg_zendesk__time_zone", "stg_zendesk__user", "stg_zendesk__user_tag",
)  # fmt: skip
ZENDESK_INTERMEDIATE = (
    "int_zendesk__as_of", "int_zendesk__business_schedules", "int_zendesk__business_holidays",
    "int_zendesk__ticket_schedule_periods", "int_zendesk__sla_policy_applied", "int_zendesk__sla_schedule_spine",
    "int_zendesk__sla_reply_times", "int_zendesk__sla_status_times",
    "int_zendesk__users", "int_zendesk__organizations", "int_zendesk__updates", "int_zendesk__ticket_people_updates",
    "int_zendesk__ticket_satisfaction", "int_zendesk__latest_ticket_forms", "int_zendesk__field_calendar_spine",
    "int_zendesk__field_history_daily_changes",
)  # fmt: skip
# The canonical models that read the Zendesk ones under zendesk_account_schedules.
CANONICAL_INTERMEDIATE = (
    "int_business_schedules", "int_business_holidays", "int_schedules_matched_to_tickets",
    "int_ticket_schedule_periods", "int_sla_policies_matched_to_tickets",
)  # fmt: skip
RELATIONS = (
    [("staging", name) for name in STAGING]
    + [("intermediate", name) for name in (*ZENDESK_INTERMEDIATE, *CANONICAL_INTERMEDIATE)]
)
# What var zendesk_compat changes on Spark so far: the SLA models (the reference's weekly spine) and their mart.
COMPAT_RELATIONS = (
    ("intermediate", "int_zendesk__sla_reply_times"), ("intermediate", "int_zendesk__sla_status_times"),
    ("marts", "zendesk__sla_policies"),
)  # fmt: skip


@pytest.fixture(scope="module")
def zendesk(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BuiltWarehouse:
    return built_once(
        tmp_path_factory, worker_id, "zendesk_parity_alone",
        lambda raw_dir: shutil.copytree(DELIVERY, raw_dir / "2024-06-16-zendesk"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def zendesk_api(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BuiltWarehouse:
    return built_once(
        tmp_path_factory, worker_id, "zendesk_api_alone",
        lambda raw_dir: shutil.copytree(FIXTURES / "zendesk_api", raw_dir),
    )  # fmt: skip


@pytest.fixture(scope="module")
def zendesk_compat(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BuiltWarehouse:
    """The parity fixture as a delivery whose manifest asks for the reference's definitions."""

    def copy_with_compat_on(raw_dir: Path) -> None:
        delivery = raw_dir / "2024-06-16-zendesk"
        shutil.copytree(DELIVERY, delivery)
        manifest = json.loads((delivery / "manifest.json").read_text())
        (delivery / "manifest.json").write_text(json.dumps({**manifest, "zendesk_compat": "on"}))

    return built_once(tmp_path_factory, worker_id, "zendesk_parity_compat_alone", copy_with_compat_on)


@pytest.fixture(scope="module")
def spark_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spark-zendesk") / "spark-warehouse"


@pytest.fixture(scope="module")
def spark(spark_warehouse: Path) -> SparkSession:
    from dagster_project.warehouse import spark as spark_engine

    return spark_engine.session(spark_warehouse)


@pytest.fixture(scope="module")
def exported(
    zendesk: BuiltWarehouse, spark: SparkSession, spark_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Both engines' relations and marts as Parquet: <dir>/<engine>/<relation>.parquet."""
    from dagster_project import settings
    from dagster_project.ingest.adapters.vendor_marts import builds_vendor_marts
    from dagster_project.warehouse import spark as spark_engine
    from dagster_project.warehouse.export_marts import export_duckdb_marts, export_spark_marts

    vendor_marts = {vendor: builds_vendor_marts(zendesk.raw_dir, vendor, "auto") for vendor in settings.MART_VENDORS}
    assert spark_engine.dbt_vars(zendesk.raw_dir, vendor_marts)["zendesk_account_schedules"]
    result = spark_engine.build_from_ingest(zendesk.path, zendesk.raw_dir, spark, spark_warehouse, vendor_marts=vendor_marts)
    failed = [f"{r.node.unique_id}: {r.message}" for r in getattr(result.result, "results", []) if r.status in ("error", "fail")]
    assert result.success, f"dbt build on Spark failed: {result.exception or failed}"
    out = tmp_path_factory.mktemp("zendesk-relations")
    export_duckdb_marts(zendesk.path, out / "duckdb")
    export_spark_marts(spark, out / "spark")
    _export_relations(zendesk, spark, RELATIONS, out)
    return out


def _export_relations(warehouse: BuiltWarehouse, spark: SparkSession, relations: Iterable[tuple[str, str]], out: Path) -> None:
    """`relations` (schema, name) of both engines as <out>/<engine>/<name>.parquet."""
    import pyarrow.parquet as pq

    (out / "duckdb").mkdir(exist_ok=True)
    (out / "spark").mkdir(exist_ok=True)
    con = warehouse.connect()
    try:
        for schema, name in relations:
            con.execute(f"copy {schema}.{name} to '{out / 'duckdb' / name}.parquet' (format parquet)")
            pq.write_table(spark.table(f"{schema}.{name}").toArrow(), out / "spark" / f"{name}.parquet")
    finally:
        con.close()


@pytest.fixture(scope="module")
def api_spine(
    exported: Path, zendesk_api: BuiltWarehouse, spark: SparkSession, spark_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The API account's spine from both engines, <dir>/<engine>.parquet (built after `exported`, whose tables
    it replaces)."""
    import pyarrow.parquet as pq

    from dagster_project import settings
    from dagster_project.ingest.adapters.vendor_marts import builds_vendor_marts
    from dagster_project.warehouse import spark as spark_engine

    vendor_marts = {vendor: builds_vendor_marts(zendesk_api.raw_dir, vendor, "auto") for vendor in settings.MART_VENDORS}
    spark_engine.hand_over_raw(zendesk_api.path, spark, spark_warehouse)
    result = spark_engine.dbt_build(
        spark_engine.dbt_vars(zendesk_api.raw_dir, vendor_marts),
        target_path=spark_warehouse / "dbt-target-api",
        select=["+int_zendesk__sla_schedule_spine"],
    )
    assert result.success, f"dbt build on Spark failed: {result.exception}"
    out = tmp_path_factory.mktemp("zendesk-api-spine")
    con = zendesk_api.connect()
    try:
        con.execute(f"copy intermediate.int_zendesk__sla_schedule_spine to '{out / 'duckdb'}.parquet' (format parquet)")
    finally:
        con.close()
    pq.write_table(spark.table("intermediate.int_zendesk__sla_schedule_spine").toArrow(), out / "spark.parquet")
    return out


@pytest.fixture(scope="module")
def compat_slas(
    exported: Path, zendesk_compat: BuiltWarehouse, spark: SparkSession, spark_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """COMPAT_RELATIONS of the compat delivery from both engines, <dir>/<engine>/<relation>.parquet (built after
    `exported`, whose tables it replaces)."""
    from dagster_project import settings
    from dagster_project.ingest.adapters.vendor_marts import builds_vendor_marts
    from dagster_project.warehouse import spark as spark_engine

    vendor_marts = {vendor: builds_vendor_marts(zendesk_compat.raw_dir, vendor, "auto") for vendor in settings.MART_VENDORS}
    assert spark_engine.dbt_vars(zendesk_compat.raw_dir, vendor_marts)["zendesk_compat"]
    result = spark_engine.build_from_ingest(
        zendesk_compat.path, zendesk_compat.raw_dir, spark, spark_warehouse, vendor_marts=vendor_marts,
        select=["+zendesk__sla_policies"],
    )  # fmt: skip
    assert result.success, f"dbt build on Spark failed: {result.exception}"
    out = tmp_path_factory.mktemp("zendesk-compat-slas")
    _export_relations(zendesk_compat, spark, COMPAT_RELATIONS, out)
    return out


def test_the_fixture_fills_the_zendesk_models(exported: Path) -> None:
    rows = {
        name: duckdb.sql(f"select count(*) from '{exported / 'spark' / name}.parquet'").fetchall()[0][0]
        for name in ("stg_zendesk__ticket", *ZENDESK_INTERMEDIATE, "fct_tickets", "fct_sla_events", "zendesk__sla_policies",
                     "zendesk__ticket_field_history")
    }
    assert all(count > 0 for count in rows.values()), rows


def test_spark_builds_every_mart_but_the_duckdb_only_ones(exported: Path) -> None:
    from dagster_project.warehouse.spark import DUCKDB_ONLY_MARTS

    marts = {path.stem for path in (exported / "duckdb").glob("*.parquet")} - {name for _, name in RELATIONS}
    on_spark = {path.stem for path in (exported / "spark").glob("*.parquet")} - {name for _, name in RELATIONS}
    assert sorted(on_spark) == sorted(marts - DUCKDB_ONLY_MARTS)


def test_spark_marts_pass_the_gx_suites(exported: Path) -> None:
    # as HELPDESK_ENGINE=spark validates a Zendesk delivery's Spark marts (the other relations' files beside
    # them have no suite)
    from dagster_project.warehouse.spark import validate_exported_marts

    results = validate_exported_marts(exported / "spark")
    assert results, "no suite ran"
    failed = {result.table: [e.label for e in result.failures] for result in results if not result.success}
    assert failed == {}


def _compared() -> list[str]:
    from dagster_project.warehouse.spark import DUCKDB_ONLY_MARTS, left_out_models

    # The marts: every mart model but the DuckDB-only ones (the test above checks that Spark builds these) and
    # the Intercom mart, which a Zendesk delivery's refresh leaves out on both engines.
    left_out = {*DUCKDB_ONLY_MARTS, *left_out_models({"zendesk": True, "intercom": False})}
    marts = sorted({path.stem for path in (DBT_PROJECT_DIR / "models" / "marts").rglob("*.sql")} - left_out)
    return [name for _, name in RELATIONS] + marts


@pytest.mark.parametrize("relation", _compared())
def test_relation_equal_on_both_engines(exported: Path, relation: str) -> None:
    _assert_equal(exported / "duckdb" / f"{relation}.parquet", exported / "spark" / f"{relation}.parquet")


def test_the_api_accounts_spine_equal_on_both_engines(api_spine: Path) -> None:
    # its offsets derived from the IANA zone, as on DuckDB (the spine is empty without a schedule)
    assert duckdb.sql(f"select count(*) from '{api_spine / 'spark'}.parquet'").fetchall()[0][0] > 0
    _assert_equal(api_spine / "duckdb.parquet", api_spine / "spark.parquet")


@pytest.mark.parametrize("relation", [name for _, name in COMPAT_RELATIONS])
def test_compat_relation_equal_on_both_engines(compat_slas: Path, relation: str) -> None:
    # the reference's definitions (zendesk_compat, from the delivery's manifest on both engines)
    assert duckdb.sql(f"select count(*) from '{compat_slas / 'spark' / relation}.parquet'").fetchall()[0][0] > 0
    _assert_equal(compat_slas / "duckdb" / f"{relation}.parquet", compat_slas / "spark" / f"{relation}.parquet")


def _assert_equal(on_duckdb: Path, on_spark: Path) -> None:
    columns = duckdb.sql(f"select * from '{on_duckdb}'").columns
    assert duckdb.sql(f"select * from '{on_spark}'").columns == columns
    selected = ", ".join(f'"{column}"' for column in columns)
    # Compared as DuckDB reads both files: instants to the microsecond, doubles bit for bit.
    only_duckdb = duckdb.sql(f"select {selected} from '{on_duckdb}' except all select {selected} from '{on_spark}'").fetchall()
    only_spark = duckdb.sql(f"select {selected} from '{on_spark}' except all select {selected} from '{on_duckdb}'").fetchall()
    assert (only_duckdb[:3], only_spark[:3]) == ([], [])
