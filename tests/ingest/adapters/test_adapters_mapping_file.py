"""The YAML mapping adapter: the worked Freshdesk example (tests/fixtures/freshdesk), a timestamp format
with a time zone, and mapping files that are wrong."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from dagster_project.ingest import IngestError, discover_deliveries, load_table
from dagster_project.ingest.adapters.adapted_delivery import read_accounts

DELIVERY = "2024-06-14-freshdesk"


@pytest.fixture
def freshdesk(con, raw_dir, copy_fixture):  # noqa: ANN001, ANN201
    copy_fixture(f"freshdesk/{DELIVERY}")
    return {table: load_table(con, raw_dir, table) for table in ("tickets", "messages", "ticket_events")}


def test_freshdesk_tickets_map_channel_and_status_and_read_local_times(con, freshdesk) -> None:  # noqa: ANN001
    # the export's times are New York wall-clock times (EDT, UTC-4)
    assert con.execute(
        "SELECT ticket_id, created_at, channel, status, team_id, assignee_id FROM raw.tickets ORDER BY ticket_id"
    ).fetchall() == [
        ("7001", _utc("2024-06-10 13:00"), "email", "closed", "Billing", "Maria Silva"),
        ("7002", _utc("2024-06-11 18:00"), "web", "solved", "Support", "Ravi Shah"),
        ("7003", _utc("2024-06-12 14:00"), "email", "pending", "Support", "Ravi Shah"),
    ]


def test_a_custom_status_the_mapping_does_not_list_is_quarantined(con, freshdesk) -> None:  # noqa: ANN001
    rows = con.execute("SELECT table_name, row_number, column_name, reason, raw_row FROM raw.quarantine").fetchall()
    assert [row[:4] for row in rows] == [
        ("tickets", 4, "status", "status: 'Escalated' is not one of new, open, pending, on_hold, solved, closed")
    ]
    assert json.loads(rows[0][4])["source_file"] == f"{DELIVERY}/tickets.csv"


def test_descriptions_and_conversations_are_messages(con, freshdesk) -> None:  # noqa: ANN001
    assert con.execute(
        """SELECT message_id, created_at, author_type, is_public FROM raw.messages
        WHERE ticket_id IN ('7001', '7003') ORDER BY created_at"""
    ).fetchall() == [
        ("7001-description", _utc("2024-06-10 13:00"), "customer", True),
        ("43000000101", _utc("2024-06-10 13:40"), "agent", True),
        ("43000000102", _utc("2024-06-10 15:25"), "agent", False),
        ("43000000103", _utc("2024-06-10 15:28"), "customer", True),
        # an outbound email's description is the agent's
        ("7003-description", _utc("2024-06-12 14:00"), "agent", True),
    ]


def test_resolved_and_closed_times_become_status_changes(con, raw_dir, freshdesk) -> None:  # noqa: ANN001
    assert con.execute(
        "SELECT event_id, ticket_id, occurred_at, field, new_value FROM raw.ticket_events ORDER BY event_id"
    ).fetchall() == [
        ("7001:event:1", "7001", _utc("2024-06-10 15:30"), "status", "solved"),
        ("7001:event:2", "7001", _utc("2024-06-12 15:30"), "status", "closed"),
        ("7002:event:1", "7002", _utc("2024-06-11 18:20"), "status", "solved"),
    ]
    (events,) = [a for a in read_accounts(raw_dir / DELIVERY) if a.table == "ticket_events"]
    assert (events.rows_read, events.rows_mapped, events.rows_skipped, events.rows_written) == (4, 2, 2, 3)


def test_a_timestamp_format_is_read_in_the_mappings_time_zone(con, raw_dir, deliver) -> None:  # noqa: ANN001
    deliver("2024-01-05", "manifest.json", json.dumps({"source": "mapping:desk.yml"}))
    deliver(
        "2024-01-05",
        "desk.yml",
        "timestamps: {format: '%d/%m/%Y %H:%M', timezone: Europe/Berlin}",
        "tables:",
        "  tickets:",
        "    file: cases",
        "    columns: {ticket_id: Case No, created_at: Opened, channel: Origin}",
        "    values: {channel: {E-Mail: email}}",
    )
    deliver("2024-01-05", "cases.csv", "Case No,Opened,Origin", "C1,04/01/2024 09:30,E-Mail", "C2,31/02/2024 09:30,Web")
    load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT ticket_id, created_at, channel FROM raw.tickets").fetchall() == [
        ("C1", _utc("2024-01-04 08:30"), "email")
    ]
    assert con.execute("SELECT row_number, reason FROM raw.quarantine").fetchall() == [
        (2, "created_at: '31/02/2024 09:30' is not a timestamp")
    ]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("tables: {tickets: {file: t, colums: {}}}", "desk.yml: tables.tickets: unknown key 'colums'"),
        (
            "tables: {tickets: {file: t, columns: {ticket_id: Id, created_at: Opened}}}",
            "desk.yml: tables.tickets.columns: no source column for required column 'channel'",
        ),
        ("tables: {cases: {file: t, columns: {}}}", "desk.yml: tables: unknown key 'cases'"),
        ("tables: [", "desk.yml: cannot be read as YAML: while parsing a flow node"),
    ],
)
def test_a_wrong_mapping_stops_the_run_naming_the_key(raw_dir, deliver, mapping, message) -> None:  # noqa: ANN001
    deliver("2024-01-05", "manifest.json", json.dumps({"source": "mapping:desk.yml"}))
    deliver("2024-01-05", "desk.yml", mapping)
    with pytest.raises(IngestError) as error:
        discover_deliveries(raw_dir)
    assert str(error.value).startswith(message)


def test_a_mapping_that_is_not_there_is_named(raw_dir, deliver) -> None:  # noqa: ANN001
    deliver("2024-01-05", "manifest.json", json.dumps({"source": "mapping:zoho.yml"}))
    with pytest.raises(IngestError) as error:
        discover_deliveries(raw_dir)
    assert str(error.value) == "2024-01-05/manifest.json: mapping file 'zoho.yml' not found in the delivery or built in"


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
