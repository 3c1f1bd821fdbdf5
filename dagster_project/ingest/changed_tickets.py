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
    (the raw table was empty) every raw row is a touched row, so the rows sharing their keys add no ticket
    and are not looked up (at 100,000 Zendesk tickets, a join of 1.5 M field changes with themselves)."""
    keys = ", ".join(quote_identifier(k) for k in spec.key)
    sharing_a_key = (
        ""
        if first_load
        else f"UNION SELECT raw.ticket_id FROM {raw_table_name(spec.name)} AS raw SEMI JOIN {TOUCHED_KEYS} USING ({keys})"
    )
    inserted = con.execute(
        f"""
        INSERT INTO meta.changed_tickets
        SELECT ticket_id, $table, now()
        FROM (SELECT DISTINCT ticket_id FROM {TOUCHED_KEYS} {sharing_a_key})
        """,
        {"table": spec.name},
    ).fetchall()
    return int(inserted[0][0])
