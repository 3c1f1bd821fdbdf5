"""The DuckDB `raw` schema: one typed table per export table, plus `raw.quarantine`, `raw.load_log` and
the report views of `raw_views`."""

from __future__ import annotations

import duckdb

from dagster_project.ingest.export_format import TABLES, ColumnType, Table
from dagster_project.ingest.latest_rows import LATEST_COLUMN, mark_latest
from dagster_project.ingest.raw_views import create_raw_views
from dagster_project.ingest.sql import quote_identifier

RAW_SCHEMA = "raw"

RAW_TYPES: dict[ColumnType, str] = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "enum": "VARCHAR",
    "timestamp": "TIMESTAMPTZ",
    "boolean": "BOOLEAN",
    "integer": "INTEGER",
}

# The columns of a row that the spec does not know, as a JSON object (NULL when the file has none): kept,
# not dropped, so nothing delivered is lost.
EXTRA_COLUMN = ("_extra", "JSON")

# Lineage of every raw row, so the latest delivery of a key can be found and people can find the source;
# then whether the row is its key's latest (`latest_rows`), the row staging keeps.
LINEAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_delivery", "VARCHAR"),
    ("_source_file", "VARCHAR"),
    ("_row_number", "BIGINT"),
    ("_loaded_at", "TIMESTAMPTZ"),
    LATEST_COLUMN,
)

QUARANTINE_DDL = """
CREATE TABLE IF NOT EXISTS raw.quarantine (
    table_name VARCHAR,
    delivery VARCHAR,
    source_file VARCHAR,
    row_number BIGINT,
    column_name VARCHAR,
    reason VARCHAR,
    raw_row JSON,
    quarantined_at TIMESTAMPTZ
)
"""

LOAD_LOG_DDL = """
CREATE TABLE IF NOT EXISTS raw.load_log (
    table_name VARCHAR,
    delivery VARCHAR,
    source_file VARCHAR,
    rows_read BIGINT,
    rows_loaded BIGINT,
    rows_quarantined BIGINT,
    loaded_at TIMESTAMPTZ,
    CHECK (rows_read = rows_loaded + rows_quarantined)
)
"""


def raw_table_name(table: str) -> str:
    return f"{RAW_SCHEMA}.{quote_identifier(table)}"


def raw_table_ddl(table: Table, *, replace: bool, keep_extra: bool = False) -> str:
    """The table's DDL: its columns, `_extra` when `keep_extra` (the export tables), then the lineage."""
    extra = [EXTRA_COLUMN] if keep_extra else []
    columns = [(c.name, RAW_TYPES[c.type]) for c in table.columns] + extra + list(LINEAGE_COLUMNS)
    body = ",\n    ".join(f"{quote_identifier(name)} {sql_type}" for name, sql_type in columns)
    create = "CREATE OR REPLACE TABLE" if replace else "CREATE TABLE IF NOT EXISTS"
    return f"{create} {raw_table_name(table.name)} (\n    {body}\n)"


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema, an empty table per export table, `raw.quarantine` and `raw.load_log`
    where they are missing, so dbt sources resolve even before the first delivery arrives; and the
    report views. Call outside a transaction."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}")
    for table in TABLES.values():
        con.execute(raw_table_ddl(table, replace=False, keep_extra=True))
        _add_latest_flag(con, table)
    con.execute(QUARANTINE_DDL)
    con.execute(LOAD_LOG_DDL)
    create_raw_views(con)


def _add_latest_flag(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """Give a raw table loaded before `_is_latest` existed the flag, computed for every row: a refresh that
    starts from the published warehouse keeps its raw tables across a change of the ingest code."""
    found = con.execute(
        """
        SELECT count(*) FROM duckdb_columns()
        WHERE schema_name = $schema AND table_name = $table AND column_name = $column
        """,
        {"schema": RAW_SCHEMA, "table": table.name, "column": LATEST_COLUMN[0]},
    ).fetchall()
    if found[0][0]:
        return
    relation = raw_table_name(table.name)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"ALTER TABLE {relation} ADD COLUMN {quote_identifier(LATEST_COLUMN[0])} {LATEST_COLUMN[1]}")
        mark_latest(con, table, relation, None)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
