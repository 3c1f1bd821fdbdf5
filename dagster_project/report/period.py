"""Which days a report covers, and the period it is compared with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["week", "month", "custom"]


@dataclass(frozen=True)
class ReportPeriod:
    """Days `start` to `end` (exclusive), local to the reporting time zone, and the period before it."""

    kind: PeriodKind
    start: date
    end: date
    previous_start: date
    previous_end: date

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def previous_last_day(self) -> date:
        return self.previous_end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def choose_period(
    as_of: date,
    kind: Literal["week", "month"] = "week",
    date_from: date | None = None,
    date_to: date | None = None,
) -> ReportPeriod:
    """The last full ISO week (or calendar month) before the as-of day against the one before it; or, with
    `date_from`/`date_to` (inclusive days), that range against the range of the same length before it (a
    range that is one ISO week or calendar month is that week or month, read from the weekly or monthly mart)."""
    if date_from is not None or date_to is not None:
        last = date_to or as_of
        first = date_from or last - timedelta(days=6)
        if first > last:
            raise ValueError(f"--from {first} is after --to {last}")
        end = last + timedelta(days=1)
        if first.weekday() == 0 and (end - first).days == 7:
            return ReportPeriod("week", first, end, first - timedelta(days=7), first)
        if first.day == 1 and end == _next_month(first):
            previous_start = (first - timedelta(days=1)).replace(day=1)
            return ReportPeriod("month", first, end, previous_start, first)
        length = end - first
        return ReportPeriod("custom", first, end, first - length, first)
    if kind == "week":
        this_week = as_of - timedelta(days=as_of.weekday())
        start = this_week - timedelta(days=7)
        return ReportPeriod("week", start, this_week, start - timedelta(days=7), start)
    this_month = as_of.replace(day=1)
    start = (this_month - timedelta(days=1)).replace(day=1)
    previous_start = (start - timedelta(days=1)).replace(day=1)
    return ReportPeriod("month", start, this_month, previous_start, start)


def _next_month(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)
