"""The keys a load touches: those of every raw row it deletes or inserts, noted in a temp table while the
load runs, so the rows that depend on them (the latest row of each key, the tickets of those rows) are
recomputed for those keys only."""

from __future__ import annotations

import duckdb

from dagster_project.ingest.export_format import Table
from dagster_project.ingest.raw_schema import raw_table_name
from dagster_project.ingest.sql import quote_identifier

TOUCHED_KEYS = "_ingest_touched_keys"


def start_tracking(con: duckdb.DuckDBPyConnection, spec: Table) -> None:
    columns = ", ".join(quote_identifier(c) for c in _tracked_columns(spec))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {TOUCHED_KEYS} AS SELECT {columns} FROM {raw_table_name(spec.name)} LIMIT 0"
    )


def track_file_rows(con: duckdb.DuckDBPyConnection, spec: Table, source_file: str) -> None:
    """Note the keys (and tickets) of the raw rows `source_file` holds now (call before deleting or after
    inserting them)."""
    columns = ", ".join(quote_identifier(c) for c in _tracked_columns(spec))
    con.execute(
        f"""
        INSERT INTO {TOUCHED_KEYS}
        SELECT {columns} FROM {raw_table_name(spec.name)} WHERE _source_file = $source_file
        """,
        {"source_file": source_file},
    )


def stop_tracking(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"DROP TABLE IF EXISTS {TOUCHED_KEYS}")


def _tracked_columns(spec: Table) -> list[str]:
    # The ticket of a deleted row is gone from the raw table once the row is: it is noted with the key.
    ticket = ["ticket_id"] if "ticket_id" in spec.column_names else []
    return list(dict.fromkeys([*spec.key, *ticket]))
