"""The same dbt project on Apache Spark (docs/scaling.md): a local Spark session, the raw tables handed over
from the DuckDB ingest as Parquet, and `dbt build --target spark` (dbt-spark's `session` method) in this
process.

The ingest keeps its rules on both engines: it loads, quarantines and counts in DuckDB as always, then
every raw table it wrote is copied to `<spark warehouse>/raw/<table>/` as Parquet and registered as the
Spark table `raw.<table>`, which the dbt sources read. dbt-spark's session method calls
`SparkSession.builder.getOrCreate()`, so the session started here (UTC, local[2], the warehouse folder) is
the one dbt builds in, and the one the checks and export-marts read afterwards.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from dagster_project import settings
from dagster_project.defs.parity_marts import left_out_keys
from dagster_project.warehouse import publish
from dagster_project.ingest.adapters.vendor_marts import measures_on_zendesk_schedules
from dagster_project.ingest.adapters.zendesk_compat import builds_zendesk_compat
from dagster_project.settings import DBT_PROJECT_DIR, EXPECTATIONS_DIR

if TYPE_CHECKING:
    from dagster import AssetKey
    from dbt.cli.main import dbtRunnerResult
    from pyspark.sql import SparkSession

    from dagster_project.defs.checks.gx_validation import SuiteResult

RAW_SCHEMA = "raw"
MARTS_SCHEMA = "marts"
# Local mode on two cores, as the profile says; tiny shuffles on a laptop-sized delivery (Spark's default of
# 200 partitions costs a task each, for a few thousand rows).
SPARK_MASTER = "local[2]"
SHUFFLE_PARTITIONS = "4"


def session(warehouse_dir: Path) -> SparkSession:
    """The Spark session of this process (started on first use): UTC, the project's warehouse folder, and a
    Derby metastore inside it, so tables outlive the process as the DuckDB file does."""
    from pyspark.sql import SparkSession

    warehouse_dir = warehouse_dir.resolve()
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    spark = (
        SparkSession.builder.master(SPARK_MASTER)
        .appName("helpdesk-metrics")
        # Every instant is read and bucketed in UTC, as DuckDB's TimeZone = 'UTC' does.
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(warehouse_dir / "tables"))
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL",
            f"jdbc:derby:;databaseName={warehouse_dir / 'metastore_db'};create=true",
        )
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={warehouse_dir}")
        .config("spark.sql.shuffle.partitions", SHUFFLE_PARTITIONS)
        .config("spark.ui.enabled", "false")
        # no stage progress bars over the run's one line per stage
        .config("spark.ui.showConsoleProgress", "false")
        .enableHiveSupport()
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def seed_names() -> set[str]:
    """The dbt seeds: dbt loads them into the raw schema itself, on either engine."""
    return {path.stem for path in (DBT_PROJECT_DIR / "seeds").glob("*.csv")}


def ingested_raw_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The raw tables the ingest wrote (not the seeds, not the raw views over them)."""
    rows = con.execute(
        "select table_name from information_schema.tables"
        " where table_schema = ? and table_type = 'BASE TABLE' order by table_name",
        [RAW_SCHEMA],
    ).fetchall()
    seeds = seed_names()
    return [name for (name,) in rows if name not in seeds]


def hand_over_raw(duckdb_warehouse: Path, spark: SparkSession, warehouse_dir: Path) -> dict[str, int]:
    """Copy every ingested raw table of `duckdb_warehouse` to Parquet under `warehouse_dir`/raw and register
    it as the Spark table raw.<table>; returns the rows per table (the same the DuckDB table holds)."""
    raw_dir = warehouse_dir.resolve() / RAW_SCHEMA
    spark.sql(f"create database if not exists {RAW_SCHEMA}")
    rows: dict[str, int] = {}
    con = duckdb.connect(str(duckdb_warehouse), read_only=True)
    try:
        for table in ingested_raw_tables(con):
            folder = raw_dir / table
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            con.execute(f"copy {RAW_SCHEMA}.{table} to '{folder / 'data.parquet'}' (format parquet)")
            rows[table] = int(con.execute(f"select count(*) from {RAW_SCHEMA}.{table}").fetchall()[0][0])
            spark.sql(f"drop table if exists {RAW_SCHEMA}.{table}")
            spark.sql(f"create table {RAW_SCHEMA}.{table} using parquet location '{folder}'")
    finally:
        con.close()
    return rows


def dbt_build(
    vars: Mapping[str, object], *, target_path: Path, select: list[str] | None = None, exclude: list[str] | None = None
) -> dbtRunnerResult:
    """`dbt build --target spark --full-refresh` in this process (the session must be started first), unit
    tests excluded as in the DuckDB build (the test suite runs them); errors only on the terminal, the whole
    log in `target_path`/dbt.log. Always a full build: Parquet tables take
    no DELETE, which the incremental refresh needs."""
    from dbt.cli.main import dbtRunner

    args = [
        "build", "--quiet", "--target", "spark", "--full-refresh", "--exclude-resource-type", "unit_test",
        "--vars", json.dumps(dict(vars)),
        "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target_path), "--log-path", str(target_path),
    ]  # fmt: skip
    if select:
        args += ["--select", *select]
    if exclude:
        args += ["--exclude", *exclude]
    return dbtRunner().invoke(args)


