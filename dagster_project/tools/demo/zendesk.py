"""A generated Zendesk account of any size in the Fivetran schema, and the canonical delivery of its tickets,
for the bench (`bench --zendesk`, docs/performance.md).

The account is the parity fixture's (tests/fixtures/zendesk_parity/input: 2,000 tickets that exercise
schedules, holidays, SLA policies, reopens, deletions, ...) copied as many times as the size needs. Copy k
moves every id of a ticket and of what hangs off it (comments, field history, tags, schedule and SLA rows,
the requesters and their tags) by k times the id span of its table, and every instant of those rows back
by a whole number of minutes drawn from the seed (copy 0 is the fixture itself). The account's
configuration (agents, groups, brands, organizations, forms, schedules, holidays, SLA policies, zones) is
delivered once and shared, so every copy's foreign keys resolve, its schedule rows stay 0–5 s after its
ticket's creation, and no instant moves past the sync. The last copy takes the first tickets of the
fixture (by id) to reach the size.

The canonical delivery is the Fivetran adapter's own conversion of that account, so both refreshes
measure the same tickets.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from dagster_project.ingest import discover_deliveries
from dagster_project.ingest.adapters.canonical_output import canonical_folder
from dagster_project.ingest.export_format import MANIFEST_FILE
from dagster_project.ingest.sql import quote_identifier
from dagster_project.settings import PROJECT_ROOT
from dagster_project.warehouse import connect, scalar

# The repository's one copy of the parity fixture (the Zendesk parity tests read it too).
TEMPLATE_DIR = PROJECT_ROOT / "tests" / "fixtures" / "zendesk_parity" / "input"
# Copies move back by up to an hour: the agents' open hours, holidays and policy revisions stay as the
# fixture exercises them, and whole minutes keep Zendesk's minute-boundary counts.
MAX_SHIFT_MINUTES = 60
STAFF_ROLES = ("agent", "admin")
_TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class Copied:
    """A table delivered once per copy: how each changed column is rewritten (the others are kept).

    Roles: `ticket`, `comment` (ids moved by their table's span), `user` (a requester's id moved, a staff
    id kept), `instant` (moved back by the copy's minutes), `mentions:<col>` (the text with `<col>`'s
    template value replaced by its new value: emails and addresses that spell a user id),
    `api_url:<col>` (an API url ending in `<col>`'s id)."""

    columns: dict[str, str]
    # The column naming the row's ticket (the last copy keeps only the tickets it needs), if any.
    ticket_column: str | None = None
    # Only these rows are copied; the rest (the account's staff) is delivered once.
    where: str = "true"


_CUSTOMERS = f"coalesce(lower(role), '') NOT IN {STAFF_ROLES}"
_COPIED: dict[str, Copied] = {
    "ticket": Copied(
        {
            "id": "ticket", "problem_id": "ticket", "requester_id": "user", "submitter_id": "user",
            "assignee_id": "user", "created_at": "instant", "updated_at": "instant", "due_at": "instant",
            "url": "api_url:id", "via_source_from_address": "mentions:requester_id",
        },
        ticket_column="id",
    ),
    "ticket_comment": Copied(
        {"id": "comment", "ticket_id": "ticket", "user_id": "user", "created": "instant"}, ticket_column="ticket_id"
    ),
    "ticket_field_history": Copied(
        {"ticket_id": "ticket", "user_id": "user", "updated": "instant"}, ticket_column="ticket_id"
    ),
    "ticket_tag": Copied({"ticket_id": "ticket"}, ticket_column="ticket_id"),
    "ticket_schedule": Copied({"ticket_id": "ticket", "created_at": "instant"}, ticket_column="ticket_id"),
    "ticket_sla_policy": Copied({"ticket_id": "ticket", "policy_applied_at": "instant"}, ticket_column="ticket_id"),
    "user": Copied(
        {
            "id": "user", "created_at": "instant", "updated_at": "instant", "last_login_at": "instant",
            "email": "mentions:id", "url": "api_url:id",
        },
        where=_CUSTOMERS,
    ),
    "user_tag": Copied({"user_id": "user"}, where="user_id IN (SELECT id FROM zendesk_customers)"),
}
# The id spans copies move by: the table and column whose ids a role names.
_SPANS = {"ticket": ("ticket", "id"), "comment": ("ticket_comment", "id"), "user": ("zendesk_customers", "id")}


def generate_zendesk_account(out_dir: Path, *, tickets: int, seed: int = 42) -> dict[str, int]:
    """Write the Fivetran delivery folder `out_dir` (one CSV per table and the fixture's manifest, source
    `zendesk_fivetran`) of an account of `tickets` tickets; the rows written per table."""
    if tickets < 1:
        raise ValueError(f"tickets must be at least 1, got {tickets}")
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATE_DIR / MANIFEST_FILE, out_dir / MANIFEST_FILE)
    with connect(":memory:") as con:
        tables = _read_template(con)
        template_tickets = int(scalar(con, "SELECT count(*) FROM ticket"))  # type: ignore[arg-type]
        _create_copies(con, tickets, template_tickets, seed)
        counts = {}
        for table in tables:
            counts[table] = _write_table(con, table, out_dir / f"{table}.csv")
    return counts


