"""Rows that fail validation go to raw.quarantine with the column, reason, row number and row as delivered."""

from __future__ import annotations

import json

import pytest

from dagster_project.ingest import load_table

MESSAGES_HEADER = "message_id,ticket_id,created_at,author_type,author_id,is_public"


def _quarantine(con) -> list[tuple]:
    return [
        (table, delivery, source_file, row_number, column, reason, json.loads(raw_row))
        for table, delivery, source_file, row_number, column, reason, raw_row in con.execute(
            "SELECT table_name, delivery, source_file, row_number, column_name, reason, raw_row"
            " FROM raw.quarantine ORDER BY source_file, row_number"
        ).fetchall()
    ]


def test_bad_messages_are_quarantined_with_reason_row_number_and_raw_row(con, raw_dir, deliver):
    deliver(
        "2024-05-01",
        "messages.csv",
        MESSAGES_HEADER,
        "M1,T1,2024-03-01T09:00:00Z,agent,A1,true",
        "M2,T1,yesterday,agent,A1,true",
        "M3,T1,2024-03-01T09:05:00Z,robot,A1,true",
        "M4,,2024-03-01T09:10:00Z,customer,,false",
        "M5,T1,2024-03-01T09:15:00Z,customer,,maybe",
    )
    result = load_table(con, raw_dir, "messages")
    source = ("messages", "2024-05-01", "2024-05-01/messages.csv")
    assert _quarantine(con) == [
        (
            *source, 2, "created_at", "created_at: 'yesterday' is not a timestamp",
            {"message_id": "M2", "ticket_id": "T1", "created_at": "yesterday", "author_type": "agent",
             "author_id": "A1", "is_public": "true"},
        ),
        (
            *source, 3, "author_type", "author_type: 'robot' is not one of customer, agent, bot, system",
            {"message_id": "M3", "ticket_id": "T1", "created_at": "2024-03-01T09:05:00Z", "author_type": "robot",
             "author_id": "A1", "is_public": "true"},
        ),
        (
            *source, 4, "ticket_id", "ticket_id: required value is missing",
            {"message_id": "M4", "ticket_id": None, "created_at": "2024-03-01T09:10:00Z",
             "author_type": "customer", "author_id": None, "is_public": "false"},
        ),
        (
            *source, 5, "is_public", "is_public: 'maybe' is not a boolean",
            {"message_id": "M5", "ticket_id": "T1", "created_at": "2024-03-01T09:15:00Z",
             "author_type": "customer", "author_id": None, "is_public": "maybe"},
        ),
    ]
    assert con.execute("SELECT message_id, _row_number FROM raw.messages").fetchall() == [("M1", 1)]
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (5, 1, 4)


def test_score_out_of_bounds_or_not_an_integer_is_quarantined(con, raw_dir, deliver):
    deliver(
        "",
        "satisfaction_ratings.jsonl",
        '{"ticket_id": "T1", "rated_at": "2024-03-01T09:00:00Z", "score": 7}',
        '{"ticket_id": "T2", "rated_at": "2024-03-01T09:00:00Z", "score": "five"}',
        '{"ticket_id": "T3", "rated_at": "2024-03-01T09:00:00Z", "score": 5}',
    )
    load_table(con, raw_dir, "satisfaction_ratings")
    assert _quarantine(con) == [
        ("satisfaction_ratings", "", "satisfaction_ratings.jsonl", 1, "score", "score: 7 is outside 1..5",
         {"ticket_id": "T1", "rated_at": "2024-03-01T09:00:00Z", "score": 7}),
        ("satisfaction_ratings", "", "satisfaction_ratings.jsonl", 2, "score", "score: 'five' is not an integer",
         {"ticket_id": "T2", "rated_at": "2024-03-01T09:00:00Z", "score": "five"}),
    ]
    assert con.execute("SELECT ticket_id, score FROM raw.satisfaction_ratings").fetchall() == [("T3", 5)]


def test_unparseable_optional_value_quarantines_the_row(con, raw_dir, deliver):
    deliver(
        "2024-05-01",
        "tickets.csv",
        "ticket_id,created_at,channel,updated_at,status",
        "T1,2024-03-01T09:00:00Z,email,soon,open",
        "T2,2024-03-01T09:00:00Z,email,,",
    )
    load_table(con, raw_dir, "tickets")
    assert [(row[3], row[4], row[5]) for row in _quarantine(con)] == [
        (1, "updated_at", "updated_at: 'soon' is not a timestamp")
    ]
    assert con.execute("SELECT ticket_id, updated_at, status FROM raw.tickets").fetchall() == [("T2", None, None)]


def test_first_failing_column_in_spec_order_is_named(con, raw_dir, deliver):
    deliver("2024-05-01", "messages.csv", MESSAGES_HEADER, "M1,T1,later,nobody,,perhaps")
    load_table(con, raw_dir, "messages")
    assert [(row[4], row[5]) for row in _quarantine(con)] == [
        ("created_at", "created_at: 'later' is not a timestamp")
    ]


@pytest.mark.parametrize(
    ("delivered", "loaded"),
    [("On Hold", "on_hold"), ("hold", "on_hold"), ("on-hold", "on_hold"), (" PENDING ", "pending"), ("new", "new")],
)
def test_status_spellings_are_normalised(con, raw_dir, deliver, delivered, loaded):
    deliver("2024-05-01", "tickets.csv", "ticket_id,created_at,channel,status", f"T1,1709254800,email,{delivered}")
    load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT status FROM raw.tickets").fetchall() == [(loaded,)]


def test_boolean_words(con, raw_dir, deliver):
    words = ["true", "FALSE", "t", "F", "1", "0", "Yes", "no"]
    deliver("", "agents.csv", "agent_id,is_active", *(f"A{i},{word}" for i, word in enumerate(words)))
    load_table(con, raw_dir, "agents")
    assert [row[0] for row in con.execute("SELECT is_active FROM raw.agents ORDER BY _row_number").fetchall()] == [
        True, False, True, False, True, False, True, False
    ]


def test_rows_read_equals_loaded_plus_quarantined_for_every_file(con, raw_dir, deliver):
    deliver("2024-05-01", "messages.csv", MESSAGES_HEADER, "M1,T1,2024-03-01T09:00:00Z,agent,A1,true",
            "M2,T1,nope,agent,A1,true")
    deliver("2024-05-02", "messages.jsonl",
            '{"message_id": "M3", "ticket_id": "T2", "created_at": "1709254800", "author_type": "bot",'
            ' "is_public": "1"}',
            '{"message_id": "M4", "ticket_id": "T2", "created_at": "1709254800", "author_type": "bot"}',
            '{"message_id": "M5", "ticket_id": "T2", "created_at": "1709254800", "author_type": "system",'
            ' "is_public": "0"}')
    result = load_table(con, raw_dir, "messages")
    assert con.execute(
        """
        SELECT l.source_file, l.rows_read, l.rows_loaded, l.rows_quarantined,
               (SELECT count(*) FROM raw.messages m WHERE m._source_file = l.source_file),
               (SELECT count(*) FROM raw.quarantine q WHERE q.source_file = l.source_file)
        FROM raw.load_log l ORDER BY l.source_file
        """
    ).fetchall() == [
        ("2024-05-01/messages.csv", 2, 1, 1, 1, 1),
        ("2024-05-02/messages.jsonl", 3, 2, 1, 2, 1),
    ]
    assert [(f.rows_read, f.rows_loaded, f.rows_quarantined) for f in result.files] == [(2, 1, 1), (3, 2, 1)]
