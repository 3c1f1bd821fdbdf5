"""Bad input at row level (docs/bad-input.md): rows that load but are reported (repeated keys, unknown
tickets, unknown channels) and rows that are quarantined (unknown status or author type, CSAT outside 1-5)."""

from __future__ import annotations

import json

import pytest

from dagster_project.ingest import load_table
from dagster_project.ingest.raw_views import unknown_ticket_rows

TICKETS_HEADER = "ticket_id,created_at,channel,status"
MESSAGES_HEADER = "message_id,ticket_id,created_at,author_type,is_public"


def _conflicts(con) -> list[tuple]:
    return con.execute(
        "SELECT table_name, key_value, row_count, delivery_count, repeated_in_a_file, latest_delivery"
        " FROM raw.key_conflicts ORDER BY table_name, key_value"
    ).fetchall()


def test_key_repeated_within_a_file_is_kept_and_reported(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,new", "T2,1709254800,web,new",
            "T1,1709258400,web,open")
    result = load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT ticket_id, status, _row_number FROM raw.tickets ORDER BY _row_number").fetchall() == [
        ("T1", "new", 1), ("T2", "new", 2), ("T1", "open", 3)
    ]
    assert (result.keys_repeated_in_a_file, result.keys_redelivered) == (1, 0)
    assert _conflicts(con) == [("tickets", "T1", 2, 1, True, "2024-05-01")]


def test_key_in_several_deliveries_is_kept_and_reported(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,new", "T2,1709254800,web,new")
    deliver("2024-05-02", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,solved")
    result = load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT count(*) FROM raw.tickets").fetchall() == [(3,)]
    assert (result.keys_repeated_in_a_file, result.keys_redelivered) == (0, 1)
    assert _conflicts(con) == [("tickets", "T1", 2, 2, False, "2024-05-02")]


def test_composite_key_conflict_names_both_parts(con, raw_dir, deliver):
    deliver("", "satisfaction_ratings.csv", "ticket_id,rated_at,score", "T1,2024-03-01T09:00:00Z,4",
            "T1,2024-03-01T09:00:00Z,5", "T1,2024-03-02T09:00:00Z,5")
    result = load_table(con, raw_dir, "satisfaction_ratings")
    assert result.keys_repeated_in_a_file == 1
    assert _conflicts(con) == [("satisfaction_ratings", "T1 | 2024-03-01 09:00:00+00", 2, 1, True, "")]


def test_rows_for_unknown_tickets_load_and_are_reported(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,new")
    deliver("2024-05-01", "messages.csv", MESSAGES_HEADER, "M1,T1,1709254800,customer,true",
            "M2,T9,1709254800,customer,true", "M3,T9,1709254860,agent,true")
    deliver("2024-05-01", "satisfaction_ratings.csv", "ticket_id,rated_at,score", "T8,1709254800,5")
    for table in ("tickets", "messages", "satisfaction_ratings"):
        load_table(con, raw_dir, table)
    assert con.execute("SELECT count(*) FROM raw.messages").fetchall() == [(3,)]
    assert con.execute(
        "SELECT table_name, ticket_id, row_count FROM raw.unknown_ticket_references ORDER BY ALL"
    ).fetchall() == [("messages", "T9", 2), ("satisfaction_ratings", "T8", 1)]
    assert unknown_ticket_rows(con) == {"messages": 2, "ticket_events": 0, "satisfaction_ratings": 1}


def test_unknown_channel_loads_as_delivered(con, raw_dir, deliver):
    # Staging maps it to 'other' and keeps the delivered value as channel_raw (test_ingest_bad_input_staging.py).
    deliver("2024-05-01", "tickets.csv", TICKETS_HEADER, "T1,1709254800,Fax machine,new")
    result = load_table(con, raw_dir, "tickets")
    assert result.rows_quarantined == 0
    assert con.execute("SELECT channel FROM raw.tickets").fetchall() == [("Fax machine",)]


@pytest.mark.parametrize(
    ("table", "header", "row", "reason"),
    [
        ("tickets", TICKETS_HEADER, "T1,1709254800,web,escalated",
         "status: 'escalated' is not one of new, open, pending, on_hold, solved, closed"),
        ("messages", MESSAGES_HEADER, "M1,T1,1709254800,robot,true",
         "author_type: 'robot' is not one of customer, agent, bot, system"),
    ],
)
def test_unknown_status_or_author_type_is_quarantined(con, raw_dir, deliver, table, header, row, reason):
    deliver("2024-05-01", f"{table}.csv", header, row)
    result = load_table(con, raw_dir, table)
    assert (result.rows_loaded, result.rows_quarantined) == (0, 1)
    assert [(c, r, json.loads(raw)) for c, r, raw in con.execute(
        "SELECT column_name, reason, raw_row FROM raw.quarantine").fetchall()] == [
        (reason.split(":")[0], reason, dict(zip(header.split(","), row.split(","))))
    ]


@pytest.mark.parametrize(("score", "reason"), [
    ("0", "score: 0 is outside 1..5"),
    ("6", "score: 6 is outside 1..5"),
    ("-1", "score: -1 is outside 1..5"),
    ("4.5", "score: '4.5' is not an integer"),
    ("", "score: required value is missing"),
])
def test_csat_outside_1_to_5_is_quarantined(con, raw_dir, deliver, score, reason):
    deliver("", "satisfaction_ratings.csv", "ticket_id,rated_at,score", "T1,1709254800,1", f"T2,1709254800,{score}",
            "T3,1709254800,5")
    load_table(con, raw_dir, "satisfaction_ratings")
    assert con.execute("SELECT ticket_id, score FROM raw.satisfaction_ratings ORDER BY ticket_id").fetchall() == [
        ("T1", 1), ("T3", 5)
    ]
    assert con.execute("SELECT row_number, column_name, reason FROM raw.quarantine").fetchall() == [
        (2, "score", reason)
    ]
