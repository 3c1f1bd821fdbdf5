"""Exact values of every fct_tickets and agg_channel_daily rule on the hand-built tickets
(tests/fixtures/hand_built; what each ticket shows is in its subject)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pytest


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def ticket(con: duckdb.DuckDBPyConnection, ticket_id: str) -> dict[str, object]:
    cursor = con.execute("select * from marts.fct_tickets where ticket_id = ?", [ticket_id])
    rows = cursor.fetchall()
    row = rows[0] if rows else None
    assert row is not None, f"{ticket_id} missing from fct_tickets"
    return dict(zip([d[0] for d in cursor.description], row))


EXPECTED: dict[str, dict[str, object]] = {
    "H1": {  # email answered next day, rated twice (latest counts)
        "channel": "email", "is_outbound": False, "requested_at": utc("2026-03-02 09:00"),
        "first_response_at": utc("2026-03-03 10:30"), "first_response_minutes": 1530.0,
        "reply_cycles": 1, "avg_response_minutes": 1530.0, "first_resolved_at": utc("2026-03-04 12:00"),
        "resolved_at": utc("2026-03-04 12:00"), "first_resolution_minutes": 3060.0,
        "full_resolution_minutes": 3060.0, "reopen_count": 0, "is_one_touch": True, "csat_score": 5,
        "status": "solved", "is_answered": True, "is_resolved": True, "age_minutes": 3060.0,
        # team T1 works 09:00-12:30 and 13:30-17:30 Berlin time (UTC+1 in March): Mon 10:00 -> Tue 11:30
        "schedule_id": "emea", "has_business_schedule": True,
        "first_response_business_minutes": 540.0,  # Mon 150 + 240, Tue 150
        "full_resolution_business_minutes": 1050.0,  # Mon 390, Tue 450, Wed 09:00-12:30 210 (13:00 is lunch)
        "requester_wait_business_minutes": 540.0, "agent_wait_business_minutes": 510.0,
        "requester_wait_minutes": 1530.0, "agent_wait_minutes": 1530.0, "on_hold_minutes": 0.0,
        "is_first_contact_resolution": True, "first_assigned_at": utc("2026-03-02 09:05"), "assignee_stations": 1,
    },
    "H2": {  # chat: a bot answers in 5 s, a human after 2 min 45 s; a second cycle of 45 s
        "channel": "chat", "first_bot_response_at": utc("2026-03-02 10:00:05"),
        "first_response_at": utc("2026-03-02 10:02:45"), "first_response_minutes": 2.75,
        "reply_cycles": 2, "avg_response_minutes": 1.75, "agent_replies": 2, "customer_messages": 2,
        # handed over by the bot at 10:00:05, answered by a human at 10:02:45
        "last_bot_message_before_human_at": utc("2026-03-02 10:00:05"),
        "first_human_response_after_bot_minutes": 160 / 60,
        "full_resolution_minutes": 5.0, "is_one_touch": False, "csat_score": 4,
    },
    "H3": {  # three customer messages before the reply are one cycle; a fourth opens an unanswered cycle
        "channel": "web", "first_response_minutes": 60.0, "reply_cycles": 2, "avg_response_minutes": 60.0,
        "customer_messages": 4, "status": "open", "is_resolved": False, "resolved_at": None,
        "age_minutes": 40140.0,  # to the as-of time 2026-03-30 08:00
    },
    "H4": {  # an internal note 5 min in is not a response; the public reply at 45 min is
        "channel": "email", "first_response_at": utc("2026-03-02 13:45"), "first_response_minutes": 45.0,
        "internal_notes": 1, "agent_replies": 1, "status": "pending", "is_resolved": False, "age_minutes": 40020.0,
    },
    "H5": {  # outbound: clock for first response starts at the customer's answer, resolution at creation
        "channel": "phone", "is_outbound": True, "requested_at": utc("2026-03-02 15:00"),
        "first_response_minutes": 30.0, "reply_cycles": 1, "first_resolution_minutes": 120.0,
        "full_resolution_minutes": 120.0, "agent_replies": 2, "is_one_touch": False,
    },
    "H6": {  # never answered
        "channel": "social", "first_response_at": None, "first_response_minutes": None, "is_answered": False,
        "reply_cycles": 1, "avg_response_minutes": None, "status": "new", "age_minutes": 39900.0,
    },
    "H7": {  # solved -> reopened -> solved -> closed: one reopen, closing is not a new resolution
        "channel": "email", "first_resolved_at": utc("2026-03-03 09:00"), "resolved_at": utc("2026-03-03 11:00"),
        "first_resolution_minutes": 60.0, "full_resolution_minutes": 180.0, "reopen_count": 1,
        "reply_cycles": 2, "avg_response_minutes": 25.0, "status": "closed", "csat_score": 3,
        # 60 min open before the first solve, 60 min solved until the reopen, 60 min open again
        "requester_wait_minutes": 120.0, "agent_wait_minutes": 0.0, "resolved_before_reopen_minutes": 60.0,
        "is_reopened": True, "is_first_contact_resolution": False,
    },
    "H8": {  # solved without any public reply: resolved, not answered, not one touch
        "channel": "web", "is_answered": False, "first_response_minutes": None, "is_resolved": True,
        "full_resolution_minutes": 20.0, "agent_replies": 0, "internal_notes": 1, "is_one_touch": False,
        "reply_cycles": 1,
    },
    "H11": {  # exported with +08:00 offsets: stored in UTC, minutes unchanged
        "channel": "chat", "created_at": utc("2026-03-04 01:00"), "requested_at": utc("2026-03-04 01:00"),
        "first_response_at": utc("2026-03-04 01:15:30"), "first_response_minutes": 15.5,
        "full_resolution_minutes": 60.0, "is_one_touch": True,
    },
    "H13": {  # a team without a business schedule: business minutes are NULL, never 0
        "has_business_schedule": False, "schedule_id": None, "first_response_minutes": 1.0,
        "first_response_business_minutes": None, "full_resolution_business_minutes": None,
        "requester_wait_business_minutes": None, "avg_response_business_minutes": None,
    },
    "H14": {  # EU DST weekend: Fri 16:00 CET -> Mon 10:00 CEST on the Berlin schedule
        "first_response_minutes": 3900.0,  # 65 h of real time (the clock lost an hour)
        "first_response_business_minutes": 150.0,  # Fri 16:00-17:30, Mon 09:00-10:00
        # the export says open but has no status event: the change is inferred at updated_at
        "status": "open", "has_inferred_status": True, "is_resolved": False,
    },
    "H15": {  # US DST weekend: Fri 17:00 EST -> Mon 09:00 EDT on the New York 08:00-18:00 schedule
        "schedule_id": "americas", "first_response_minutes": 3780.0, "first_response_business_minutes": 120.0,
        "full_resolution_minutes": 3780.0, "full_resolution_business_minutes": 120.0,
    },
    "H12": {  # on hold for an hour, reassigned and moved to another team, a pending wait on the customer
        "channel": "email", "full_resolution_minutes": 210.0,
        "requester_wait_minutes": 150.0,  # new 10 + open 20 + on hold 60 + open 30 + open 30
        "agent_wait_minutes": 60.0, "on_hold_minutes": 60.0, "resolved_before_reopen_minutes": 0.0,
        "first_assigned_at": utc("2026-03-04 08:10"), "assignee_changes": 1, "team_transfers": 1,
        "is_escalated": True, "assignee_stations": 2,
        "reply_cycles": 2, "avg_response_minutes": 30.0, "agent_replies": 3, "first_response_minutes": 30.0,
        "is_one_touch": False, "is_first_contact_resolution": False,
    },
}


@pytest.mark.parametrize("ticket_id", sorted(EXPECTED))
def test_ticket_facts_are_exact(hand_built_con: duckdb.DuckDBPyConnection, ticket_id: str) -> None:
    facts = ticket(hand_built_con, ticket_id)
    assert {column: facts[column] for column in EXPECTED[ticket_id]} == EXPECTED[ticket_id]


def test_deleted_and_merged_tickets_are_left_out_and_flagged_in_staging(
    hand_built_con: duckdb.DuckDBPyConnection,
) -> None:
    in_marts = {r[0] for r in hand_built_con.sql("select ticket_id from marts.fct_tickets").fetchall()}
    assert in_marts == {"H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8", "H11", "H12", "H13", "H14", "H15"}
    flags = hand_built_con.sql(
        "select ticket_id, is_deleted, is_merged from staging.stg_helpdesk__tickets "
        "where is_deleted or is_merged order by ticket_id"
    ).fetchall()
    assert flags == [("H10", False, True), ("H9", True, False)]


def test_as_of_is_the_latest_timestamp_in_the_data(hand_built_con: duckdb.DuckDBPyConnection) -> None:
    assert hand_built_con.execute("select as_of_at from intermediate.int_as_of").fetchall()[0][0] == utc("2026-03-30 08:00")


def test_reply_cycles_of_a_ticket(hand_built_con: duckdb.DuckDBPyConnection) -> None:
    rows = hand_built_con.sql(
        "select cycle_number, cycle_started_at, customer_messages, replied_at, response_minutes "
        "from intermediate.int_reply_cycles where ticket_id = 'H3' order by cycle_number"
    ).fetchall()
    assert rows == [
        (1, utc("2026-03-02 11:00"), 3, utc("2026-03-02 12:00"), 60.0),
        (2, utc("2026-03-02 12:30"), 1, None, None),
    ]


def test_channel_daily_aggregates(hand_built_con: duckdb.DuckDBPyConnection) -> None:
    cursor = hand_built_con.execute(
        "select * from marts.agg_channel_daily where date_day = ? and channel = 'email'", [date(2026, 3, 2)]
    )
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchall()[0]))
    assert row == {
        "date_day": date(2026, 3, 2),
        "channel": "email",
        "tickets_created": 2,  # H1, H4
        "tickets_answered": 2,
        "first_response_mean_minutes": 787.5,  # (1530 + 45) / 2
        "first_response_p50_minutes": 787.5,
        "first_response_p90_minutes": 1381.5,  # 45 + 0.9 * (1530 - 45)
        "first_response_business_mean_minutes": 292.5,  # (540 + 45) / 2
        "first_response_business_p50_minutes": 292.5,
        "first_response_business_p90_minutes": 490.5,  # 45 + 0.9 * (540 - 45)
        "resolution_rate": 0.5,
        "reopen_rate": 0.0,
        "one_touch_rate": 0.5,
        "full_resolution_p50_minutes": 3060.0,
        "full_resolution_business_p50_minutes": 1050.0,
        "csat_responses": 1,
        "csat_mean": 5.0,
        "csat_satisfied_share": 1.0,
        "tickets_first_resolved": 0,
        "reply_cycles_started": 2,
        "avg_response_minutes": 787.5,
        "avg_response_business_minutes": 292.5,
        "next_response_mean_minutes": None,
        # H1 answered after 540 business minutes against 240 (breached), H4 after 45 of 480 (met)
        "first_response_sla_attainment": 0.5,
        "first_response_sla_breaches": 1,
        "next_response_sla_attainment": None,
        "next_response_sla_breaches": 0,
        # H1 resolved in 1050 of 2400 business minutes; H4 still pending after 8820 (breached)
        "full_resolution_sla_attainment": 0.5,
        "full_resolution_sla_breaches": 1,
    }


SLA_EXPECTED = [
    # (ticket, metric, cycle, basis, target, elapsed, breach_at, status)
    ("H1", "first_response", None, "business", 240.0, 540.0, utc("2026-03-02 14:00"), "breached"),
    ("H1", "full_resolution", None, "business", 2400.0, 1050.0, utc("2026-03-09 11:30"), "met"),
    ("H2", "first_response", None, "calendar", 5.0, 2.75, utc("2026-03-02 10:05"), "met"),
    ("H2", "next_response", 2, "calendar", 5.0, 0.75, utc("2026-03-02 10:08"), "met"),
    ("H8", "first_response", None, "business", 480.0, 0.0, utc("2026-03-03 21:00"), "met"),  # stopped by solving
    ("H11", "first_response", None, "calendar", 5.0, 15.5, utc("2026-03-04 01:05"), "breached"),
    ("H13", "full_resolution", None, "business", 2400.0, None, None, "unmeasured"),  # no schedule
    ("H14", "full_resolution", None, "business", 2400.0, 150.0, utc("2026-04-08 08:00"), "running"),
]


@pytest.mark.parametrize("expected", SLA_EXPECTED, ids=lambda e: f"{e[0]}-{e[1]}")
def test_sla_clocks(hand_built_con: duckdb.DuckDBPyConnection, expected: tuple) -> None:
    ticket_id, metric, cycle = expected[:3]
    rows = hand_built_con.execute(
        "select ticket_id, metric, cycle_number, time_basis, target_minutes, elapsed_minutes, breach_at, sla_status "
        "from marts.fct_sla_events where ticket_id = ? and metric = ? and cycle_number is not distinct from ?",
        [ticket_id, metric, cycle],
    ).fetchall()
    assert rows == [expected]


def test_flow_measures_land_on_the_day_they_happen(hand_built_con: duckdb.DuckDBPyConnection) -> None:
    # H1 was created on 2 March but is counted as first resolved on 4 March, beside H12 created that day
    row = hand_built_con.execute(
        "select tickets_created, tickets_first_resolved, first_response_mean_minutes, avg_response_minutes "
        "from marts.agg_channel_daily where date_day = ? and channel = 'email'",
        [date(2026, 3, 4)],
    ).fetchall()[0]
    assert row == (1, 2, 30.0, 30.0)


def test_every_gate_passed_on_hand_built_tickets(hand_built) -> None:  # noqa: ANN001
    from dagster_project.warehouse.refresh import failed_checks

    assert hand_built.result.success
    assert failed_checks(hand_built.result) == []