def write_canonical_delivery(zendesk_raw_dir: Path, out_dir: Path) -> dict[str, int]:
    """Write `out_dir`, a canonical delivery of the tickets of the one Zendesk delivery in `zendesk_raw_dir`:
    the Fivetran adapter's conversion of it, value for value (its lineage columns left out), as CSV with
    the same `exported_at`. The conversion is removed afterwards, so the Zendesk account's next refresh
    converts it again. Returns the rows written per canonical table."""
    (delivery,) = discover_deliveries(zendesk_raw_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = {"exported_at": delivery.manifest.exported_at.isoformat()} if delivery.manifest.exported_at else {}
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest) + "\n", encoding="utf-8")
    counts = {}
    with connect(":memory:") as con:
        for table, path in sorted(delivery.files.items()):
            written = con.execute(
                f"COPY (SELECT * EXCLUDE (source_file, source_row) FROM read_parquet($path) ORDER BY source_row)"
                f" TO '{out_dir / f'{table}.csv'}' (HEADER)",
                {"path": str(path)},
            )
            counts[table] = int(written.fetchall()[0][0])
    shutil.rmtree(canonical_folder(delivery.path))
    return counts


def _read_template(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every fixture table as text (row order kept in `_row`), and the fixture's requesters; the table names."""
    tables = []
    for path in sorted(TEMPLATE_DIR.glob("*.csv.gz")):
        table = path.name.removesuffix(".csv.gz")
        # Text first, nothing cast while reading (DuckDB 2.0 pushes casts into the reader).
        con.execute(
            f"CREATE TEMP TABLE {quote_identifier(table)} AS"
            " SELECT row_number() OVER () AS _row, * FROM read_csv($path, all_varchar = true, header = true)",
            {"path": str(path)},
        )
        tables.append(table)
    con.execute(f'CREATE TEMP TABLE zendesk_customers AS SELECT id FROM "user" WHERE {_CUSTOMERS}')
    return tables


def _create_copies(con: duckdb.DuckDBPyConnection, tickets: int, template_tickets: int, seed: int) -> None:
    """One row per copy: its number, the minutes it moves back, each role's id offset, and how many of the
    fixture's tickets it takes."""
    count = -(-tickets // template_tickets)
    shifts = np.random.default_rng(seed).integers(0, MAX_SHIFT_MINUTES, count)
    shifts[0] = 0
    takes = [template_tickets] * (count - 1) + [tickets - template_tickets * (count - 1)]
    spans = {
        role: int(scalar(con, f"SELECT max({c}::BIGINT) - min({c}::BIGINT) + 1 FROM {table}"))  # type: ignore[arg-type]
        for role, (table, c) in _SPANS.items()
    }
    offsets = ", ".join(f"k * {span} AS {role}_offset" for role, span in spans.items())
    con.execute(
        f"""
        CREATE TEMP TABLE zendesk_copies AS
        SELECT k, to_minutes(shift) AS shift, takes, {offsets}
        FROM (SELECT unnest($k) AS k, unnest($shift) AS shift, unnest($takes) AS takes)
        """,
        {"k": list(range(count)), "shift": [int(s) for s in shifts], "takes": takes},
    )
    # The last copy takes the fixture's first tickets by id.
    con.execute(
        "CREATE TEMP TABLE zendesk_ticket_rank AS"
        " SELECT id, row_number() OVER (ORDER BY id::BIGINT) AS rank FROM ticket"
    )


def _moved(roles: dict[str, str], column: str) -> str:
    """SQL: column `column` of template row `t` as copy `c` has it, by its role in `roles` (none: kept)."""
    value, role = f"t.{quote_identifier(column)}", roles.get(column)
    if role is None:
        return value
    if role in ("ticket", "comment"):
        return f"CAST({value}::BIGINT + c.{role}_offset AS VARCHAR)"
    if role == "user":
        return (
            f"CASE WHEN {value} IN (SELECT id FROM zendesk_customers)"
            f" THEN CAST({value}::BIGINT + c.user_offset AS VARCHAR) ELSE {value} END"
        )
    if role == "instant":
        return f"strftime({value}::TIMESTAMP - c.shift, '{_TIMESTAMP_FORMAT}')"
    kind, _, source = role.partition(":")
    if kind == "mentions":
        return f"replace({value}, t.{quote_identifier(source)}, {_moved(roles, source)})"
    if kind == "api_url":
        return f"regexp_replace({value}, '/[0-9]+\\.json$', '/' || {_moved(roles, source)} || '.json')"
    raise ValueError(f"unknown role {role!r} of {column}")


def _write_table(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> int:
    """Write one table's CSV: a shared table as delivered, a copied one copy after copy (its staff rows
    first, once); the rows written."""
    columns = [
        name
        for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = $t AND column_name != '_row'"
            " ORDER BY column_index",
            {"t": table},
        ).fetchall()
    ]
    relation, kept = quote_identifier(table), ", ".join(f"t.{quote_identifier(c)}" for c in columns)
    copied = _COPIED.get(table)
    if copied is None:
        select = f"SELECT {kept} FROM {relation} t ORDER BY t._row"
    else:
        values = ", ".join(
            f"{_moved(copied.columns, c)} AS {quote_identifier(c)}" for c in columns
        )
        taken = "true"
        if copied.ticket_column:
            relation += f" t JOIN zendesk_ticket_rank r ON r.id = t.{quote_identifier(copied.ticket_column)}"
            taken = "r.rank <= c.takes"
        else:
            relation += " t"
        select = f"""
            SELECT * EXCLUDE (_copy, _row) FROM (
                SELECT {kept}, -1 AS _copy, t._row FROM {quote_identifier(table)} t WHERE NOT ({copied.where})
                UNION ALL
                SELECT {values}, c.k AS _copy, t._row FROM {relation}, zendesk_copies c
                WHERE ({copied.where}) AND {taken}
            )
            ORDER BY _copy, _row
        """
    return int(con.execute(f"COPY ({select}) TO '{path}' (HEADER)").fetchall()[0][0])
