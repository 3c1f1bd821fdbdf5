"""The same dbt project on DuckDB and on Spark gives the same marts, value for value (instants to the
microsecond, minutes exactly), on the hand-built tickets, a small generated delivery and the Intercom fixture
export (the one that fills a parity mart Spark builds), and the Spark
marts pass the same GX suites (docs/scaling.md).

Each delivery goes through the real pipeline once (tests/conftest.py: Dagster ingest, dbt on DuckDB, GX);
its raw tables are then handed to one Spark session for the whole module, built there by dbt-spark, and
both engines' marts are exported as Parquet and compared. Runs when pyspark and Java are installed
(`make spark-setup`; `make test-spark`, and .ci/run, run it), skips otherwise.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from tests.conftest import BuiltWarehouse

pytest.importorskip("pyspark", reason="the Spark path is not installed (make spark-setup)")
if shutil.which("java") is None:
    pytest.skip("no java on PATH (make spark-setup installs openjdk-17-jre-headless)", allow_module_level=True)

# Every mart Spark builds; the DuckDB-only ones are in dagster_project/warehouse/spark.py.
SPARK_MARTS = (
    "agg_agent_daily",
    "agg_backlog_daily",
    "agg_category_daily",
    "agg_channel_daily",
    "agg_channel_monthly",
    "agg_channel_team_weekly",
    "agg_channel_weekly",
    "agg_csat_by_first_response",
    "agg_hour_of_week",
    "agg_priority_daily",
    "agg_scorecard_weekly",
    "agg_team_daily",
    "fct_reply_cycles",
    "fct_sla_events",
    "fct_tickets",
    "intercom__conversation_metrics",
    "zendesk__sla_policies",
    "zendesk__ticket_field_history",
)
# Each delivery, and whose parity marts its refresh fills (ingest/adapters/vendor_marts.py): an Intercom
# export fills the Intercom mart; the others leave it, and Zendesk's, out on both engines.
FILLS = {
    "hand_built": {"zendesk": False, "intercom": False},
    "demo": {"zendesk": False, "intercom": False},
    "intercom": {"zendesk": False, "intercom": True},
}
DELIVERIES = tuple(FILLS)


def _built_marts(delivery: str) -> list[str]:
    from dagster_project.warehouse.spark import left_out_models

    return sorted(set(SPARK_MARTS) - set(left_out_models(FILLS[delivery])))


@dataclass(frozen=True)
class Exports:
    duckdb_dir: Path
    spark_dir: Path
    duckdb_rows: dict[str, int]
    spark_rows: dict[str, int]


@pytest.fixture(scope="module")
def spark_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spark") / "spark-warehouse"


@pytest.fixture(scope="module")
def spark(spark_warehouse: Path) -> SparkSession:
    from dagster_project.warehouse import spark as spark_engine

    return spark_engine.session(spark_warehouse)


@pytest.fixture(scope="module")
def intercom(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BuiltWarehouse:
    """The Intercom fixture export (tests/fixtures/intercom), through the whole pipeline."""
    from tests.conftest import FIXTURES, built_once

    return built_once(
        tmp_path_factory, worker_id, "intercom", lambda raw_dir: shutil.copytree(FIXTURES / "intercom", raw_dir)
    )


@pytest.fixture(scope="module")
def exports(
    request: pytest.FixtureRequest, spark: SparkSession, spark_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Exports]:
    """Every delivery built on Spark, one after the other in the module's session, each exported as soon as
    it is built (a build replaces the one before's tables, and drops those it leaves out)."""
    from dagster_project import settings
    from dagster_project.ingest.adapters.vendor_marts import builds_vendor_marts
    from dagster_project.warehouse import spark as spark_engine
    from dagster_project.warehouse.export_marts import export_duckdb_marts, export_spark_marts

    built: dict[str, Exports] = {}
    for name in DELIVERIES:
        warehouse: BuiltWarehouse = request.getfixturevalue(name)
        vendor_marts = {vendor: builds_vendor_marts(warehouse.raw_dir, vendor, "auto") for vendor in settings.MART_VENDORS}
        assert vendor_marts == FILLS[name]
        result = spark_engine.build_from_ingest(warehouse.path, warehouse.raw_dir, spark, spark_warehouse, vendor_marts=vendor_marts)
        failed = [f"{r.node.unique_id}: {r.message}" for r in getattr(result.result, "results", []) if r.status in ("error", "fail")]
        assert result.success, f"dbt build on Spark failed for {name}: {result.exception or failed}"
        out = tmp_path_factory.mktemp(f"marts-{name}")
        built[name] = Exports(
            duckdb_dir=out / "duckdb",
            spark_dir=out / "spark",
            duckdb_rows=export_duckdb_marts(warehouse.path, out / "duckdb"),
            spark_rows=export_spark_marts(spark, out / "spark"),
        )
    return built


@pytest.mark.parametrize("delivery", DELIVERIES)
def test_spark_builds_every_mart_but_the_duckdb_only_ones(exports: dict[str, Exports], delivery: str) -> None:
    from dagster_project.warehouse.spark import DUCKDB_ONLY_MARTS

    from dagster_project.warehouse.spark import left_out_models

    built = exports[delivery]
    # Both engines leave out the parity marts of the vendors the delivery is not from.
    assert sorted(built.spark_rows) == _built_marts(delivery)
    assert sorted(built.duckdb_rows) == sorted({*SPARK_MARTS, *DUCKDB_ONLY_MARTS} - set(left_out_models(FILLS[delivery])))


def _differences(left: Path, right: Path, columns: list[str]) -> list[tuple[object, ...]]:
    """Rows of `left` that `right` lacks, as multisets (a duplicate row counts)."""
    selected = ", ".join(f'"{column}"' for column in columns)
    return duckdb.sql(
        f"select {selected} from '{left}' except all select {selected} from '{right}'"
    ).fetchall()


@pytest.mark.parametrize(("delivery", "mart"), [(delivery, mart) for delivery in DELIVERIES for mart in _built_marts(delivery)])
def test_mart_equal_on_both_engines(exports: dict[str, Exports], delivery: str, mart: str) -> None:
    built = exports[delivery]
    on_duckdb, on_spark = built.duckdb_dir / f"{mart}.parquet", built.spark_dir / f"{mart}.parquet"
    columns = duckdb.sql(f"select * from '{on_duckdb}'").columns
    assert duckdb.sql(f"select * from '{on_spark}'").columns == columns
    assert built.spark_rows[mart] == built.duckdb_rows[mart]
    # Compared as DuckDB reads both files: instants as timestamptz to the microsecond, doubles bit for bit.
    only_duckdb = _differences(on_duckdb, on_spark, columns)
    only_spark = _differences(on_spark, on_duckdb, columns)
    differing = [
        f"{column}: {a!r} on DuckDB, {b!r} on Spark"
        for row_a, row_b in zip(only_duckdb, only_spark)
        for column, a, b in zip(columns, row_a, row_b)
        if a != b
    ]
    assert (len(only_duckdb), len(only_spark), differing[:10]) == (0, 0, [])


def test_hand_built_marts_are_not_trivially_equal(exports: dict[str, Exports]) -> None:
    # The comparison means something only if the marts hold rows.
    rows = exports["hand_built"].spark_rows
    assert rows["fct_tickets"] >= 10 and rows["fct_sla_events"] > 0 and rows["agg_channel_daily"] > 0
    assert exports["intercom"].spark_rows["intercom__conversation_metrics"] > 0


@pytest.mark.parametrize("delivery", DELIVERIES)
def test_spark_marts_pass_the_gx_suites(exports: dict[str, Exports], delivery: str) -> None:
    from dagster_project.warehouse.spark import validate_exported_marts

    results = validate_exported_marts(exports[delivery].spark_dir)
    assert results, "no suite ran"
    failed = {result.table: [e.label for e in result.failures] for result in results if not result.success}
    assert failed == {}
