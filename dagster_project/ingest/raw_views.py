"""Views over the raw tables for rows that load but deserve a look: keys delivered more than once, and
rows that refer to a ticket no delivery holds. Views, so they are always current and cost nothing at load."""

from __future__ import annotations

import duckdb

from dagster_project.ingest.export_format import TABLES, Table
from dagster_project.ingest.sql import quote_identifier
from dagster_project.warehouse import scalar

KEY_CONFLICTS = "raw.key_conflicts"
UNKNOWN_TICKET_REFERENCES = "raw.unknown_ticket_references"
# The tables whose rows belong to a ticket.
TICKET_CHILD_TABLES = tuple(
    t.name for t in TABLES.values() if t.name != "tickets" and "ticket_id" in t.column_names
)


def create_raw_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the report views; the raw tables must exist."""
    con.execute(
        f"CREATE OR REPLACE VIEW {KEY_CONFLICTS} AS " + " UNION ALL ".join(map(_key_conflicts, TABLES.values()))
    )
    con.execute(
        f"CREATE OR REPLACE VIEW {UNKNOWN_TICKET_REFERENCES} AS "
        + " UNION ALL ".join(map(_unknown_ticket_references, TICKET_CHILD_TABLES))
    )


def key_conflict_counts(con: duckdb.DuckDBPyConnection, table: str, repeated: int | None = None) -> tuple[int, int]:
    """For `table`: how many keys some file holds more than once, and how many keys several deliveries hold.
    `repeated`: how many keys the raw table holds more than once, when the caller has just counted them."""
    keys = _key_columns(TABLES[table])
    relation = f"raw.{quote_identifier(table)}"
    if repeated is None:
        # Usually no key repeats at all; finding that out is a single cheap grouping.
        repeated = int(
            scalar(con, f"SELECT count(*) FROM (SELECT {keys} FROM {relation} GROUP BY ALL HAVING count(*) > 1)")  # type: ignore[arg-type]
        )
    if repeated == 0:
        return 0, 0
    rows = con.execute(
        f"""
        SELECT count(*) FILTER (WHERE repeated_in_a_file), count(*) FILTER (WHERE delivery_count > 1)
        FROM {KEY_CONFLICTS} WHERE table_name = $table
        """,
        {"table": table},
    ).fetchall()
    return rows[0]


def unknown_ticket_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table (messages, ticket_events, satisfaction_ratings) whose ticket is in no delivery."""
    found = dict(
        con.execute(f"SELECT table_name, sum(row_count) FROM {UNKNOWN_TICKET_REFERENCES} GROUP BY ALL").fetchall()
    )
    return {table: int(found.get(table, 0)) for table in TICKET_CHILD_TABLES}


def _key_conflicts(table: Table) -> str:
    """One row per key of `table` delivered more than once: staging keeps the row of the latest delivery
    (and within one file, its last row). A delivery has one file per table, so files are deliveries."""
    keys = [quote_identifier(k) for k in table.key]
    key_value = keys[0]
    if len(keys) > 1:
        key_value = "concat_ws(' | ', " + ", ".join(f"CAST({k} AS VARCHAR)" for k in keys) + ")"
    return f"""
        SELECT '{table.name}' AS table_name, {key_value} AS key_value, sum(rows_in_file) AS row_count,
               count(*) AS delivery_count, max(rows_in_file) > 1 AS repeated_in_a_file,
               max(_delivery) AS latest_delivery
        FROM (
            SELECT {_key_columns(table)}, _delivery, count(*) AS rows_in_file
            FROM raw.{quote_identifier(table.name)}
            GROUP BY ALL
        )
        GROUP BY {", ".join(keys)}
        HAVING sum(rows_in_file) > 1
    """


def _key_columns(table: Table) -> str:
    return ", ".join(quote_identifier(k) for k in table.key)


def _unknown_ticket_references(table: str) -> str:
    return f"""
        SELECT '{table}' AS table_name, child.ticket_id, count(*) AS row_count
        FROM raw.{quote_identifier(table)} AS child
        ANTI JOIN raw.tickets AS ticket ON ticket.ticket_id = child.ticket_id
        GROUP BY child.ticket_id
    """
