"""Agents needed per hour of the week: Erlang C (pyworkforce) on the arrival rate and each channel's handle time.

The pure computation behind `marts.agg_staffing_hour_of_week` (dagster_project/defs/assets/staffing.py);
docs/staffing.md explains the model, its inputs and where it stops being a good guide.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from pyworkforce.queuing import ErlangC

# agg_hour_of_week counts arrivals per clock hour, so each slot is a 60-minute interval.
SLOT_MINUTES = 60


@dataclass(frozen=True)
class QueueTarget:
    """One row of the `handle_times` seed: how long a channel's tickets take and what the queue must achieve."""

    channel: str
    aht_minutes: float
    target_answer_minutes: float
    service_level: float
    max_occupancy: float
    shrinkage: float

    def __post_init__(self) -> None:
        bounds = {
            "aht_minutes": (self.aht_minutes, "> 0", lambda v: v > 0),
            "target_answer_minutes": (self.target_answer_minutes, "> 0", lambda v: v > 0),
            "service_level": (self.service_level, "between 0 and 1 (exclusive)", lambda v: 0 < v < 1),
            "max_occupancy": (self.max_occupancy, "above 0 and at most 1", lambda v: 0 < v <= 1),
            "shrinkage": (self.shrinkage, "at least 0 and below 1", lambda v: 0 <= v < 1),
        }
        for column, (value, expected, valid) in bounds.items():
            if value is None or not valid(value):
                raise ValueError(
                    f"handle_times row for channel {self.channel!r}: {column} must be {expected}, got {value!r}"
                )


@dataclass(frozen=True)
class ArrivalSlot:
    """One hour of the week of one channel and team, from `marts.agg_hour_of_week`."""

    channel: str
    team_id: str | None
    weekday: int
    hour_of_day: int
    arrivals_per_hour: float


@dataclass(frozen=True)
class HourStaffing:
    """What Erlang C says one hour needs. The expected figures are None when nothing arrives: with no
    tickets there is no service level, occupancy or wait to speak of."""

    agents_needed: int
    agents_scheduled: int
    expected_service_level: float | None
    expected_occupancy: float | None
    waiting_probability: float | None


@dataclass(frozen=True)
class StaffedSlot:
    """A row of `marts.agg_staffing_hour_of_week`, in its column order."""

    channel: str
    team_id: str | None
    weekday: int
    hour_of_day: int
    arrivals_per_hour: float
    aht_minutes: float
    target_answer_minutes: float
    service_level: float
    max_occupancy: float
    shrinkage: float
    agents_needed: int
    agents_scheduled: int
    expected_service_level: float | None
    expected_occupancy: float | None
    waiting_probability: float | None


@dataclass(frozen=True)
class StaffingPlan:
    rows: list[StaffedSlot]
    # Channels that had arrivals but no handle_times row: they get no staffing rows.
    channels_without_targets: list[str]


@dataclass(frozen=True)
class AgentHours:
    """A week's agent-hours of one channel: each slot is one hour, so the sum of its agents."""

    channel: str
    needed: int
    scheduled: int


def staff_hour(arrivals_per_hour: float, target: QueueTarget) -> HourStaffing:
    """Agents one hour needs so that `target.service_level` of its tickets get a first response within
    `target.target_answer_minutes`, occupancy staying at or below `target.max_occupancy`."""
    if arrivals_per_hour == 0:
        # ErlangC refuses an empty queue, and an hour nobody writes in needs nobody.
        return HourStaffing(0, 0, None, None, None)
    # pyworkforce's `asa` is the answer-time threshold of the service level (the "20 s" of "80/20"), not an
    # average speed of answer.
    erlang = ErlangC(
        transactions=arrivals_per_hour,
        aht=target.aht_minutes,
        asa=target.target_answer_minutes,
        interval=SLOT_MINUTES,
        shrinkage=target.shrinkage,
    )
    result = erlang.required_positions(service_level=target.service_level, max_occupancy=target.max_occupancy)
    agents_needed = int(result["raw_positions"])
    return HourStaffing(
        agents_needed=agents_needed,
        agents_scheduled=scheduled_agents(agents_needed, target.shrinkage),
        expected_service_level=float(result["service_level"]),
        expected_occupancy=float(result["occupancy"]),
        waiting_probability=float(result["waiting_probability"]),
    )


def scheduled_agents(agents_needed: int, shrinkage: float) -> int:
    """Agents to put on the schedule so that `agents_needed` are available after shrinkage. Computed in exact
    decimals: pyworkforce's float division gives 21 / (1 - 0.3) = 30.000000000000004, one agent too many."""
    available_share = 1 - Fraction(str(shrinkage))
    return math.ceil(agents_needed / available_share)


def plan_staffing(slots: Iterable[ArrivalSlot], targets: Iterable[QueueTarget]) -> StaffingPlan:
    """Staff every slot whose channel has a target. A channel with arrivals but no target gets no rows (and is
    listed), rather than rows staffed on a made-up handle time."""
    targets = list(targets)
    duplicated = sorted(channel for channel, count in Counter(t.channel for t in targets).items() if count > 1)
    if duplicated:
        raise ValueError(f"handle_times has more than one row for channel {', '.join(map(repr, duplicated))}")
    by_channel = {target.channel: target for target in targets}
    rows: list[StaffedSlot] = []
    without_targets: set[str] = set()
    for slot in slots:
        target = by_channel.get(slot.channel)
        if target is None:
            if slot.arrivals_per_hour > 0:
                without_targets.add(slot.channel)
            continue
        hour = staff_hour(slot.arrivals_per_hour, target)
        rows.append(
            StaffedSlot(
                channel=slot.channel,
                team_id=slot.team_id,
                weekday=slot.weekday,
                hour_of_day=slot.hour_of_day,
                arrivals_per_hour=slot.arrivals_per_hour,
                aht_minutes=target.aht_minutes,
                target_answer_minutes=target.target_answer_minutes,
                service_level=target.service_level,
                max_occupancy=target.max_occupancy,
                shrinkage=target.shrinkage,
                agents_needed=hour.agents_needed,
                agents_scheduled=hour.agents_scheduled,
                expected_service_level=hour.expected_service_level,
                expected_occupancy=hour.expected_occupancy,
                waiting_probability=hour.waiting_probability,
            )
        )
    return StaffingPlan(rows=rows, channels_without_targets=sorted(without_targets))


def agent_hours_per_week(rows: Iterable[StaffedSlot]) -> list[AgentHours]:
    """Per channel, ordered by channel: the week's agent-hours over all its teams."""
    needed: Counter[str] = Counter()
    scheduled: Counter[str] = Counter()
    for row in rows:
        needed[row.channel] += row.agents_needed
        scheduled[row.channel] += row.agents_scheduled
    return [AgentHours(channel, needed[channel], scheduled[channel]) for channel in sorted(needed)]
