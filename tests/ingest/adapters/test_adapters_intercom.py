"""The Intercom adapter on the sample in tests/fixtures/intercom (an API dump: conversations with their
parts, epoch-second timestamps, Airbyte-wrapped admins) through the whole Dagster job, the Intercom-compatible
mart marts.intercom__conversation_metrics, and Airbyte's separate conversation_parts stream."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from dagster_project.ingest import load_table
from dagster_project.ingest.adapters.adapted_delivery import read_accounts
from dagster_project.warehouse.refresh import failed_checks

SAMPLE = "intercom/2024-06-20-intercom"
DELIVERY = "2024-06-20-intercom"


def test_the_job_succeeds_and_every_check_passes(adapted_warehouse) -> None:  # noqa: ANN001
    assert adapted_warehouse.result.success
    assert failed_checks(adapted_warehouse.result) == []


def test_conversations_are_tickets_with_state_as_status(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT ticket_id, created_at, channel, requester_id, team_id, assignee_id, status
        FROM staging.stg_helpdesk__tickets ORDER BY ticket_id"""
    ).fetchall() == [
        ("5001", _utc("2024-06-17 09:00"), "chat", "c-1", "t-1", "a-1", "solved"),
        ("5002", _utc("2024-06-17 10:00"), "email", "c-2", None, None, "solved"),
        ("5003", _utc("2024-06-17 11:00"), "chat", "c-3", "t-2", "a-2", "solved"),
        # an outbound email: the requester is the conversation's contact
        ("5004", _utc("2024-06-17 14:00"), "email", "c-4", None, "a-1", "open"),
    ]


def test_parts_are_typed_by_their_author_and_notes_are_internal(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT message_id, author_type, author_id, is_public FROM staging.stg_helpdesk__messages
        WHERE ticket_id IN ('5001', '5002') ORDER BY created_at"""
    ).fetchall() == [
        ("5001:source", "customer", "c-1", True),
        ("p3", "agent", "a-1", True),
        ("p4", "agent", "a-1", False),
        ("p5", "customer", "c-1", True),
        # a close with a reply is a message too
        ("p6", "agent", "a-1", True),
        ("5002:source", "customer", "c-2", True),
        ("p7", "bot", "b-1", True),
        ("p8", "customer", "c-2", True),
    ]


def test_assignment_close_open_and_snooze_parts_are_events(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT event_id, field, new_value, actor_id FROM staging.stg_helpdesk__ticket_events
        WHERE ticket_id = '5003' ORDER BY occurred_at, event_id"""
    ).fetchall() == [
        ("p10:assignee_id", "assignee_id", "a-2", "a-2"),
        ("p12:closed_by", "closed_by", "admin", "a-2"),
        ("p12:status", "status", "solved", "a-2"),
        ("p13:status", "status", "open", "c-3"),
        ("p14:status", "status", "on_hold", "a-2"),
        ("p15:status", "status", "open", "b-1"),
        ("p17:closed_by", "closed_by", "admin", "a-2"),
        ("p17:status", "status", "solved", "a-2"),
    ]


def test_ratings_are_csat_and_bad_rows_are_quarantined(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        "SELECT ticket_id, rated_at, score, comment FROM raw.satisfaction_ratings ORDER BY ticket_id"
    ).fetchall() == [("5001", _utc("2024-06-17 09:40"), 5, "Great help"), ("5003", _utc("2024-06-17 13:30"), 4, None)]
    rows = adapted_con.execute(
        "SELECT table_name, column_name, reason, raw_row FROM raw.quarantine ORDER BY table_name"
    ).fetchall()
    assert [r[:3] for r in rows] == [
        ("messages", "created_at", "created_at: 'soon' is not a timestamp"),
        ("satisfaction_ratings", "score", "score: 6 is outside 1..5"),
    ]
    assert {(json.loads(r[3])["source_file"], json.loads(r[3])["source_row"]) for r in rows} == {
        (f"{DELIVERY}/conversations.jsonl", 4)
    }


