"""Exact values of our marts for Zendesk tickets that move from one schedule to another
(tests/fixtures/zendesk_schedule_move: its README lists the schedules and tickets). Every business duration
is the sum, over the ticket's schedule periods, of the business time on that period's schedule, and an SLA
deadline walks the periods until the target is used up."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime

import duckdb
import pytest

from tests.conftest import FIXTURES, BuiltWarehouse, built_once

DELIVERY = FIXTURES / "zendesk_schedule_move" / "2024-03-15-zendesk"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BuiltWarehouse:
    return built_once(
        tmp_path_factory, worker_id, "zendesk_schedule_move",
        lambda raw_dir: shutil.copytree(DELIVERY, raw_dir / DELIVERY.name),
    )  # fmt: skip


@pytest.fixture
def con(moved: BuiltWarehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = moved.connect()
    yield connection
    connection.close()


def test_the_refresh_passed_every_gate(moved: BuiltWarehouse) -> None:
    from dagster_project.warehouse.refresh import failed_checks

    assert moved.result.success and not failed_checks(moved.result)


def test_a_ticket_has_the_periods_of_its_ticket_schedule_rows(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select ticket_id, period_number, schedule_id, started_at, ended_at, "
        "(ended_at_business_us - coalesce(started_at_business_us, 0)) / 60e6 "
        "from intermediate.int_ticket_schedule_periods order by ticket_id, period_number"
    ).fetchall()
    # the business minutes of a first period count from the clock's origin (only differences mean anything)
    assert [row[:5] for row in rows] == [
        ("1", 1, "901", None, utc("2024-03-04 15:00:30")),  # the first reaches back before its stamp (10:00:02)
        ("1", 2, "902", utc("2024-03-04 15:00:30"), None),
        ("2", 1, "901", None, None),  # no row: the account's default schedule, the one created first
        ("3", 1, "901", None, utc("2024-03-09 10:00")),
        ("3", 2, "902", utc("2024-03-09 10:00"), utc("2024-03-10 10:00")),
        ("3", 3, "901", utc("2024-03-10 10:00"), None),
        ("4", 1, "901", None, None),
    ]
    assert rows[4][5] == 0.0  # Late over a weekend: no business time


TICKETS = {
    # Early Mon 10:00:00-15:00:30 = 300.5, then Late: Mon 15:00:30-18:00 = 179.5, Tue 12:00-12:45:15 = 45.25
    # (on Early throughout, the schedule at the request: 420 + 225.25 = 645.25)
    "1": {
        "schedule_id": "901", "first_response_at": utc("2024-03-05 12:45:15"), "first_response_business_minutes": 525.25,
        "avg_response_business_minutes": 525.25, "resolved_at": utc("2024-03-05 16:20"),
        # 300.5 + 179.5 + Tue 12:00-16:20 260 (Early throughout: 420 + 440 = 860); new then open the whole time
        "first_resolution_business_minutes": 740.0, "full_resolution_business_minutes": 740.0,
        "requester_wait_business_minutes": 740.0, "agent_wait_business_minutes": 0.0,
    },
    # one period on the default schedule: Wed 11:00-13:30 on Early
    "2": {"schedule_id": "901", "first_response_business_minutes": 150.0, "avg_response_business_minutes": 150.0},
    # Early Fri 16:00-17:00 = 60, Late over the weekend 0, Early again Mon 09:00-09:30 = 30
    "3": {"schedule_id": "901", "first_response_business_minutes": 90.0, "avg_response_business_minutes": 90.0},
    # Thu 09:00-10:00 and 10:00-11:00 on Early
    "4": {"schedule_id": "901", "first_response_business_minutes": 60.0, "full_resolution_business_minutes": 120.0},
}


@pytest.mark.parametrize("ticket_id", sorted(TICKETS))
def test_business_minutes_add_up_the_periods(con: duckdb.DuckDBPyConnection, ticket_id: str) -> None:
    expected = TICKETS[ticket_id]
    cursor = con.execute(f"select {', '.join(expected)} from marts.fct_tickets where ticket_id = ?", [ticket_id])
    assert dict(zip(expected, cursor.fetchone())) == expected


SLA_EXPECTED = [
    # (ticket, metric, basis, target, elapsed, breach_at, status)
    # the ticket's own first_reply_time target: 300.5 on Early, 179.5 on Late on Monday, 20 on Tue from 12:00
    # (on Early throughout it would be Tue 10:20)
    ("1", "first_response", "business", 500.0, 525.25, utc("2024-03-05 12:20"), "breached"),
    # the seed's 2400: 480 by Monday evening, 360 a day on Late from Tuesday: 2280 by Mon 11 March, then 120
    ("1", "full_resolution", "business", 2400.0, 740.0, utc("2024-03-12 14:00"), "met"),
    ("2", "first_response", "business", 240.0, 150.0, utc("2024-03-06 15:00"), "met"),
    # 60 on Fri, none in the Late period, 15 on Mon: the deadline walks past the empty period
    ("3", "first_response", "business", 75.0, 90.0, utc("2024-03-11 09:15"), "breached"),
]


@pytest.mark.parametrize("expected", SLA_EXPECTED, ids=lambda e: f"{e[0]}-{e[1]}")
def test_sla_deadlines_walk_the_periods(con: duckdb.DuckDBPyConnection, expected: tuple) -> None:
    rows = con.execute(
        "select ticket_id, metric, time_basis, target_minutes, elapsed_minutes, breach_at, sla_status "
        "from marts.fct_sla_events where ticket_id = ? and metric = ?",
        list(expected[:2]),
    ).fetchall()
    assert rows == [expected]


def test_reply_cycles_follow_the_periods(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "select ticket_id, cycle_number, response_business_minutes from marts.fct_reply_cycles order by ticket_id"
    ).fetchall()
    assert rows == [("1", 1, 525.25), ("2", 1, 150.0), ("3", 1, 90.0), ("4", 1, 60.0)]


def test_the_zendesk_marts_with_our_definitions_follow_the_periods_too(con: duckdb.DuckDBPyConnection) -> None:
    # zendesk__ticket_metrics without the compat switch: the same business minutes as fct_tickets, ticket 1's
    # included (525.25 and 740 across its move; 645.25 and more on its first schedule alone).
    rows = con.execute(
        "select ticket_id, first_reply_time_business_minutes, first_resolution_business_minutes, "
        "full_resolution_business_minutes from marts.zendesk__ticket_metrics order by ticket_id"
    ).fetchall()
    facts = con.execute(
        "select ticket_id, first_response_business_minutes, first_resolution_business_minutes, "
        "full_resolution_business_minutes from marts.fct_tickets order by ticket_id"
    ).fetchall()
    assert rows[0] == ("1", 525.25, 740.0, 740.0)
    assert rows == facts
