"""The generated Zendesk account (tools/demo/zendesk.py): the fixture itself at 2,000 tickets; at any other
size unique keys, resolving foreign keys, the counts asked for, each copy's tickets living exactly the
fixture's lives; and a canonical delivery of the same tickets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dagster_project.ingest.adapters.zendesk_account import ACCOUNT_TABLES
from dagster_project.ingest.export_format import TABLES
from dagster_project.ingest.sql import quote_identifier
from dagster_project.tools.demo.zendesk import TEMPLATE_DIR, generate_zendesk_account, write_canonical_delivery
from dagster_project.warehouse import connect

TICKETS = 4_500  # two whole copies of the 2,000-ticket fixture and the first 500 of a third
DELIVERY = "2024-06-16"
SYNCED_AT = "2024-06-16 00:00:00"
# Foreign key -> the key it names (the system user -1 writes automations' field changes).
FOREIGN_KEYS = {
    ("ticket_comment", "ticket_id"): ("ticket", "id"),
    ("ticket_comment", "user_id"): ("user", "id"),
    ("ticket_field_history", "ticket_id"): ("ticket", "id"),
    ("ticket_field_history", "user_id"): ("user", "id"),
    ("ticket", "problem_id"): ("ticket", "id"),
    ("ticket", "requester_id"): ("user", "id"),
    ("ticket", "submitter_id"): ("user", "id"),
    ("ticket", "assignee_id"): ("user", "id"),
    ("ticket", "group_id"): ("group", "id"),
    ("ticket", "organization_id"): ("organization", "id"),
    ("ticket", "brand_id"): ("brand", "id"),
    ("ticket", "ticket_form_id"): ("ticket_form_history", "id"),
    ("ticket_tag", "ticket_id"): ("ticket", "id"),
    ("ticket_schedule", "ticket_id"): ("ticket", "id"),
    ("ticket_schedule", "schedule_id"): ("schedule", "id"),
    ("ticket_sla_policy", "ticket_id"): ("ticket", "id"),
    ("ticket_sla_policy", "sla_policy_id"): ("sla_policy_metric_history", "sla_policy_id"),
    ("user", "organization_id"): ("organization", "id"),
    ("user_tag", "user_id"): ("user", "id"),
}
# Per table, its instant relative to its ticket's creation (the lives the copies must keep).
LIVES = {
    "ticket_comment": "created",
    "ticket_field_history": "updated",
    "ticket_schedule": "created_at",
    "ticket_sla_policy": "policy_applied_at",
}


def _load(con: duckdb.DuckDBPyConnection, schema: str, folder: Path, suffix: str) -> None:
    con.execute(f"CREATE SCHEMA {schema}")
    for path in sorted(folder.glob(f"*{suffix}")):
        con.execute(
            f"CREATE TABLE {schema}.{quote_identifier(path.name.removesuffix(suffix))} AS"
            " SELECT * FROM read_csv($path, all_varchar = true, header = true)",
            {"path": str(path)},
        )


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, duckdb.DuckDBPyConnection, dict]]:
    root = tmp_path_factory.mktemp("zendesk_account")
    counts = generate_zendesk_account(root / "zendesk" / DELIVERY, tickets=TICKETS, seed=3)
    canonical_counts = write_canonical_delivery(root / "zendesk", root / "canonical" / DELIVERY)
    con = connect(":memory:")
    _load(con, "fixture", TEMPLATE_DIR, ".csv.gz")
    _load(con, "account", root / "zendesk" / DELIVERY, ".csv")
    _load(con, "canonical", root / "canonical" / DELIVERY, ".csv")
    yield root, con, {"zendesk": counts, "canonical": canonical_counts}
    con.close()


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(sql).fetchall()[0][0]


def test_at_the_fixtures_size_the_account_is_the_fixture(tmp_path: Path) -> None:
    generate_zendesk_account(tmp_path / DELIVERY, tickets=2_000, seed=3)
    with connect(":memory:") as con:
        _load(con, "fixture", TEMPLATE_DIR, ".csv.gz")
        _load(con, "account", tmp_path / DELIVERY, ".csv")
        for table in ACCOUNT_TABLES:
            name = quote_identifier(table)
            for a, b in (("fixture", "account"), ("account", "fixture")):
                assert _count(con, f"SELECT count(*) FROM (FROM {a}.{name} EXCEPT ALL FROM {b}.{name})") == 0, table
    assert (tmp_path / DELIVERY / "manifest.json").read_text() == (TEMPLATE_DIR / "manifest.json").read_text()


def test_counts_are_the_tickets_asked_for_and_their_rows(account) -> None:
    _, con, counts = account
    assert counts["zendesk"]["ticket"] == TICKETS
    for table, rows in counts["zendesk"].items():
        assert _count(con, f"SELECT count(*) FROM account.{quote_identifier(table)}") == rows, table
    # Per-ticket tables: two whole copies of the fixture's rows and the rows of its first 500 tickets.
    for table, column in [("ticket_comment", "ticket_id"), ("ticket_field_history", "ticket_id"),
                          ("ticket_tag", "ticket_id"), ("ticket_schedule", "ticket_id")]:
        whole = _count(con, f"SELECT count(*) FROM fixture.{table}")
        first = _count(con, f"SELECT count(*) FROM fixture.{table} WHERE {column}::BIGINT <= 500")
        assert counts["zendesk"][table] == 2 * whole + first, table
    # Staff once, each copy its own requesters; configuration once.
    staff = _count(con, "SELECT count(*) FROM fixture.user WHERE role IN ('agent', 'admin')")
    customers = _count(con, "SELECT count(*) FROM fixture.user") - staff
    assert counts["zendesk"]["user"] == staff + 3 * customers
    for table in ("group", "brand", "schedule", "schedule_holiday", "sla_policy_metric_history", "organization"):
        assert counts["zendesk"][table] == _count(con, f"SELECT count(*) FROM fixture.{quote_identifier(table)}")


def test_every_key_is_unique_and_every_foreign_key_resolves(account) -> None:
    _, con, _ = account
    for table, spec in ACCOUNT_TABLES.items():
        key = ", ".join(quote_identifier(c) for c in spec.key)
        name = quote_identifier(table)
        duplicated = _count(con, f"SELECT count(*) FROM (SELECT {key} FROM account.{name} GROUP BY ALL HAVING count(*) > 1)")
        assert duplicated == 0, table
    for (table, column), (target, key) in FOREIGN_KEYS.items():
        dangling = _count(
            con,
            f"SELECT count(*) FROM account.{quote_identifier(table)} f WHERE f.{column} IS NOT NULL AND f.{column} != '-1'"
            f" AND f.{column} NOT IN (SELECT {key} FROM account.{quote_identifier(target)})",
        )
        assert dangling == 0, (table, column)
    assert _count(con, "SELECT count(*) FROM account.ticket_field_history WHERE field_name = 'assignee_id'"
                       " AND value NOT IN (SELECT id FROM account.user WHERE role IN ('agent', 'admin'))") == 0


def test_each_copy_lives_the_fixtures_lives_before_the_sync(account) -> None:
    _, con, _ = account
    # Ticket n of the account is ticket ((n - 1) % 2000) + 1 of the fixture, moved back by whole minutes.
    template = "((t.id::BIGINT - 1) % 2000 + 1)::VARCHAR"
    con.execute(f"CREATE TEMP VIEW pairs AS SELECT t.*, f.created_at AS fixture_created_at FROM account.ticket t"
                f" JOIN fixture.ticket f ON f.id = {template}")
    assert _count(con, "SELECT count(*) FROM pairs WHERE (created_at::TIMESTAMP - fixture_created_at::TIMESTAMP)"
                       " NOT BETWEEN to_minutes(-59) AND to_minutes(0)"
                       " OR second(created_at::TIMESTAMP) != second(fixture_created_at::TIMESTAMP)") == 0
    for column in ("status", "priority", "via_channel", "group_id", "subject"):
        assert _count(con, f"SELECT count(*) FROM pairs p JOIN fixture.ticket f ON f.id = {template.replace('t.', 'p.')}"
                           f" WHERE p.{column} IS DISTINCT FROM f.{column}") == 0, column
    for table, instant in LIVES.items():
        lives = (
            f"SELECT {{ticket}} AS ticket, r.{instant}::TIMESTAMP - t.created_at::TIMESTAMP AS since_created"
            f" FROM {{schema}}.{table} r JOIN {{schema}}.ticket t ON t.id = r.ticket_id"
        )
        account_lives = lives.format(ticket=template, schema="account")
        fixture_lives = lives.format(ticket="t.id", schema="fixture")
        differing = _count(con, f"SELECT count(*) FROM (({account_lives}) EXCEPT ({fixture_lives}))")
        assert differing == 0, table
    for table, instant in (*LIVES.items(), ("ticket", "created_at"), ("ticket", "updated_at")):
        assert _count(con, f"SELECT count(*) FROM account.{table} WHERE {instant} > '{SYNCED_AT}'") == 0, table


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generate_zendesk_account(tmp_path / name, tickets=2_100, seed=seed)
    ticket = "ticket_comment.csv"
    assert (tmp_path / "a" / ticket).read_bytes() == (tmp_path / "b" / ticket).read_bytes()
    assert (tmp_path / "a" / ticket).read_bytes() != (tmp_path / "c" / ticket).read_bytes()


def test_the_canonical_delivery_holds_the_same_tickets(account) -> None:
    root, con, counts = account
    assert set(counts["canonical"]) == set(TABLES)
    assert counts["canonical"]["tickets"] == TICKETS
    assert counts["canonical"]["messages"] == counts["zendesk"]["ticket_comment"]
    assert counts["canonical"]["ticket_events"] == counts["zendesk"]["ticket_field_history"]
    assert _count(con, "SELECT count(*) FROM (SELECT ticket_id FROM canonical.tickets EXCEPT ALL"
                       " SELECT id FROM account.ticket)") == 0
    assert _count(con, "SELECT count(*) FROM (SELECT message_id, ticket_id, created_at FROM canonical.messages"
                       " EXCEPT ALL SELECT id, ticket_id, created FROM account.ticket_comment)") == 0
    # The conversion is gone, so the Zendesk account's next refresh converts it itself.
    assert not (root / "zendesk" / DELIVERY / ".canonical").exists()
    assert (root / "canonical" / DELIVERY / "manifest.json").read_text() == '{"exported_at": "2024-06-16T00:00:00+00:00"}\n'
