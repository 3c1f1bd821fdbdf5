"""The Freshdesk adapter through the whole Dagster job, on the API export (tests/fixtures/freshdesk/
2024-06-15-freshdesk-api) and the CSV export with the API's conversations (2024-06-14-freshdesk-csv):
Freshdesk's codes, descriptions as first messages, stats as status changes, public notes as replies or (the
manifest's public_notes) as internal notes, and the bad rows quarantined."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from dagster_project.ingest import IngestError, discover_deliveries, load_table
from dagster_project.warehouse.refresh import failed_checks

SAMPLE = ["freshdesk/2024-06-15-freshdesk-api", "freshdesk/2024-06-14-freshdesk-csv"]
API = "2024-06-15-freshdesk-api"


def test_the_job_succeeds_and_every_check_passes(adapted_warehouse) -> None:  # noqa: ANN001
    assert adapted_warehouse.result.success
    assert failed_checks(adapted_warehouse.result) == []


def test_freshdesks_codes_and_names_are_mapped(adapted_con) -> None:  # noqa: ANN001
    # the CSV export's times are New York wall-clock times (EDT, UTC-4); the API's are UTC
    assert adapted_con.execute(
        """SELECT ticket_id, created_at, channel, status, priority, team_id FROM staging.stg_helpdesk__tickets
        ORDER BY ticket_id"""
    ).fetchall() == [
        ("7001", _utc("2024-06-10 13:00"), "email", "closed", "high", "Billing"),
        ("7002", _utc("2024-06-11 18:00"), "web", "solved", "medium", "Support"),
        ("7003", _utc("2024-06-12 14:00"), "email", "pending", "low", "Support"),
        ("8001", _utc("2024-06-10 13:00"), "email", "closed", "high", "5001"),
        ("8002", _utc("2024-06-11 18:00"), "web", "solved", "medium", "5002"),
        # status 6, Waiting on Customer
        ("8003", _utc("2024-06-12 14:00"), "email", "pending", "low", "5002"),
        ("8005", _utc("2024-06-13 09:00"), "chat", "open", "medium", "5001"),
    ]


def test_first_response_counts_a_public_note_as_freshdesk_does(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT ticket_id, first_response_minutes, is_outbound, first_resolved_at, reopen_count, csat_score
        FROM marts.fct_tickets WHERE ticket_id LIKE '8%' ORDER BY ticket_id"""
    ).fetchall() == [
        ("8001", 40.0, False, _utc("2024-06-10 15:30"), 0, 5),
        # the agent's only answer is a public note
        ("8002", 5.0, False, _utc("2024-06-11 18:20"), 0, 1),
        # an outbound email: the agent wrote first
        ("8003", None, True, None, 0, None),
        ("8005", 30.0, False, _utc("2024-06-13 10:00"), 1, None),
    ]


def test_bad_rows_are_quarantined_naming_the_vendor_file_and_row(adapted_con) -> None:  # noqa: ANN001
    rows = adapted_con.execute(
        "SELECT table_name, column_name, reason, raw_row FROM raw.quarantine ORDER BY table_name, reason"
    ).fetchall()
    assert [(r[0], r[1], r[2], json.loads(r[3])["source_file"], json.loads(r[3])["source_row"]) for r in rows] == [
        ("messages", "created_at", "created_at: '2024-06-13T25:00:00Z' is not a timestamp", f"{API}/conversations.jsonl", 7),
        (
            "tickets",
            "status",
            "status: '12' is not one of new, open, pending, on_hold, solved, closed",
            f"{API}/tickets.jsonl",
            4,
        ),
        (
            "tickets",
            "status",
            "status: 'Escalated' is not one of new, open, pending, on_hold, solved, closed",
            "2024-06-14-freshdesk-csv/tickets.csv",
            4,
        ),
    ]


def test_public_notes_can_be_internal_notes(con, raw_dir, copy_fixture) -> None:  # noqa: ANN001
    delivery = copy_fixture(f"freshdesk/{API}")
    (delivery / "manifest.json").write_text(json.dumps({"source": "freshdesk", "public_notes": "internal"}))
    load_table(con, raw_dir, "messages")
    assert con.execute(
        "SELECT message_id, author_type, is_public FROM raw.messages WHERE ticket_id = '8002' ORDER BY 1"
    ).fetchall() == [("43000000204", "agent", False), ("8002-description", "customer", True)]


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (
            {"source": "intercom", "public_notes": "internal"},
            "2024-01-05/manifest.json: 'public_notes' is an option of source 'freshdesk', not of 'intercom'",
        ),
        (
            {"source": "freshdesk", "public_notes": "yes"},
            "2024-01-05/manifest.json: 'public_notes' must be one of replies, internal, got 'yes'",
        ),
    ],
)
def test_a_wrong_public_notes_setting_names_the_manifest(raw_dir, deliver, manifest, message) -> None:  # noqa: ANN001
    deliver("2024-01-05", "manifest.json", json.dumps(manifest))
    with pytest.raises(IngestError) as error:
        discover_deliveries(raw_dir)
    assert str(error.value) == message


def test_conversations_included_in_the_tickets_are_read(con, raw_dir, deliver) -> None:  # noqa: ANN001
    ticket = {
        "id": 9, "created_at": "2024-06-10T08:00:00Z", "source": 9, "status": 2, "priority": 1,
        "conversations": [
            {"id": 91, "created_at": "2024-06-10T08:20:00Z", "incoming": False, "private": False, "source": 0},
            {"id": 92, "created_at": "2024-06-10T08:30:00Z", "incoming": True, "private": False, "source": 0},
        ],
    }
    deliver("2024-06-10", "manifest.json", json.dumps({"source": "freshdesk"}))
    deliver("2024-06-10", "tickets.jsonl", json.dumps(ticket))
    load_table(con, raw_dir, "tickets")
    load_table(con, raw_dir, "messages")
    assert con.execute("SELECT channel, status FROM raw.tickets").fetchall() == [("web", "open")]
    assert con.execute("SELECT message_id, ticket_id, author_type FROM raw.messages ORDER BY created_at").fetchall() == [
        ("9-description", "9", "customer"),
        ("91", "9", "agent"),
        ("92", "9", "customer"),
    ]


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
