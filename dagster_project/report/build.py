"""Building the service report: one self-contained HTML file read from the published warehouse."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Literal

import duckdb
import jinja2
import plotly.offline
from markupsafe import Markup

from dagster_project import settings, warehouse
from dagster_project.report import charts, queries
from dagster_project.report.i18n import Messages, messages
from dagster_project.report.period import ReportPeriod, choose_period
from dagster_project.report.scorecard import (
    BY_CHANNEL,
    BY_OWNER,
    SCORECARD,
    cells,
    change,
)

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("dagster_project.report", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class ReportError(Exception):
    """The warehouse cannot give a report (missing, or not built by this project)."""


@dataclass(frozen=True)
class BuiltReport:
    path: Path
    size_bytes: int
    seconds: float
    period: ReportPeriod | None  # None: the warehouse holds no ticket


def default_report_path(warehouse_path: Path) -> Path:
    """reports/service-report.html beside the warehouse file."""
    return warehouse_path.parent / "reports" / "service-report.html"


@cache
def _plotly_js() -> str:
    return plotly.offline.get_plotlyjs()


def build_report(
    warehouse_path: Path,
    out: Path | None = None,
    *,
    lang: str | None = None,
    period: Literal["week", "month"] = "week",
    date_from: date | None = None,
    date_to: date | None = None,
) -> BuiltReport:
    """Write the report of `warehouse_path` to `out` (default: default_report_path)."""
    started = time.perf_counter()
    if not warehouse_path.exists():
        raise ReportError(f"no warehouse at {warehouse_path}: run `make run` (or `helpdesk-metrics run`) first")
    m = messages(lang)
    tz = settings.reporting_timezone()
    con = warehouse.connect(warehouse_path, read_only=True)
    try:
        try:
            as_of = queries.as_of(con)
        except duckdb.CatalogException as error:
            raise ReportError(f"{warehouse_path} has no marts.fct_tickets: not a warehouse built by this project") from error
        chosen = None if as_of is None else choose_period(_local_day(as_of, tz), period, date_from, date_to)
        context = _context(con, m, tz, as_of, chosen, warehouse_path)
    finally:
        con.close()
    html = TEMPLATES.get_template("report.html.j2").render(**context)
    target = (out or default_report_path(warehouse_path)).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write beside and rename, so a reader (or a browser open on it) never sees half a file.
    partial = target.with_name(target.name + ".partial")
    partial.write_text(html, encoding="utf-8")
    partial.replace(target)
    return BuiltReport(target, target.stat().st_size, time.perf_counter() - started, chosen)


def _local_day(instant: datetime, tz: str) -> date:
    from zoneinfo import ZoneInfo

    return instant.astimezone(ZoneInfo(tz)).date()


def _context(
    con: duckdb.DuckDBPyConnection,
    m: Messages,
    tz: str,
    as_of: datetime | None,
    period: ReportPeriod | None,
    warehouse_path: Path,
) -> dict[str, object]:
    provenance = queries.provenance(con)
    base: dict[str, object] = {
        "m": m,
        "tz": tz,
        "as_of": as_of,
        "period": period,
        "built_at": datetime.now(UTC),
        "warehouse_path": str(warehouse_path),
        "plotly_js": Markup(_plotly_js()),
        "provenance": provenance,
    }
    if period is None:
        data = {"lang": m.lang, "empty": True, "provenance": provenance}
        return {**base, "empty": True, "data_json": _json(data)}

    channels = queries.channels(con)
    colours = charts.channel_colours(channels)
    total = queries.period_metrics(con, queries.TOTAL, period.start, period.end, tz).get("all", {})
    previous = queries.period_metrics(con, queries.TOTAL, period.previous_start, period.previous_end, tz).get("all", {})
    by_channel = queries.channel_period_rows(con, period, tz)
    teams = queries.period_metrics(con, queries.TEAM, period.start, period.end, tz)
    agents = queries.period_metrics(con, queries.AGENT, period.start, period.end, tz)
    team_names = queries.names(con, "teams", "team_id", "name")
    agent_names = queries.names(con, "agents", "agent_id", "name")
    hours = queries.hour_of_week(con, period, tz)
    staffing = queries.staffing(con)
    csat = queries.csat_by_first_response(con)
    backlog = queries.backlog(con, period)
    sla_daily = queries.sla_daily(con, period)
    sla_by_priority = queries.sla_by_priority(con, period, tz)
    breaches = queries.sla_breaches(con, period, tz)
    bots = queries.bots(con, period, tz)

    scorecard = [
        {
            "label": m(f"measure.{measure.column}"),
            "column": measure.column,
            "text": measure.format(m, total.get(measure.column)),
            "previous": measure.format(m, previous.get(measure.column)),
            "change": change(measure, m, total.get(measure.column), previous.get(measure.column)),
        }
        for measure in SCORECARD
    ]
    channel_rows = [
        {"key": channel, "colour": colours[channel], "cells": cells(BY_CHANNEL, m, by_channel[channel])}
        for channel in channels
        if channel in by_channel
    ]
    silent_channels = [channel for channel in channels if channel not in by_channel or not by_channel[channel].get("tickets_created")]

    def owners(found: dict[object, queries.Row], labels: dict[object, str]) -> list[dict[str, object]]:
        # Slowest first response first: the rows a team lead looks at.
        ordered = sorted(found.items(), key=lambda kv: -(kv[1].get("first_response_p50_minutes") or -1))
        return [
            {
                "key": "" if key is None else str(key),
                "label": m("value.none") if key is None else labels.get(key, str(key)),
                "cells": cells(BY_OWNER, m, row),
            }
            for key, row in ordered
            if row.get("tickets_created")
        ]

    data = {
        "lang": m.lang,
        "empty": False,
        "timezone": tz,
        "as_of": as_of,
        "period": asdict(period),
        "scorecard": {"current": total, "previous": previous},
        "channels": _keyed(by_channel),
        "teams": _keyed(teams),
        "agents": _keyed(agents),
        "hour_of_week": hours,
        "staffing": staffing,
        "csat_by_first_response": csat,
        "backlog": backlog,
        "sla_daily": sla_daily,
        "sla_by_priority": sla_by_priority,
        "sla_breaches": breaches,
        "bots": bots,
        "provenance": provenance,
    }
    return {
        **base,
        "empty": False,
        "channels": channels,
        "colours": colours,
        "scorecard": scorecard,
        "channel_columns": [m(f"measure.{measure.column}") for measure in BY_CHANNEL],
        "channel_rows": channel_rows,
        "silent_channels": silent_channels,
        "owner_columns": [m(f"measure.{measure.column}") for measure in BY_OWNER],
        "team_rows": owners(teams, team_names),
        "agent_rows": owners(agents, agent_names),
        "weekly_trend": _markup(charts.weekly_trend(queries.weekly_trend(con, period), colours, m)),
        "daily_volume": _markup(charts.daily_volume(queries.daily_volume(con, period), colours, period.start, m)),
        "arrivals_heatmap": _markup(
            charts.hour_of_week(
                hours, channels, "arrivals", "chart-arrivals", m, colorscale="Blues", unit=m("measure.tickets_created")
            )
        ),
        "response_heatmap": _markup(
            charts.hour_of_week(
                hours, channels, "first_response_p50_minutes", "chart-response", m, colorscale="OrRd", unit=m("unit.hours_axis")
            )
        ),
        "staffing_heatmap": _markup(charts.staffing(staffing, channels, m)),
        "csat_chart": _markup(charts.csat_by_first_response(csat, colours, m)),
        "csat_rows": csat,
        "backlog_chart": _markup(charts.backlog(backlog, period.start, m)),
        "backlog_rows": backlog,
        "sla_chart": _markup(charts.sla_daily(sla_daily, m)),
        "sla_by_priority": sla_by_priority,
        "sla_breaches": breaches,
        "sla_breach_count": queries.sla_breach_count(con, period, tz),
        "bots_chart": _markup(charts.bots(bots, m)),
        "bots": bots,
        "data_json": _json(data),
    }


def _keyed(found: dict[object, queries.Row]) -> dict[str, queries.Row]:
    # JSON keys are strings; the group of tickets without a team or agent is "".
    return {"" if key is None else str(key): row for key, row in found.items()}


def _markup(fragment: str | None) -> Markup | None:
    return None if fragment is None else Markup(fragment)


def _json(data: object) -> Markup:
    # Inside <script>: "</" would end the element, so it is escaped; dates become ISO strings.
    text = json.dumps(data, default=_json_default, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("</", "<\\/"))


def _json_default(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if hasattr(value, "__float__"):
        return float(value)  # type: ignore[arg-type]
    raise TypeError(f"cannot embed {type(value).__name__} in the report data")
