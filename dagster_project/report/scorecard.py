"""The headline measures of the scorecard, how each is formatted, and which way is better."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from dagster_project.report.i18n import Messages
from dagster_project.report.queries import Row

Kind = Literal["count", "minutes", "share", "score"]
Better = Literal["lower", "higher", "neither"]


@dataclass(frozen=True)
class Measure:
    column: str
    kind: Kind
    better: Better

    def format(self, m: Messages, value: object) -> str:
        formats: dict[Kind, Callable[[object], str]] = {
            "count": m.integer,
            "minutes": m.minutes,
            "share": m.share,
            "score": m.decimal,
        }
        return formats[self.kind](value)


SCORECARD = (
    Measure("tickets_created", "count", "neither"),
    Measure("first_response_p50_minutes", "minutes", "lower"),
    Measure("first_response_p90_minutes", "minutes", "lower"),
    Measure("first_response_business_p50_minutes", "minutes", "lower"),
    Measure("first_response_business_p90_minutes", "minutes", "lower"),
    Measure("avg_response_minutes", "minutes", "lower"),
    Measure("full_resolution_p50_minutes", "minutes", "lower"),
    Measure("resolution_rate", "share", "higher"),
    Measure("one_touch_rate", "share", "higher"),
    Measure("first_contact_resolution_rate", "share", "higher"),
    Measure("reopen_rate", "share", "lower"),
    Measure("csat_mean", "score", "higher"),
    Measure("csat_satisfied_share", "share", "higher"),
    Measure("first_response_sla_attainment", "share", "higher"),
    Measure("next_response_sla_attainment", "share", "higher"),
    Measure("full_resolution_sla_attainment", "share", "higher"),
)

# The per-channel table: the scorecard's measures that every agg_* mart holds, and FCR (from the facts).
BY_CHANNEL = tuple(m for m in SCORECARD if m.column != "first_response_business_p90_minutes")
# Teams and agents: volume, first response, resolution, CSAT.
BY_OWNER = tuple(
    m
    for m in SCORECARD
    if m.column
    in (
        "tickets_created",
        "first_response_p50_minutes",
        "first_response_p90_minutes",
        "full_resolution_p50_minutes",
        "resolution_rate",
        "csat_mean",
        "first_response_sla_attainment",
    )
)


@dataclass(frozen=True)
class Change:
    text: str
    tone: Literal["better", "worse", "same", "none"]
    direction: Literal["up", "down", "flat"] = "flat"


def change(measure: Measure, m: Messages, current: object, previous: object) -> Change:
    """The change against the previous period: percentage points for shares, relative for the others; its
    tone says whether it is an improvement (a shorter wait, a higher rate) or not."""
    if current is None or previous is None:
        return Change(m("change.none"), "none")
    now, before = float(current), float(previous)
    delta = now - before
    if measure.kind == "share":
        text = m("change.points", n=m.decimal(delta * 100, 1))
    elif measure.kind == "score":
        text = m.decimal(delta, 2)
    elif before == 0:
        return Change(m("change.none"), "none")
    else:
        text = m.share(delta / before)
    if not text.startswith(("-", "−")) and delta != 0:
        text = "+" + text
    direction = "flat" if delta == 0 else "up" if delta > 0 else "down"
    if delta == 0 or measure.better == "neither":
        return Change(text, "same", direction)
    improved = (delta < 0) == (measure.better == "lower")
    return Change(text, "better" if improved else "worse", direction)


def cells(measures: tuple[Measure, ...], m: Messages, row: Row) -> list[dict[str, object]]:
    """The table cells of `row`: what is shown and the raw value the table sorts by."""
    return [{"text": measure.format(m, row.get(measure.column)), "value": row.get(measure.column)} for measure in measures]
