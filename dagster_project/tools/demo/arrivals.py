"""When tickets arrive: daily and weekly curves in the customer's local time, a slight growth trend."""

from __future__ import annotations

import numpy as np

from dagster_project.tools.demo.clock import DAY, HOUR, LocalClock, weekday_of

# Relative arrival rate per local hour 0-23 (peak = 1). Live channels follow opening hours closely,
# machine-made tickets (api) arrive around the clock, "office" is when agents themselves write.
HOURLY_WEIGHTS = {
    "async": (0.25, 0.18, 0.15, 0.15, 0.18, 0.25, 0.4, 0.6, 0.85, 1, 1, 0.95,
              0.85, 0.95, 1, 0.95, 0.85, 0.75, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3),
    "live": (0.04, 0.03, 0.02, 0.02, 0.03, 0.05, 0.15, 0.5, 0.9, 1, 1, 0.95,
             0.85, 0.95, 1, 0.95, 0.9, 0.8, 0.6, 0.15, 0.08, 0.06, 0.05, 0.04),
    "machine": (0.8,) * 8 + (1,) * 12 + (0.8,) * 4,
    "office": (0,) * 7 + (0.7, 1, 1, 1, 0.9, 0.6, 0.9, 1, 1, 0.9, 0.7) + (0,) * 6,
}  # fmt: skip
# Relative rate per weekday, Monday first.
WEEKDAY_WEIGHTS = {
    "async": (1, 0.97, 0.95, 0.93, 0.85, 0.4, 0.35),
    "live": (1, 0.97, 0.95, 0.93, 0.85, 0.2, 0.15),
    "machine": (1, 1, 1, 1, 1, 0.9, 0.9),
    "office": (1, 1, 1, 1, 0.9, 0, 0),
}
CURVES = tuple(HOURLY_WEIGHTS)
# Keeps every curve positive so sampling ends even for a window of one weekend day.
_FLOOR = 0.001
_GROWTH = 0.2  # the last day of the window sees this much more traffic than the first


def _curve_table() -> np.ndarray:
    """Acceptance weight per curve, weekday and local hour."""
    table = np.empty((len(CURVES), 7, 24))
    for i, curve in enumerate(CURVES):
        table[i] = np.outer(WEEKDAY_WEIGHTS[curve], HOURLY_WEIGHTS[curve])
    return np.maximum(table, _FLOOR) / (1 + _GROWTH)


def sample_arrivals(
    rng: np.random.Generator, clock: LocalClock, start: int, end: int, team: np.ndarray, curve: np.ndarray
) -> np.ndarray:
    """One arrival instant in [start, end) per ticket, drawn by rejection against its curve in its team's
    local time."""
    table = _curve_table()
    arrivals = np.empty(team.size, dtype=np.int64)
    pending = np.arange(team.size)
    while pending.size:
        candidate = rng.integers(start, end, size=pending.size)
        local = clock.local(team[pending], candidate)
        day = local // DAY
        weight = table[curve[pending], weekday_of(day), (local % DAY) // HOUR]
        weight *= 1 + _GROWTH * (candidate - start) / (end - start)
        accepted = rng.random(pending.size) < weight
        arrivals[pending[accepted]] = candidate[accepted]
        pending = pending[~accepted]
    return arrivals
