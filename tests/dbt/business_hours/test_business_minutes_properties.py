"""Property tests: random schedules, versions, holidays and instants against a minute-by-minute count.

The reference counts, for every UTC minute, whether its local wall-clock time (zoneinfo) falls inside an
interval of the version in force and outside every holiday. Everything is on whole minutes (intervals and
holidays on half hours, time zones changing offset on whole minutes), so the counts must agree exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

# Zones whose offsets DuckDB's ICU data and Python's tzdata agree on in 2014-2031 (checked), with northern
# and southern DST, half-hour and 45-minute offsets, a 30-minute DST shift, and DST abolished in 2019.
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Singapore",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "America/St_Johns",
    "Europe/London",
    "UTC",
)
SCHEDULE = "random"
MINUTE = dt.timedelta(minutes=1)
EXAMPLES = settings(max_examples=50, deadline=None)


@dataclass(frozen=True)
class Version:
    valid_from: dt.date | None
    valid_to: dt.date | None
    intervals: tuple[tuple[int, int, int], ...]  # (ISO weekday, start minute, end minute)


@dataclass(frozen=True)
class Config:
    timezone: str
    versions: tuple[Version, ...]
    holidays: tuple[tuple[dt.datetime, dt.datetime], ...]  # local [start, end)

    def schedule_rows(self) -> list[tuple]:
        def clock(minute: int) -> str:
            return f"{minute // 60:02d}:{minute % 60:02d}"

        return [
            (SCHEDULE, self.timezone, day, clock(start), clock(end), version.valid_from, version.valid_to)
            for version in self.versions
            for day, start, end in version.intervals
        ]

    def holiday_rows(self) -> list[tuple]:
        return [(SCHEDULE, start, end, f"holiday {n}") for n, (start, end) in enumerate(self.holidays)]

    def is_business(self, wall: dt.datetime) -> bool:
        """Is this local wall-clock time business time? The version in force is the one with the latest
        valid_from on or before the date, unless its own valid_to has passed."""
        started = [v for v in self.versions if v.valid_from is None or v.valid_from <= wall.date()]
        if not started:
            return False
        version = max(started, key=lambda v: v.valid_from or dt.date.min)
        if version.valid_to is not None and wall.date() >= version.valid_to:
            return False
        minute = wall.hour * 60 + wall.minute
        in_hours = any(day == wall.isoweekday() and start <= minute < end for day, start, end in version.intervals)
        return in_hours and not any(start <= wall < end for start, end in self.holidays)

    def business_minutes(self, start: dt.datetime, end: dt.datetime) -> int:
        zone = ZoneInfo(self.timezone)
        return sum(self.is_business(at.astimezone(zone).replace(tzinfo=None)) for at in minutes_of(start, end))


def minutes_of(start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    return [start + n * MINUTE for n in range(int((end - start) / MINUTE))]


@cache
def offset_change_days(timezone: str) -> tuple[dt.date, ...]:
    """UTC days on which the zone changes offset, so examples can be aimed at DST weekends."""
    zone = ZoneInfo(timezone)
    days = []
    day = dt.datetime(2014, 1, 1, tzinfo=dt.UTC)
    while day.year < 2031:
        following = day + dt.timedelta(days=1)
        if day.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            days.append(day.date())
        day = following
    return tuple(days) or (dt.date(2026, 3, 29),)


half_hours = st.integers(min_value=0, max_value=48).map(lambda n: n * 30)
# DST changes happen in the small hours, mostly on Sundays: weight both so examples put business time there.
clock = st.one_of(half_hours, st.integers(min_value=0, max_value=8).map(lambda n: n * 30))
weekdays = st.one_of(st.integers(min_value=1, max_value=7), st.just(7))
some_intervals = st.lists(
    st.tuples(weekdays, clock, clock).filter(lambda t: t[1] != t[2]), min_size=1, max_size=8
).map(
    # Overlapping intervals are allowed in the seed: the models merge them, the reference tests each.
    lambda drawn: tuple((day, min(a, b), max(a, b)) for day, a, b in drawn)
)
round_the_clock = st.sets(st.integers(min_value=1, max_value=7), min_size=1).map(
    lambda days: tuple((day, 0, 24 * 60) for day in sorted(days))
)
intervals = st.one_of(some_intervals, round_the_clock)


@st.composite
def configs_and_instants(draw: st.DrawFn) -> tuple[Config, list[dt.datetime]]:
    timezone = draw(st.sampled_from(ZONES))
    around = draw(
        st.one_of(
            st.sampled_from(offset_change_days(timezone)),
            st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 6, 1)),
        )
    )
    base = dt.datetime.combine(around, dt.time(0), dt.UTC) - dt.timedelta(days=3)

    switch = around + dt.timedelta(days=draw(st.integers(-4, 4)))
    first = Version(
        valid_from=draw(st.sampled_from([None, around - dt.timedelta(days=30)])),
        valid_to=draw(st.sampled_from([None, switch, switch - dt.timedelta(days=1)])),
        intervals=draw(intervals),
    )
    versions = [first]
    if draw(st.booleans()):
        later = draw(st.sampled_from([None, switch + dt.timedelta(days=2)]))
        versions.append(Version(valid_from=switch, valid_to=later, intervals=draw(intervals)))

    local_base = dt.datetime.combine(around, dt.time(0)) - dt.timedelta(days=3)
    holidays = tuple(
        (local_base + dt.timedelta(minutes=30 * start), local_base + dt.timedelta(minutes=30 * (start + length)))
        for start, length in draw(
            st.lists(st.tuples(st.integers(0, 8 * 48), st.integers(1, 3 * 48)), max_size=3)
        )
    )
    # a before and c after the day `around` (a DST change day, often), b anywhere between
    a = draw(st.integers(0, 3 * 24 * 60))
    c = draw(st.integers(4 * 24 * 60, 7 * 24 * 60))
    b = draw(st.integers(a, c))
    instants = [base + n * MINUTE for n in (a, b, c)]
    return Config(timezone, tuple(versions), holidays), instants


def closed_spans(config: Config) -> list[tuple[dt.datetime, dt.datetime]]:
    """Holidays as UTC spans, for those that begin and end on the same UTC offset (one stretch of time)."""
    zone = ZoneInfo(config.timezone)
    spans = []
    for start, end in config.holidays:
        first, last = start.replace(tzinfo=zone), end.replace(tzinfo=zone)
        if first.utcoffset() == last.utcoffset():
            spans.append((first.astimezone(dt.UTC), last.astimezone(dt.UTC)))
    return spans


@EXAMPLES
@given(configs_and_instants())
def test_business_minutes_match_a_minute_by_minute_count(business_hours_lab, example) -> None:
    config, (a, b, c) = example
    spans = closed_spans(config)
    with business_hours_lab(config.schedule_rows(), config.holiday_rows()) as lab:
        f_a, f_b, f_c, *f_spans = lab.minutes_at(
            [(SCHEDULE, at) for at in (a, b, c)] + [(SCHEDULE, at) for span in spans for at in span]
        )
    a_to_b, b_to_c = config.business_minutes(a, b), config.business_minutes(b, c)
    assert f_b - f_a == a_to_b
    assert f_c - f_b == b_to_c
    assert f_c - f_a == a_to_b + b_to_c  # additivity
    assert 0 <= f_c - f_a <= (c - a) / MINUTE  # never more than calendar time
    assert [f_spans[n + 1] - f_spans[n] for n in range(0, len(f_spans), 2)] == [0] * len(spans)  # closed


@EXAMPLES
@given(configs_and_instants(), st.floats(min_value=0, max_value=1))
def test_deadline_is_the_first_instant_the_target_is_reached(business_hours_lab, example, share: float) -> None:
    config, (start, _, end) = example
    zone = ZoneInfo(config.timezone)
    business = [config.is_business(at.astimezone(zone).replace(tzinfo=None)) for at in minutes_of(start, end)]
    target = round(share * sum(business))
    # The reference walks forward until the target's last minute has elapsed.
    elapsed, expected = 0, start
    for n, is_business in enumerate(business):
        if elapsed == target:
            break
        elapsed += is_business
        expected = start + (n + 1) * MINUTE
    with business_hours_lab(config.schedule_rows(), config.holiday_rows()) as lab:
        [due] = lab.deadlines([(SCHEDULE, start, target)])
    assert due == expected
