"""`meta.changed_tickets`: the tickets whose raw rows a load inserted or deleted, waiting for the next dbt
build to recompute them (the scope model `int_tickets_in_scope` takes them and empties the table).

A row also changes the ticket of every other row with the same key: staging keeps one row per key (the
latest delivery's), so a new or removed row can hand a message or event over from one ticket to another.
"""

from __future__ import annotations

import duckdb

from dagster_project.export_format import Table
from dagster_project.ingest.raw_schema import raw_table_name
from dagster_project.ingest.sql import quote_identifier

CHANGED_TICKETS_DDL = """
CREATE TABLE IF NOT EXISTS meta.changed_tickets (
    ticket_id VARCHAR,
    table_name VARCHAR,
    changed_at TIMESTAMPTZ
)
"""

_TOUCHED = "_ingest_touched_keys"


def ensure_changed_tickets_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(CHANGED_TICKETS_DDL)


def tracks_tickets(spec: Table) -> bool:
    """Whether the table's rows belong to tickets. Agents and teams only feed the aggregates, which every
    build recomputes from the facts."""
    return "ticket_id" in spec.column_names


def start_tracking(con: duckdb.DuckDBPyConnection, spec: Table) -> None:
    columns = ", ".join(quote_identifier(c) for c in _tracked_columns(spec))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {_TOUCHED} AS SELECT {columns} FROM {raw_table_name(spec.name)} LIMIT 0")


def track_file_rows(con: duckdb.DuckDBPyConnection, spec: Table, source_file: str) -> None:
    """Note the keys and tickets of the raw rows `source_file` holds now (call before deleting or after
    inserting them)."""
    columns = ", ".join(quote_identifier(c) for c in _tracked_columns(spec))
    con.execute(
        f"INSERT INTO {_TOUCHED} SELECT {columns} FROM {raw_table_name(spec.name)} WHERE _source_file = $source_file",
        {"source_file": source_file},
    )


def record_changed_tickets(con: duckdb.DuckDBPyConnection, spec: Table) -> int:
    """Once the raw table holds its new rows: record the tickets of the noted rows and of every row that
    shares a key with them; return how many tickets were recorded."""
    keys = ", ".join(quote_identifier(k) for k in spec.key)
    inserted = con.execute(
        f"""
        INSERT INTO meta.changed_tickets
        SELECT ticket_id, $table, now()
        FROM (
            SELECT ticket_id FROM {_TOUCHED}
            UNION
            SELECT raw.ticket_id FROM {raw_table_name(spec.name)} AS raw SEMI JOIN {_TOUCHED} USING ({keys})
        )
        """,
        {"table": spec.name},
    ).fetchall()
    con.execute(f"DROP TABLE {_TOUCHED}")
    return int(inserted[0][0])


def _tracked_columns(spec: Table) -> list[str]:
    return list(dict.fromkeys([*spec.key, "ticket_id"]))
