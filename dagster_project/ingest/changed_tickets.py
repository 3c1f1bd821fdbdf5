"""`meta.changed_tickets`: the tickets whose raw rows a load inserted or deleted, waiting for the next dbt
build to recompute them (the scope model `int_tickets_in_scope` takes them and empties the table).

A row also changes the ticket of every other row with the same key: staging keeps one row per key (the
latest delivery's), so a new or removed row can hand a message or event over from one ticket to another.
"""

from __future__ import annotations

import duckdb

from dagster_project.ingest.export_format import Table
from dagster_project.ingest.raw_schema import raw_table_name
from dagster_project.ingest.sql import quote_identifier
from dagster_project.ingest.touched_keys import TOUCHED_KEYS

CHANGED_TICKETS_DDL = """
CREATE TABLE IF NOT EXISTS meta.changed_tickets (
    ticket_id VARCHAR,
    table_name VARCHAR,
    changed_at TIMESTAMPTZ
)
"""


def ensure_changed_tickets_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(CHANGED_TICKETS_DDL)


def tracks_tickets(spec: Table) -> bool:
    """Whether the table's rows belong to tickets. Agents and teams only feed the aggregates, which every
    build recomputes from the facts."""
    return "ticket_id" in spec.column_names


def record_changed_tickets(con: duckdb.DuckDBPyConnection, spec: Table, *, first_load: bool = False) -> int:
    """Once the raw table holds its new rows: record the tickets of the touched rows (`touched_keys`) and
    of every row that shares a key with them; return how many tickets were recorded. On a `first_load`
    (the raw table was empty) every raw row is a new row, so its tickets are those of the table, and
    `touched_keys` is not read (the loader does not fill it)."""
    keys = ", ".join(quote_identifier(k) for k in spec.key)
    raw = raw_table_name(spec.name)
    tickets = (
        f"SELECT DISTINCT ticket_id FROM {raw}"
        if first_load
        else f"""SELECT ticket_id FROM {TOUCHED_KEYS}
            UNION
            SELECT raw.ticket_id FROM {raw} AS raw SEMI JOIN {TOUCHED_KEYS} USING ({keys})"""
    )
    inserted = con.execute(
        f"INSERT INTO meta.changed_tickets SELECT ticket_id, $table, now() FROM ({tickets})",
        {"table": spec.name},
    ).fetchall()
    return int(inserted[0][0])
