"""Local time for the demo teams: UTC offsets per hour, weekdays, and the next moment a team is at work.

Instants are int64 seconds since the Unix epoch (UTC) throughout the generator.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np

HOUR = 3_600
DAY = 86_400
# Teams answer Monday to Friday, 07:00-19:00 local time (the union of their agents' shifts).
OPEN_HOUR = 7
CLOSE_HOUR = 19
# Simulated work can run past the export's end; offsets are tabulated this far beyond it.
_LOOKAHEAD_DAYS = 60


class LocalClock:
    """UTC offsets of a few time zones, tabulated per hour over a window so lookups are vectorised."""

    def __init__(self, timezones: list[str], start: int, end: int) -> None:
        self.first_hour = start // HOUR - 48
        last_hour = end // HOUR + _LOOKAHEAD_DAYS * 24
        hours = range(self.first_hour, last_hour + 1)
        self.offsets = np.array(
            [
                [
                    int(datetime.fromtimestamp(h * HOUR, UTC).astimezone(ZoneInfo(tz)).utcoffset().total_seconds())
                    for h in hours
                ]
                for tz in timezones
            ],
            dtype=np.int64,
        )

    def offset(self, zone: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Seconds to add to UTC instants `at` to get wall-clock time in zone index `zone`."""
        hour = np.clip(at // HOUR - self.first_hour, 0, self.offsets.shape[1] - 1)
        return self.offsets[zone, hour]

    def local(self, zone: np.ndarray, at: np.ndarray) -> np.ndarray:
        return at + self.offset(zone, at)

    def next_working_moment(self, zone: np.ndarray, at: np.ndarray, backlog: np.ndarray) -> np.ndarray:
        """`at` if the team is at work then, else its next opening plus `backlog` seconds (the overnight
        queue drains over the morning)."""
        local = self.local(zone, at)
        day, second = np.divmod(local, DAY)
        weekday = weekday_of(day)
        working_day = weekday < 5
        in_hours = working_day & (second >= OPEN_HOUR * HOUR) & (second < CLOSE_HOUR * HOUR)
        opens_today = working_day & (second < OPEN_HOUR * HOUR)
        next_day = np.where(opens_today, day, day + 1)
        next_weekday = weekday_of(next_day)
        next_day = next_day + np.where(next_weekday == 5, 2, np.where(next_weekday == 6, 1, 0))
        opening_local = next_day * DAY + OPEN_HOUR * HOUR + backlog
        opening = opening_local - self.offset(zone, opening_local - self.offset(zone, at))
        return np.where(in_hours, at, np.maximum(opening, at))


def weekday_of(day: np.ndarray) -> np.ndarray:
    """Monday=0 .. Sunday=6 for days since 1970-01-01 (a Thursday)."""
    return (day + 3) % 7
