"""Marts out as Parquet, one file per mart (`helpdesk-metrics export-marts --to DIR`), from either engine:
for BI tools and other engines, and for comparing the two engines table by table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from dagster_project.settings import DBT_PROJECT_DIR
from dagster_project.warehouse.connect import connect

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

MARTS_SCHEMA = "marts"


def _parquet_path(to_dir: Path, table: str) -> Path:
    to_dir.mkdir(parents=True, exist_ok=True)
    return to_dir / f"{table}.parquet"


def export_duckdb_marts(warehouse: Path, to_dir: Path) -> dict[str, int]:
    """Write every table of the DuckDB warehouse's marts schema to `to_dir/<table>.parquet`; rows per table."""
    con = connect(warehouse, read_only=True)
    try:
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables"
                " where table_schema = ? and table_type = 'BASE TABLE' order by table_name",
                [MARTS_SCHEMA],
            ).fetchall()
        ]
        written = {}
        for table in tables:
            path = _parquet_path(to_dir, table)
            con.execute(f"copy {MARTS_SCHEMA}.{table} to '{path}' (format parquet)")
            written[table] = _rows(path)
        _remove_others(to_dir, written)
        return written
    finally:
        con.close()


def export_spark_marts(spark: SparkSession, to_dir: Path) -> dict[str, int]:
    """Write every table of the Spark warehouse's marts schema to `to_dir/<table>.parquet` (one file, as
    from DuckDB, not Spark's folder of parts); rows per table."""
    import pyarrow.parquet as pq

    written = {}
    for row in sorted(spark.sql(f"show tables in {MARTS_SCHEMA}").collect(), key=lambda row: row.tableName):
        path = _parquet_path(to_dir, row.tableName)
        pq.write_table(spark.table(f"{MARTS_SCHEMA}.{row.tableName}").toArrow(), path)
        written[row.tableName] = _rows(path)
    _remove_others(to_dir, written)
    return written


def _remove_others(to_dir: Path, written: dict[str, int]) -> None:
    """Remove the files of marts an earlier export left in `to_dir` that this one did not write (a vendor's
    parity marts, after the account changed), so the folder holds the warehouse's marts; a file not named
    for one of the project's marts is not ours, and stays."""
    marts = {path.stem for path in (DBT_PROJECT_DIR / "models" / MARTS_SCHEMA).rglob("*.sql")}
    for path in to_dir.glob("*.parquet"):
        if path.stem in marts and path.stem not in written:
            path.unlink()


def _rows(path: Path) -> int:
    return int(duckdb.sql(f"select count(*) from '{path}'").fetchall()[0][0])
