"""Which days a report covers by default and with --from/--to/--period."""

from datetime import date

import pytest

from dagster_project.report.period import choose_period


def test_last_full_week_against_the_week_before() -> None:
    period = choose_period(date(2026, 9, 29))  # a Tuesday
    assert (period.kind, period.start, period.end) == ("week", date(2026, 9, 21), date(2026, 9, 28))
    assert (period.previous_start, period.previous_end) == (date(2026, 9, 14), date(2026, 9, 21))


def test_a_sunday_as_of_is_not_a_full_week_yet() -> None:
    assert choose_period(date(2026, 9, 27)).start == date(2026, 9, 14)


def test_last_full_month() -> None:
    period = choose_period(date(2026, 3, 1), "month")
    assert (period.start, period.end, period.previous_start) == (date(2026, 2, 1), date(2026, 3, 1), date(2026, 1, 1))


def test_a_range_is_compared_with_the_range_before() -> None:
    period = choose_period(date(2026, 9, 29), date_from=date(2026, 9, 3), date_to=date(2026, 9, 5))
    assert (period.kind, period.days, period.previous_start, period.previous_end) == (
        "custom", 3, date(2026, 8, 31), date(2026, 9, 3)
    )


def test_a_range_that_is_a_week_or_a_month_reads_that_mart() -> None:
    assert choose_period(date(2026, 9, 29), date_from=date(2026, 9, 7), date_to=date(2026, 9, 13)).kind == "week"
    month = choose_period(date(2026, 9, 29), date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
    assert (month.kind, month.previous_start) == ("month", date(2026, 1, 1))


def test_from_after_to_is_refused() -> None:
    with pytest.raises(ValueError, match="after"):
        choose_period(date(2026, 9, 29), date_from=date(2026, 9, 5), date_to=date(2026, 9, 3))