def left_out_models(vendor_marts: Mapping[str, bool]) -> list[str]:
    """The models a refresh leaves out for the vendors whose parity marts it does not fill
    (defs/parity_marts.py), so Spark builds the relations the DuckDB refresh built."""
    return sorted(key.path[-1] for key in _left_out(vendor_marts))


def _left_out(vendor_marts: Mapping[str, bool]) -> frozenset[AssetKey]:
    return left_out_keys(vendor for vendor, filled in vendor_marts.items() if not filled)


def drop_left_out(spark: SparkSession, vendor_marts: Mapping[str, bool]) -> None:
    """Drop what an earlier build in the warehouse folder left of the models this build leaves out (the
    account's deliveries changed), as the DuckDB refresh rebuilds from an empty warehouse then."""
    for key in sorted(_left_out(vendor_marts), key=lambda key: key.path):
        schema, name = key.path
        if spark.catalog.tableExists(name, schema):
            kind = "view" if spark.catalog.getTable(f"{schema}.{name}").tableType == "VIEW" else "table"
            spark.sql(f"drop {kind} {schema}.{name}")


def mart_tables(spark: SparkSession) -> list[str]:
    return sorted(row.tableName for row in spark.sql(f"show tables in {MARTS_SCHEMA}").collect())


# The marts Spark does not build yet (dbt_project.yml disables their models on Spark): the Zendesk parity marts,
# being rewritten on the DuckDB side, the vendor reconciliation that compares with them, and the staffing
# table the Dagster staffing asset writes from Python, not dbt.
DUCKDB_ONLY_MARTS = frozenset(
    {
        "zendesk__ticket_backlog",
        "zendesk__ticket_enriched",
        "zendesk__ticket_metrics",
        "zendesk__ticket_summary",
        "fct_vendor_metric_reconciliation",
        "agg_vendor_metric_reconciliation",
        "agg_staffing_hour_of_week",
    }
)


def dbt_vars(raw_dir: Path, vendor_marts: Mapping[str, bool]) -> dict[str, bool | str | None]:
    """The vars the DuckDB build of the deliveries in `raw_dir` had (`vendor_marts`: whether each vendor's
    parity marts are filled; `as_of` from HELPDESK_AS_OF). On a Zendesk delivery the account's schedules and
    SLA targets measure its tickets, and its manifest (or HELPDESK_ZENDESK_COMPAT) says whose definitions the
    Zendesk models use, as on DuckDB."""
    return {
        **{f"{vendor}_marts": filled for vendor, filled in vendor_marts.items()},
        "zendesk_compat": builds_zendesk_compat(raw_dir, settings.zendesk_compat()),
        "zendesk_account_schedules": measures_on_zendesk_schedules(raw_dir),
        "as_of": settings.as_of(),
    }


def build_from_ingest(
    duckdb_warehouse: Path,
    raw_dir: Path,
    spark: SparkSession,
    warehouse_dir: Path,
    *,
    vendor_marts: Mapping[str, bool],
    select: list[str] | None = None,
) -> dbtRunnerResult:
    """Build the dbt project (or the `select`ed part of it) on Spark from the raw tables the ingest loaded from
    `raw_dir` into `duckdb_warehouse`, with the same vars the DuckDB build had (dbt_vars), leaving out what it
    left out."""
    hand_over_raw(duckdb_warehouse, spark, warehouse_dir)
    drop_left_out(spark, vendor_marts)
    vars = {**dbt_vars(raw_dir, vendor_marts), "zendesk_source_relation": duckdb_source_relation(duckdb_warehouse)}
    return dbt_build(
        vars, target_path=warehouse_dir / "dbt-target", select=select, exclude=left_out_models(vendor_marts)
    )


def duckdb_source_relation(duckdb_warehouse: Path) -> str:
    """The Zendesk marts' `source_relation` in the DuckDB build of `duckdb_warehouse` (macro
    zendesk_source_relation: the target's database, then `.raw`): dbt-duckdb's database is named after the
    working copy the build writes (defs/dbt_in_process.py). dbt-spark's target has no database, so the Spark
    build gets this value as var `zendesk_source_relation` and the rows of both engines say the same."""
    from dbt.adapters.duckdb.credentials import DuckDBCredentials

    return f"{DuckDBCredentials.path_derived_database_name(str(publish.working_copy_path(duckdb_warehouse)))}.{RAW_SCHEMA}"


def validate_exported_marts(marts_dir: Path) -> list[SuiteResult]:
    """The GX suites (expectations/*.json) on marts exported as Parquet (export_marts.export_spark_marts): the
    same pandas batches the DuckDB checks validate, read from the Spark build's files through an in-memory
    DuckDB whose `marts` views point at them, so the suites' derived columns (SQL naming marts.<table>) run
    unchanged."""
    from dagster_project.defs.checks.gx_validation import validate_table

    con = open_exported_marts(marts_dir)
    try:
        return [validate_table(con, suite.stem) for suite in sorted(EXPECTATIONS_DIR.glob("*.json"))]
    finally:
        con.close()


def open_exported_marts(marts_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB whose `marts.<table>` views read the Parquet files of `marts_dir`."""
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"create schema {MARTS_SCHEMA}")
    for path in sorted(marts_dir.glob("*.parquet")):
        con.execute(f"create view {MARTS_SCHEMA}.{path.stem} as select * from '{path}'")
    return con
