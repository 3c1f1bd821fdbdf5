"""Exact business minutes on hand-built schedules: DST weekends, holidays, versions, long ranges, NULLs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

import pytest

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
SINGAPORE = "Asia/Singapore"
WEEKDAYS = range(1, 6)
ALL_DAYS = range(1, 8)


def weekly(
    schedule_id: str,
    timezone: str,
    intervals: Iterable[tuple[str, str]],
    days: Iterable[int] = WEEKDAYS,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> list[tuple]:
    return [
        (schedule_id, timezone, day, start, end, valid_from, valid_to) for day in days for start, end in intervals
    ]


def local(timezone: str, text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(timezone))


SCHEDULES = [
    *weekly("berlin_9_17", BERLIN, [("09:00", "17:00")]),
    *weekly("berlin_24_7", BERLIN, [("00:00", "24:00")], ALL_DAYS),
    *weekly("ny_9_17", NEW_YORK, [("09:00", "17:00")]),
    *weekly("ny_24_7", NEW_YORK, [("00:00", "24:00")], ALL_DAYS),
    # Saturday night shift into Sunday morning
    *weekly("ny_night", NEW_YORK, [("22:00", "24:00")], [6]),
    *weekly("ny_night", NEW_YORK, [("00:00", "06:00")], [7]),
    *weekly("lunch", BERLIN, [("09:00", "12:30"), ("13:30", "17:30")]),
    *weekly("singapore_9_17", SINGAPORE, [("09:00", "17:00")]),
    *weekly("versioned", BERLIN, [("09:00", "17:00")], valid_to=dt.date(2026, 6, 1)),
    *weekly("versioned", BERLIN, [("08:00", "18:00")], valid_from=dt.date(2026, 6, 1)),
    *weekly("berlin_holidays", BERLIN, [("09:00", "17:00")]),
]
HOLIDAYS = [
    # Good Friday and Easter Monday: two holidays with no business time between them
    ("berlin_holidays", dt.datetime(2026, 4, 3), dt.datetime(2026, 4, 4), "Good Friday"),
    ("berlin_holidays", dt.datetime(2026, 4, 6), dt.datetime(2026, 4, 7), "Easter Monday"),
    ("berlin_holidays", dt.datetime(2026, 12, 24, 12), dt.datetime(2026, 12, 25), "Christmas Eve (afternoon)"),
    ("berlin_holidays", dt.datetime(2026, 12, 25), dt.datetime(2026, 12, 26), "Christmas Day"),
    ("berlin_holidays", dt.datetime(2026, 12, 26), dt.datetime(2026, 12, 27), "Second Day of Christmas"),
]


@pytest.fixture(scope="module")
def lab(business_hours_lab) -> Iterator:
    with business_hours_lab(SCHEDULES, HOLIDAYS) as opened:
        yield opened


def test_friday_afternoon_to_monday_morning_is_120_minutes(lab) -> None:
    minutes = lab.minutes_between("berlin_9_17", local(BERLIN, "2026-01-16 16:00"), local(BERLIN, "2026-01-19 10:00"))
    assert minutes == 120


@pytest.mark.parametrize(
    ("schedule_id", "timezone", "friday", "monday"),
    [
        ("ny_9_17", NEW_YORK, "2026-03-06 16:00", "2026-03-09 10:00"),  # US spring forward on Sunday 8 March
        ("berlin_9_17", BERLIN, "2026-03-27 16:00", "2026-03-30 10:00"),  # EU spring forward on Sunday 29 March
        ("ny_9_17", NEW_YORK, "2026-10-30 16:00", "2026-11-02 10:00"),  # US fall back on Sunday 1 November
        ("berlin_9_17", BERLIN, "2026-10-23 16:00", "2026-10-26 10:00"),  # EU fall back on Sunday 25 October
    ],
)
def test_office_hours_keep_their_local_times_across_dst(
    lab, schedule_id: str, timezone: str, friday: str, monday: str
) -> None:
    assert lab.minutes_between(schedule_id, local(timezone, friday), local(timezone, monday)) == 120


@pytest.mark.parametrize(
    ("schedule_id", "timezone", "sunday", "minutes"),
    [
        ("ny_24_7", NEW_YORK, "2026-03-08", 23 * 60),
        ("berlin_24_7", BERLIN, "2026-03-29", 23 * 60),
        ("ny_24_7", NEW_YORK, "2026-11-01", 25 * 60),
        ("berlin_24_7", BERLIN, "2026-10-25", 25 * 60),
        ("berlin_24_7", BERLIN, "2026-03-22", 24 * 60),
    ],
)
def test_round_the_clock_day_has_its_real_length(
    lab, schedule_id: str, timezone: str, sunday: str, minutes: int
) -> None:
    day = dt.date.fromisoformat(sunday)
    start = dt.datetime.combine(day, dt.time(0), ZoneInfo(timezone))
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), ZoneInfo(timezone))
    assert lab.minutes_between(schedule_id, start, end) == minutes


def test_overnight_shift_loses_the_skipped_hour(lab) -> None:
    # Saturday 22:00 to Sunday 06:00 is eight hours on the wall clock but seven elapsed on 8 March 2026.
    start, end = local(NEW_YORK, "2026-03-07 20:00"), local(NEW_YORK, "2026-03-08 12:00")
    assert lab.minutes_between("ny_night", start, end) == 7 * 60
    start, end = local(NEW_YORK, "2026-03-14 20:00"), local(NEW_YORK, "2026-03-15 12:00")
    assert lab.minutes_between("ny_night", start, end) == 8 * 60


def test_lunch_break_is_not_business_time(lab) -> None:
    assert lab.minutes_between("lunch", local(BERLIN, "2026-02-04 12:00"), local(BERLIN, "2026-02-04 14:00")) == 60
    assert lab.minutes_between("lunch", local(BERLIN, "2026-02-04 00:00"), local(BERLIN, "2026-02-05 00:00")) == 450


def test_partial_day_holiday_closes_the_afternoon_only(lab) -> None:
    # Thursday 24 Dec 09:00-12:00, then closed until Monday 28 Dec 09:00.
    start, end = local(BERLIN, "2026-12-24 09:00"), local(BERLIN, "2026-12-28 09:00")
    assert lab.minutes_between("berlin_holidays", start, end) == 180
    assert lab.minutes_between("berlin_9_17", start, end) == 2 * 480


def test_instant_on_a_holiday_counts_from_the_holiday_start(lab) -> None:
    at_holiday_start, on_holiday, after_holiday = lab.minutes_at(
        [
            ("berlin_holidays", local(BERLIN, "2026-12-24 12:00")),
            ("berlin_holidays", local(BERLIN, "2026-12-25 10:00")),
            ("berlin_holidays", local(BERLIN, "2026-12-28 10:00")),
        ]
    )
    assert on_holiday == at_holiday_start
    assert after_holiday - on_holiday == 60


def test_ranges_longer_than_a_year_have_no_week_cap(lab) -> None:
    two_years = lab.minutes_between(
        "singapore_9_17", local(SINGAPORE, "2025-01-06 09:00"), local(SINGAPORE, "2027-01-04 09:00")
    )
    assert two_years == 104 * 5 * 480
    start, end = local(BERLIN, "2020-01-06 00:00"), local(BERLIN, "2030-01-07 00:00")
    weeks = (end.date() - start.date()).days // 7
    assert lab.minutes_between("berlin_9_17", start, end) == weeks * 5 * 480 == 1_252_800
    # Round the clock, business time is elapsed time over ten years of DST changes.
    assert lab.minutes_between("berlin_24_7", start, end) == (end - start).total_seconds() / 60


def test_schedule_change_applies_from_its_valid_from(lab) -> None:
    # Friday 29 May 09:00-17:00 (old hours), Monday 1 June 08:00-18:00 and Tuesday 08:00-09:00 (new hours).
    start, end = local(BERLIN, "2026-05-29 09:00"), local(BERLIN, "2026-06-02 09:00")
    assert lab.minutes_between("versioned", start, end) == 480 + 600 + 60


def test_fractional_minutes_are_exact_elapsed_seconds(lab) -> None:
    start = local(BERLIN, "2026-02-04 16:59:29.500000")
    # 30.5 s before closing time plus 15 s after opening; DOUBLE minutes keep well under a microsecond.
    assert lab.minutes_between("berlin_9_17", start, local(BERLIN, "2026-02-05 09:00:15")) == pytest.approx(
        45.5 / 60, abs=1e-8
    )


def test_unknown_schedule_missing_values_and_out_of_range_instants_are_null(lab) -> None:
    at = local(BERLIN, "2026-02-04 10:00")
    assert lab.minutes_at(
        [
            ("no_such_schedule", at),
            (None, at),
            ("berlin_9_17", None),
            ("berlin_9_17", dt.datetime(1969, 12, 31, 23, 59, tzinfo=dt.UTC)),
            ("berlin_9_17", dt.datetime(2100, 1, 1, tzinfo=dt.UTC)),
        ]
    ) == [None] * 5


def test_every_probe_row_comes_back_once_with_its_columns(lab) -> None:
    at = local(BERLIN, "2026-02-04 10:00")
    lab.minutes_at([("berlin_9_17", at), ("berlin_9_17", at), ("no_such_schedule", at)])
    query = f"select * from ({lab.compiled.clock_at_sql}) limit 0"
    columns = [description[0] for description in lab.connection.execute(query).description]
    assert columns == ["probe_number", "schedule_id", "at", "at_business_us"]


def test_demo_teams_have_their_configured_hours(demo_business_hours) -> None:
    # T1 Support EMEA (emea): 7.5 h a day with a lunch break; Christmas Eve afternoon and Christmas Day closed.
    start, end = local(BERLIN, "2026-12-21 09:00"), local(BERLIN, "2026-12-28 09:00")
    assert demo_business_hours.minutes_between("emea", start, end) == 3 * 450 + 180
    # T2 Support Americas (americas): 08:00-18:00 Mon-Fri, across the US DST change.
    start, end = local(NEW_YORK, "2026-03-06 17:00"), local(NEW_YORK, "2026-03-09 09:00")
    assert demo_business_hours.minutes_between("americas", start, end) == 120
    # T3 Support APAC (apac): 09:00-18:00 Mon-Fri in Singapore.
    start, end = local(SINGAPORE, "2026-03-02 00:00"), local(SINGAPORE, "2026-03-09 00:00")
    assert demo_business_hours.minutes_between("apac", start, end) == 5 * 540


@pytest.mark.parametrize(
    ("schedule_id", "timezone", "start", "minutes", "deadline"),
    [
        ("berlin_9_17", BERLIN, "2026-01-16 16:00", 120, "2026-01-19 10:00"),  # over the weekend
        ("berlin_9_17", BERLIN, "2026-01-17 11:00", 30, "2026-01-19 09:30"),  # started while closed
        ("berlin_9_17", BERLIN, "2026-01-16 16:00", 60, "2026-01-16 17:00"),  # runs out at closing time
        ("lunch", BERLIN, "2026-02-04 12:00", 60, "2026-02-04 14:00"),  # pauses over lunch
        ("berlin_holidays", BERLIN, "2026-12-24 11:00", 120, "2026-12-28 10:00"),  # partial and whole holidays
        ("berlin_holidays", BERLIN, "2026-04-02 16:00", 120, "2026-04-07 10:00"),  # over the Easter weekend
        ("versioned", BERLIN, "2026-05-29 16:00", 120, "2026-06-01 09:00"),  # new hours start 08:00
        ("berlin_9_17", BERLIN, "2026-03-27 16:00", 120, "2026-03-30 10:00"),  # EU spring forward
        ("ny_24_7", NEW_YORK, "2026-03-07 12:00", 24 * 60, "2026-03-08 13:00"),  # 24 real hours, 23 h Sunday
        ("ny_24_7", NEW_YORK, "2026-11-01 00:30", 90, "2026-11-01 01:00"),  # 01:00 EST, the repeated hour
        ("ny_night", NEW_YORK, "2026-03-07 23:00", 180, "2026-03-08 03:00"),  # 02:00-03:00 does not exist
        ("singapore_9_17", SINGAPORE, "2025-01-06 09:00", 104 * 5 * 480, "2027-01-01 17:00"),
        ("berlin_9_17", BERLIN, "2026-01-16 18:00", 0, "2026-01-16 18:00"),  # zero: the start itself
    ],
)
def test_deadline_is_when_the_business_minutes_run_out(
    lab, schedule_id: str, timezone: str, start: str, minutes: float, deadline: str
) -> None:
    started = local(timezone, start)
    [due] = lab.deadlines([(schedule_id, started, minutes)])
    expected = local(timezone, deadline)
    if deadline == "2026-11-01 01:00":
        expected = expected.replace(fold=1)
    # In UTC: Python never finds an instant in a repeated hour equal to one in another zone (PEP 495).
    assert due == expected.astimezone(dt.UTC)
    # Its inverse: exactly the target elapsed, and the second before the deadline was business time.
    before, at_start, at_due = lab.minutes_at(
        [(schedule_id, due - dt.timedelta(seconds=1)), (schedule_id, started), (schedule_id, due)]
    )
    assert at_due - at_start == minutes
    assert minutes == 0 or at_due - before == pytest.approx(1 / 60, abs=1e-9)


def test_fractional_target_gives_a_fractional_deadline(lab) -> None:
    [due] = lab.deadlines([("berlin_9_17", local(BERLIN, "2026-02-04 16:59:30"), 1.5)])
    assert due == local(BERLIN, "2026-02-05 09:01:00")


def test_deadline_is_null_for_unknown_schedule_missing_or_negative_target(lab) -> None:
    start = local(BERLIN, "2026-02-04 10:00")
    assert lab.deadlines(
        [
            ("no_such_schedule", start, 60),
            (None, start, 60),
            ("berlin_9_17", None, 60),
            ("berlin_9_17", start, None),
            ("berlin_9_17", start, -5),
            ("berlin_9_17", dt.datetime(2099, 12, 31, 16, tzinfo=dt.UTC), 600),  # would fall in 2100
        ]
    ) == [None] * 6


def test_deadline_is_null_when_the_last_version_ends_first(business_hours_lab) -> None:
    ending = weekly("ending", BERLIN, [("09:00", "17:00")], valid_to=dt.date(2026, 2, 7))
    with business_hours_lab(ending, []) as ended:
        start = local(BERLIN, "2026-02-06 16:00")
        due = ended.deadlines([("ending", start, 120), ("ending", start, 60)])
        assert due == [None, local(BERLIN, "2026-02-06 17:00")]
