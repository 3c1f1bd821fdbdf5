"""Nested exports in a mapping file: a list exploded into rows (with the parent's id and the element's
position), dotted paths into nested objects, a date and a time combined, epoch seconds and milliseconds;
bad elements and lines quarantined, and every source row accounted for."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from dagster_project.ingest import IngestError, discover_deliveries, load_table
from dagster_project.ingest.adapters.adapted_delivery import read_accounts

MAPPING = """
tables:
  tickets:
    file: conversations
    columns:
      ticket_id: id
      created_at: {field: created, epoch: seconds}
      channel: source.channel
      team_id: routing.team.id
  messages:
    file: conversations
    explode: thread.messages
    columns:
      ticket_id: id
      created_at: {field: "@item.sent_ms", epoch: milliseconds}
      author_type: "@item.from.kind"
      author_id: "@item.from.id"
      is_public: "@item.public"
    templates:
      message_id: "{id}-{@position}"
    values:
      author_type: {staff: agent, client: customer}
  ticket_events:
    file: conversations
    explode: thread.messages
    columns:
      ticket_id: id
    events:
      - {at: {field: "@item.closed_at", epoch: seconds}, field: status, value: solved}
"""

CONVERSATIONS = [
    {
        "id": 11,
        "created": 1718010000,
        "source": {"channel": "chat"},
        "routing": {"team": {"id": "T1", "name": "Tier 1"}},
        "unknown_field": {"deep": [1, 2]},
        "thread": {
            "messages": [
                {"sent_ms": 1718010000000, "from": {"kind": "client", "id": "c1"}, "public": True},
                {"sent_ms": 1718010300500, "from": {"kind": "staff", "id": "a1"}, "public": True},
                {"sent_ms": 1718010400000, "from": {"kind": "staff", "id": "a1"}, "public": False,
                 "closed_at": 1718010400},
            ]
        },
    },
    # no messages: the conversation is a ticket, and no message row comes from it
    {"id": 12, "created": 1718020000, "source": {"channel": "email"}, "thread": {"messages": []}},
    # one element whose author kind is no author type of ours
    {
        "id": 13,
        "created": 1718030000,
        "source": {"channel": "email"},
        "thread": {"messages": [{"sent_ms": 1718030000000, "from": {"kind": "robot"}, "public": True}]},
    },
    # no id: the ticket and its message are quarantined, not lost
    {"created": 1718040000, "source": {"channel": "email"}, "thread": {"messages": [{"sent_ms": 1718040000000}]}},
]


@pytest.fixture
def nested(con, raw_dir, deliver):  # noqa: ANN001, ANN201
    deliver("2024-06-10", "manifest.json", json.dumps({"source": "mapping:desk.yml"}))
    deliver("2024-06-10", "desk.yml", MAPPING)
    deliver("2024-06-10", "conversations.jsonl", *map(json.dumps, CONVERSATIONS))
    return {t: load_table(con, raw_dir, t) for t in ("tickets", "messages", "ticket_events")}


def test_dotted_paths_read_nested_objects_and_epoch_seconds(con, nested) -> None:  # noqa: ANN001
    assert con.execute("SELECT ticket_id, created_at, channel, team_id FROM raw.tickets ORDER BY 1").fetchall() == [
        ("11", _utc("2024-06-10 09:00:00"), "chat", "T1"),
        ("12", _utc("2024-06-10 11:46:40"), "email", None),
        ("13", _utc("2024-06-10 14:33:20"), "email", None),
    ]


def test_a_list_becomes_one_row_per_element_with_its_parent_and_position(con, nested) -> None:  # noqa: ANN001
    assert con.execute(
        "SELECT message_id, ticket_id, created_at, author_type, author_id, is_public FROM raw.messages ORDER BY 1"
    ).fetchall() == [
        ("11-1", "11", _utc("2024-06-10 09:00:00"), "customer", "c1", True),
        ("11-2", "11", _utc("2024-06-10 09:05:00.5"), "agent", "a1", True),
        ("11-3", "11", _utc("2024-06-10 09:06:40"), "agent", "a1", False),
    ]


def test_bad_elements_and_lines_are_quarantined_naming_file_row_and_column(con, nested) -> None:  # noqa: ANN001
    rows = con.execute("SELECT table_name, column_name, reason, raw_row FROM raw.quarantine").fetchall()
    lineage = sorted((r[0], json.loads(r[3])["source_row"], r[1], r[2]) for r in rows)
    assert lineage == [
        ("messages", 3, "author_type", "author_type: 'robot' is not one of customer, agent, bot, system"),
        ("messages", 4, "ticket_id", "ticket_id: required value is missing"),
        ("tickets", 4, "ticket_id", "ticket_id: required value is missing"),
    ]
    assert {json.loads(r[3])["source_file"] for r in rows} == {"2024-06-10/conversations.jsonl"}


def test_an_event_per_filled_element_field(con, nested) -> None:  # noqa: ANN001
    assert con.execute("SELECT event_id, ticket_id, occurred_at, field, new_value FROM raw.ticket_events").fetchall() == [
        ("11:event:3:1", "11", _utc("2024-06-10 09:06:40"), "status", "solved")
    ]


def test_every_line_is_accounted_for(raw_dir, nested) -> None:  # noqa: ANN001
    accounts = {a.table: a for a in read_accounts(raw_dir / "2024-06-10")}
    assert {t: (a.rows_read, a.rows_mapped, a.rows_skipped, a.rows_written) for t, a in accounts.items()} == {
        "tickets": (4, 4, 0, 4),
        # conversation 12 has no messages
        "messages": (4, 3, 1, 5),
        "ticket_events": (4, 1, 3, 1),
    }
    assert accounts["messages"].skipped_because == "rows whose thread.messages list is empty or missing"
    for table, result in nested.items():
        assert result.rows_read == accounts[table].rows_written
        assert result.rows_read == result.rows_loaded + result.rows_quarantined


def test_a_date_and_a_time_column_are_combined(con, raw_dir, deliver) -> None:  # noqa: ANN001
    deliver("2024-01-05", "manifest.json", json.dumps({"source": "mapping:desk.yml"}))
    deliver(
        "2024-01-05",
        "desk.yml",
        "timestamps: {format: '%d.%m.%Y %H:%M', timezone: Europe/Berlin}",
        "tables:",
        "  tickets:",
        "    file: cases",
        "    columns: {ticket_id: Nr, created_at: {date: Datum, time: Uhrzeit}, channel: Kanal}",
    )
    deliver("2024-01-05", "cases.csv", "Nr;Datum;Uhrzeit;Kanal", "1;04.01.2024;09:30;email", "2;04.01.2024;25:00;email")
    load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT ticket_id, created_at FROM raw.tickets").fetchall() == [("1", _utc("2024-01-04 08:30"))]
    assert con.execute("SELECT row_number, reason FROM raw.quarantine").fetchall() == [
        (2, "created_at: '04.01.2024 25:00' is not a timestamp")
    ]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            "tables: {tickets: {file: t, columns: {ticket_id: '@item.id', created_at: c, channel: h}}}",
            "desk.yml: tables.tickets: '@item.id' names a list element: add explode: <path to the list>",
        ),
        (
            "tables: {tickets: {file: t, columns: {ticket_id: i, created_at: {field: c, epoch: hours}, channel: h}}}",
            "desk.yml: tables.tickets.columns.created_at.epoch: expected one of seconds, milliseconds, got 'hours'",
        ),
        (
            "tables: {tickets: {file: t, columns: {ticket_id: i, created_at: {date: d}, channel: h}}}",
            "desk.yml: tables.tickets.columns.created_at: missing key 'time'",
        ),
    ],
)
def test_a_wrong_nested_mapping_names_the_key(raw_dir, deliver, mapping, message) -> None:  # noqa: ANN001
    deliver("2024-01-05", "manifest.json", json.dumps({"source": "mapping:desk.yml"}))
    deliver("2024-01-05", "desk.yml", mapping)
    with pytest.raises(IngestError) as error:
        discover_deliveries(raw_dir)
    assert str(error.value) == message


def test_a_line_that_is_no_json_object_stops_the_run_naming_file_and_line(raw_dir, deliver) -> None:  # noqa: ANN001
    deliver("2024-06-10", "manifest.json", json.dumps({"source": "mapping:desk.yml"}))
    deliver("2024-06-10", "desk.yml", MAPPING)
    deliver("2024-06-10", "conversations.jsonl", json.dumps(CONVERSATIONS[0]), "{not json")
    with pytest.raises(IngestError) as error:
        discover_deliveries(raw_dir)
    assert str(error.value) == "2024-06-10/conversations.jsonl: line 2 is not a JSON object"


def test_exploding_a_csv_file_is_an_error(raw_dir, deliver) -> None:  # noqa: ANN001
    deliver("2024-01-05", "manifest.json", json.dumps({"source": "mapping:desk.yml"}))
    deliver(
        "2024-01-05",
        "desk.yml",
        "tables: {messages: {file: t, explode: parts, columns: {ticket_id: i, created_at: c, author_type: a,"
        " is_public: p}, templates: {message_id: '{i}-{@position}'}}}",
    )
    deliver("2024-01-05", "t.csv", "i,c,a,p", "1,2024-01-01T00:00:00Z,agent,true")
    with pytest.raises(IngestError) as error:
        discover_deliveries(raw_dir)
    assert str(error.value) == (
        "desk.yml: tables.messages.explode: 2024-01-05/t.csv is not JSON lines; only JSON objects hold lists to explode"
    )


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def test_the_help_scout_worked_example(con, raw_dir, copy_fixture) -> None:  # noqa: ANN001
    # Help Scout's conversations with their threads embedded, through the built-in mapping:helpscout
    copy_fixture("helpscout/2024-06-18-helpscout")
    for table in ("tickets", "messages", "ticket_events"):
        load_table(con, raw_dir, table)
    assert con.execute(
        "SELECT ticket_id, channel, status, requester_id, assignee_id, team_id FROM raw.tickets ORDER BY 1"
    ).fetchall() == [
        ("2391938111", "email", "solved", "12", "9865", "85"),
        ("2391938112", "chat", "open", "13", None, "86"),
    ]
    assert con.execute("SELECT reason FROM raw.quarantine").fetchall() == [
        ("status: 'escalated' is not one of new, open, pending, on_hold, solved, closed",)
    ]
    # the line item (an assignment in Help Scout's activity log) is no message
    assert con.execute(
        "SELECT message_id, ticket_id, author_type, is_public FROM raw.messages ORDER BY created_at"
    ).fetchall() == [
        ("1", "2391938111", "customer", True),
        ("3", "2391938111", "agent", False),
        ("4", "2391938111", "agent", True),
        ("5", "2391938112", "customer", True),
        ("6", "2391938113", "customer", True),
    ]
    messages = next(a for a in read_accounts(raw_dir / "2024-06-18-helpscout") if a.table == "messages")
    assert (messages.rows_read, messages.rows_mapped, messages.rows_written) == (3, 3, 5)
    assert con.execute("SELECT ticket_id, occurred_at, new_value FROM raw.ticket_events").fetchall() == [
        ("2391938111", _utc("2024-06-17 11:00"), "solved")
    ]