def test_every_conversation_is_accounted_for(adapted_warehouse, adapted_con) -> None:  # noqa: ANN001
    accounts = [a for a in read_accounts(adapted_warehouse.raw_dir / DELIVERY) if a.source_file.endswith("conversations.jsonl")]
    assert [(a.table, a.rows_read, a.rows_mapped, a.rows_skipped, a.rows_written) for a in accounts] == [
        ("tickets", 4, 4, 0, 4),
        ("messages", 4, 4, 0, 4),
        ("messages", 4, 4, 0, 11),
        # 5004's parts are comments only
        ("ticket_events", 4, 3, 1, 14),
        ("satisfaction_ratings", 4, 3, 1, 3),
    ]
    assert adapted_con.execute(
        "SELECT sum(rows_read), sum(rows_loaded), sum(rows_quarantined) FROM raw.load_log"
    ).fetchall() == [(4 + 15 + 14 + 3 + 2 + 2, 4 + 14 + 14 + 2 + 2 + 2, 2)]


def test_the_intercom_mart_restates_dbt_intercoms_metrics(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT conversation_id, count_assignments, time_to_first_assignment_minutes, time_to_first_response_minutes,
                  time_to_first_close_minutes, time_to_last_close_minutes, time_to_admin_first_close_minutes,
                  first_close_by_author_id, first_close_by_admin_id, last_closed_by, is_closed_by_bot, count_reopens,
                  conversation_rating
        FROM marts.intercom__conversation_metrics ORDER BY conversation_id"""
    ).fetchall() == [
        ("5001", 2, 1.0, 10.0, 30.0, 30.0, 30.0, "a-1", "a-1", "teammate", False, 0, 5),
        # Fin answered and closed it
        ("5002", 0, None, None, 6.0, 6.0, None, "b-1", None, "bot", True, 0, None),
        ("5003", 1, 2.0, 4.0, 10.0, 140.0, 10.0, "a-2", "a-2", "teammate", False, 1, 4),
        ("5004", 0, None, 0.0, None, None, None, None, None, None, False, 0, None),
    ]


def test_airbytes_conversation_parts_stream_gives_the_same_parts(con, raw_dir, deliver) -> None:  # noqa: ANN001
    conversation = {"id": "7", "created_at": 1718614800, "state": "open", "source": {"type": "email", "author": {"type": "user", "id": "u1"}}}
    parts = [
        {"id": "q1", "conversation_id": "7", "part_type": "assignment", "created_at": 1718614860,
         "author": {"type": "admin", "id": "a1"}, "assigned_to": {"type": "admin", "id": "a1"}, "body": None},
        {"id": "q2", "conversation_id": "7", "part_type": "comment", "created_at": "2024-06-17T09:05:00Z",
         "author": {"type": "admin", "id": "a1"}, "body": "<p>Hello</p>", "new_api_field": [1]},
    ]
    wrap = lambda r: json.dumps({"_airbyte_ab_id": "x", "_airbyte_emitted_at": 1, "_airbyte_data": r})  # noqa: E731
    deliver("2024-06-18", "manifest.json", json.dumps({"source": "intercom"}))
    deliver("2024-06-18", "_airbyte_raw_conversations.jsonl", wrap(conversation))
    deliver("2024-06-18", "_airbyte_raw_conversation_parts.jsonl", *map(wrap, parts))
    load_table(con, raw_dir, "messages")
    load_table(con, raw_dir, "ticket_events")
    assert con.execute("SELECT message_id, created_at, author_type FROM raw.messages ORDER BY 2").fetchall() == [
        ("7:source", _utc("2024-06-17 09:00"), "customer"),
        ("q2", _utc("2024-06-17 09:05"), "agent"),
    ]
    assert con.execute("SELECT event_id, occurred_at, new_value FROM raw.ticket_events").fetchall() == [
        ("q1:assignee_id", _utc("2024-06-17 09:01"), "a1")
    ]


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
