"""Erlang C staffing of one hour and of a week of slots (dagster_project/staffing.py)."""

from __future__ import annotations

import pytest
from pyworkforce.queuing import ErlangC

from dagster_project.staffing import (
    AgentHours,
    ArrivalSlot,
    HourStaffing,
    QueueTarget,
    agent_hours_per_week,
    plan_staffing,
    scheduled_agents,
    staff_hour,
)

# The textbook case: 100 calls per half hour (200 an hour), 3 minutes handle time, 80% answered within 20 s,
# occupancy at most 85%, 30% shrinkage. 10 Erlangs of traffic: 13 agents reach 79.6%, so 14 are needed.
TEXTBOOK = QueueTarget(
    channel="phone",
    aht_minutes=3,
    target_answer_minutes=20 / 60,
    service_level=0.8,
    max_occupancy=0.85,
    shrinkage=0.3,
)


def _slot(channel: str, weekday: int, hour: int, arrivals_per_hour: float, team_id: str | None = "T1") -> ArrivalSlot:
    return ArrivalSlot(channel, team_id, weekday, hour, arrivals_per_hour)


def test_textbook_case_needs_14_agents_and_20_on_the_schedule() -> None:
    hour = staff_hour(200, TEXTBOOK)

    assert hour.agents_needed == 14
    assert hour.agents_scheduled == 20
    assert round(hour.expected_service_level, 4) == 0.8884
    assert hour.expected_occupancy == 10 / 14
    assert round(hour.waiting_probability, 4) == 0.1741


def test_textbook_case_matches_pyworkforces_own_example() -> None:
    # pyworkforce's documented example: transactions=100, aht=3, asa=0.33, interval=30, shrinkage=0.3.
    ours = staff_hour(200, QueueTarget("phone", 3, 0.33, 0.8, 0.85, 0.3))

    assert (ours.agents_needed, ours.agents_scheduled) == (14, 20)
    assert round(ours.expected_service_level, 3) == 0.888
    assert round(ours.expected_occupancy, 3) == 0.714
    assert round(ours.waiting_probability, 3) == 0.174


def test_occupancy_cap_adds_agents_beyond_the_service_level() -> None:
    # 14 agents would be 71.4% busy: a 70% cap needs ceil(10 / 0.7) = 15, which then answer 94.1% in 20 s.
    hour = staff_hour(200, QueueTarget("phone", 3, 20 / 60, 0.8, 0.7, 0.3))

    assert hour.agents_needed == 15
    assert hour.agents_scheduled == 22
    assert round(hour.expected_service_level, 4) == 0.9415
    assert hour.expected_occupancy == 10 / 15
    assert round(hour.waiting_probability, 4) == 0.1020


def test_hour_without_arrivals_needs_nobody() -> None:
    assert staff_hour(0, TEXTBOOK) == HourStaffing(
        agents_needed=0,
        agents_scheduled=0,
        expected_service_level=None,
        expected_occupancy=None,
        waiting_probability=None,
    )


def test_any_arrival_at_all_needs_one_agent() -> None:
    # One ticket in 20 weeks in this hour: someone must be there to answer it.
    hour = staff_hour(0.05, TEXTBOOK)

    assert (hour.agents_needed, hour.agents_scheduled) == (1, 2)
    assert hour.expected_occupancy == pytest.approx(0.05 * 3 / 60)


def test_email_target_of_four_hours_is_met_by_the_bare_minimum() -> None:
    # 20 emails an hour at 8 minutes is 2.67 Erlangs: a 240-minute target is met by anyone free at all, so only
    # the one agent beyond the workload that Erlang C always asks for remains.
    hour = staff_hour(20, QueueTarget("email", 8, 240, 0.8, 0.85, 0.3))

    assert (hour.agents_needed, hour.agents_scheduled) == (4, 6)
    assert hour.expected_service_level == 1.0


def test_shrinkage_is_applied_in_exact_decimals() -> None:
    # 330 calls an hour need 21 agents; 21 / (1 - 0.3) is exactly 30, where pyworkforce's floats say 31.
    hour = staff_hour(330, TEXTBOOK)
    pyworkforce = ErlangC(transactions=330, aht=3, asa=20 / 60, interval=60, shrinkage=0.3).required_positions(
        service_level=0.8, max_occupancy=0.85
    )

    assert hour.agents_needed == 21
    assert hour.agents_scheduled == 30
    assert pyworkforce["positions"] == 31
    assert [scheduled_agents(n, 0.3) for n in (0, 1, 7, 14, 15, 21)] == [0, 2, 10, 20, 22, 30]
    assert scheduled_agents(17, 0) == 17


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("aht_minutes", 0.0, "aht_minutes must be > 0, got 0.0"),
        ("target_answer_minutes", None, "target_answer_minutes must be > 0, got None"),
        ("service_level", 1.0, "service_level must be between 0 and 1 (exclusive), got 1.0"),
        ("max_occupancy", 0.0, "max_occupancy must be above 0 and at most 1, got 0.0"),
        ("shrinkage", 1.0, "shrinkage must be at least 0 and below 1, got 1.0"),
    ],
)
def test_invalid_handle_times_row_names_channel_and_column(column: str, value: float | None, expected: str) -> None:
    values = {
        "aht_minutes": 6.0,
        "target_answer_minutes": 1.0,
        "service_level": 0.8,
        "max_occupancy": 0.85,
        "shrinkage": 0.3,
        column: value,
    }
    with pytest.raises(ValueError) as raised:
        QueueTarget(channel="phone", **values)
    assert str(raised.value) == f"handle_times row for channel 'phone': {expected}"


def test_plan_staffs_each_slot_and_skips_channels_without_handle_times() -> None:
    slots = [
        _slot("chat", 1, 9, 200),
        _slot("chat", 1, 10, 0),
        _slot("chat", 1, 9, 330, team_id=None),
        _slot("social", 1, 9, 4),
        _slot("social", 1, 10, 0),
    ]

    plan = plan_staffing(slots, [TEXTBOOK, QueueTarget("chat", 3, 20 / 60, 0.8, 0.85, 0.3)])

    staffed = [(r.channel, r.team_id, r.weekday, r.hour_of_day, r.agents_needed, r.agents_scheduled) for r in plan.rows]
    assert staffed == [
        ("chat", "T1", 1, 9, 14, 20),
        ("chat", "T1", 1, 10, 0, 0),
        ("chat", None, 1, 9, 21, 30),
    ]
    assert plan.channels_without_targets == ["social"]
    first = plan.rows[0]
    assert (first.aht_minutes, first.target_answer_minutes, first.service_level) == (3, 20 / 60, 0.8)
    assert (first.max_occupancy, first.shrinkage, first.arrivals_per_hour) == (0.85, 0.3, 200)
    assert agent_hours_per_week(plan.rows) == [AgentHours("chat", needed=35, scheduled=50)]


def test_plan_refuses_two_handle_times_rows_for_one_channel() -> None:
    with pytest.raises(ValueError) as raised:
        plan_staffing([_slot("phone", 1, 9, 10)], [TEXTBOOK, TEXTBOOK])
    assert str(raised.value) == "handle_times has more than one row for channel 'phone'"
