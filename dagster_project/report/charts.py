"""The report's charts, as plotly figures rendered to HTML fragments that share the one inlined plotly.js.
Every function returns None when it has nothing to draw: the panel then says "no data"."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dagster_project.report.i18n import Messages
from dagster_project.report.queries import SLA_METRICS, Row

# One colour per channel, by the channel's rank in volume, the same in every chart (colour-blind safe first).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#7F7F7F", "#8C564B")
AGE_COLOURS = {"0-1d": "#c6dbef", "1-3d": "#6baed6", "3-7d": "#2171b5", "7-30d": "#08519c", "30d+": "#08306b"}
PRIORITY_COLOURS = {"urgent": "#D55E00", "high": "#E69F00", "normal": "#0072B2", "low": "#56B4E9"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', sans-serif"


def channel_colours(channels: Sequence[str]) -> dict[str, str]:
    return {channel: PALETTE[i % len(PALETTE)] for i, channel in enumerate(channels)}


def to_html(figure: go.Figure, div_id: str, height: int) -> str:
    figure.update_layout(
        template="plotly_white",
        height=height,
        margin={"l": 56, "r": 16, "t": 32, "b": 40},
        font={"family": FONT, "size": 12},
        legend={"orientation": "h", "y": -0.15},
        hoverlabel={"font": {"family": FONT}},
    )
    return figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        default_height=f"{height}px",
        config={"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]},
    )


def _hours(minutes: object) -> float | None:
    return None if minutes is None else float(minutes) / 60


def weekly_trend(rows: list[Row], colours: dict[str, str], m: Messages) -> str | None:
    if not rows:
        return None
    figure = make_subplots(
        rows=3,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=(m("measure.tickets_created"), m("measure.first_response_p50"), m("measure.first_response_p90")),
    )
    for channel, colour in colours.items():
        mine = [r for r in rows if r["channel"] == channel]
        if not mine:
            continue
        weeks = [r["week_start"] for r in mine]
        for row, (key, fmt) in enumerate(
            (
                ("tickets_created", m.integer),
                ("first_response_p50_minutes", m.minutes),
                ("first_response_p90_minutes", m.minutes),
            ),
            start=1,
        ):
            values = [r[key] if key == "tickets_created" else _hours(r[key]) for r in mine]
            figure.add_trace(
                go.Scatter(
                    x=weeks,
                    y=values,
                    name=channel,
                    legendgroup=channel,
                    showlegend=row == 1,
                    mode="lines+markers",
                    line={"color": colour, "width": 2},
                    marker={"size": 5},
                    text=[fmt(r[key]) for r in mine],
                    hovertemplate=f"{channel} · %{{x|%Y-%m-%d}}: %{{text}}<extra></extra>",
                ),
                row=row,
                col=1,
            )
    figure.update_yaxes(title_text=m("unit.hours_axis"), row=2, col=1)
    figure.update_yaxes(title_text=m("unit.hours_axis"), row=3, col=1)
    return to_html(figure, "chart-weekly-trend", 640)


def daily_volume(rows: list[Row], colours: dict[str, str], period_start: object, m: Messages) -> str | None:
    return _stacked_days(
        rows, "channel", "tickets_created", colours, period_start, m("measure.tickets_created"), "chart-daily-volume"
    )


def hour_of_week(
    rows: list[Row], channels: Sequence[str], key: str, div_id: str, m: Messages, *, colorscale: str, unit: str
) -> str | None:
    """A weekday × hour heatmap of `key`, one per channel (and all channels) behind a menu."""
    if not rows:
        return None
    groups = ["all", *[c for c in channels if any(r["channel"] == c for r in rows)]]
    weekdays = [m.weekday(d) for d in range(1, 8)]
    figure = go.Figure()
    for index, group in enumerate(groups):
        cells = {(r["weekday"], r["hour_of_day"]): r for r in rows if r["channel"] == group}
        z = [[_cell(cells.get((d, h)), key) for h in range(24)] for d in range(1, 8)]
        text = [[_cell_text(cells.get((d, h)), key, m) for h in range(24)] for d in range(1, 8)]
        figure.add_trace(
            go.Heatmap(
                z=z,
                x=list(range(24)),
                y=weekdays,
                text=text,
                hovertemplate="%{y} %{x}:00 · %{text}<extra></extra>",
                colorscale=colorscale,
                visible=index == 0,
                hoverongaps=False,
                colorbar={"thickness": 10, "title": {"text": unit, "side": "right"}},
            )
        )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text=m("axis.hour"), dtick=2)
    figure.update_layout(
        updatemenus=[
            {
                "buttons": [
                    {
                        "label": m("channel.all") if group == "all" else group,
                        "method": "update",
                        "args": [{"visible": [i == index for i in range(len(groups))]}],
                    }
                    for index, group in enumerate(groups)
                ],
                "x": 0,
                "y": 1.18,
                "xanchor": "left",
            }
        ],
        margin={"t": 56},
    )
    return to_html(figure, div_id, 340)


def _cell(row: Row | None, key: str) -> float | None:
    if row is None:
        return 0 if key == "arrivals" else None
    value = row[key]
    return _hours(value) if key.endswith("_minutes") else value


def _cell_text(row: Row | None, key: str, m: Messages) -> str:
    if row is None:
        return m("panel.no_data") if key.endswith("_minutes") else "0"
    value = row[key]
    return m.minutes(value) if key.endswith("_minutes") else m.integer(value)


def staffing(rows: list[Row], channels: Sequence[str], m: Messages) -> str | None:
    """Agents needed per hour of the team's week, one heatmap per channel and team behind a menu (the busiest
    channel first)."""
    if not rows:
        return None
    rank = {channel: index for index, channel in enumerate(channels)}
    groups = sorted(
        {(r["channel"], r["team_name"]) for r in rows}, key=lambda g: (rank.get(g[0], len(rank)), str(g[0]), str(g[1]))
    )
    weekdays = [m.weekday(d) for d in range(1, 8)]
    figure = go.Figure()
    for index, (channel, team) in enumerate(groups):
        cells = {(r["weekday"], r["hour_of_day"]): r for r in rows if (r["channel"], r["team_name"]) == (channel, team)}
        z = [[(cells.get((d, h)) or {}).get("agents_needed") for h in range(24)] for d in range(1, 8)]
        text = [
            [
                m("staffing.cell", agents=z[d - 1][h], arrivals=m.decimal((cells.get((d, h)) or {}).get("arrivals_per_hour"), 1))
                for h in range(24)
            ]
            for d in range(1, 8)
        ]
        figure.add_trace(
            go.Heatmap(
                z=z,
                x=list(range(24)),
                y=weekdays,
                text=text,
                hovertemplate="%{y} %{x}:00 · %{text}<extra></extra>",
                colorscale="Greens",
                visible=index == 0,
                colorbar={"thickness": 10, "title": {"text": m("unit.agents_axis"), "side": "right"}},
            )
        )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text=m("axis.hour_team"), dtick=2)
    figure.update_layout(
        updatemenus=[
            {
                "buttons": [
                    {
                        "label": f"{channel} · {team}",
                        "method": "update",
                        "args": [{"visible": [i == index for i in range(len(groups))]}],
                    }
                    for index, (channel, team) in enumerate(groups)
                ],
                "x": 0,
                "y": 1.18,
                "xanchor": "left",
            }
        ],
        margin={"t": 56},
    )
    return to_html(figure, "chart-staffing", 340)


def csat_by_first_response(rows: list[Row], colours: dict[str, str], m: Messages) -> str | None:
    if not rows:
        return None
    buckets = [r["first_response_bucket"] for r in sorted(rows, key=lambda r: r["bucket_order"])]
    order = list(dict.fromkeys(buckets))
    figure = go.Figure()
    for channel, colour in colours.items():
        mine = {r["first_response_bucket"]: r for r in rows if r["channel"] == channel}
        if mine:
            figure.add_trace(
                go.Bar(
                    x=[_bucket_label(b, m) for b in order],
                    y=[(mine.get(b) or {}).get("csat_mean") for b in order],
                    name=channel,
                    marker_color=colour,
                    text=[m.integer((mine.get(b) or {}).get("csat_responses")) for b in order],
                    hovertemplate=f"{channel} · %{{x}}: %{{y:.2f}} (n = %{{text}})<extra></extra>",
                    textposition="none",
                )
            )
    figure.update_layout(barmode="group", yaxis={"title": m("measure.csat_mean"), "range": [1, 5]})
    return to_html(figure, "chart-csat", 340)


def _bucket_label(bucket: object, m: Messages) -> str:
    key = f"bucket.{bucket}"
    return m(key) if m.has(key) else str(bucket)


def backlog(rows: list[Row], period_start: object, m: Messages) -> str | None:
    return _stacked_days(
        rows, "age_bucket", "open_tickets", AGE_COLOURS, period_start, m("measure.open_tickets"), "chart-backlog"
    )


def _stacked_days(
    rows: list[Row],
    category: str,
    value: str,
    colours: dict[str, str],
    period_start: object,
    y_title: str,
    div_id: str,
) -> str | None:
    """Bars per day stacked by `category` (one colour each), with the period's start marked."""
    if not rows:
        return None
    figure = go.Figure()
    for name, colour in colours.items():
        mine = [r for r in rows if r[category] == name]
        if mine:
            figure.add_trace(
                go.Bar(
                    x=[r["date_day"] for r in mine],
                    y=[r[value] for r in mine],
                    name=name,
                    marker_color=colour,
                    hovertemplate=f"{name} · %{{x|%Y-%m-%d}}: %{{y}}<extra></extra>",
                )
            )
    figure.update_layout(barmode="stack", yaxis_title=y_title)
    figure.add_vline(x=period_start, line_dash="dot", line_color="#555")
    return to_html(figure, div_id, 320)


def sla_daily(rows: list[Row], m: Messages) -> str | None:
    if not rows:
        return None
    figure = make_subplots(
        rows=1, cols=3, shared_yaxes=True, subplot_titles=[m(f"sla.{metric}") for metric in SLA_METRICS]
    )
    priorities = sorted({r["priority"] for r in rows}, key=lambda p: list(PRIORITY_COLOURS).index(p) if p in PRIORITY_COLOURS else 99)
    for column, metric in enumerate(SLA_METRICS, start=1):
        for priority in priorities:
            mine = [r for r in rows if r["priority"] == priority]
            key = f"{metric}_sla_attainment"
            figure.add_trace(
                go.Scatter(
                    x=[r["date_day"] for r in mine],
                    y=[r[key] for r in mine],
                    name=str(priority or m("value.none")),
                    legendgroup=str(priority),
                    showlegend=column == 1,
                    mode="lines+markers",
                    marker={"size": 4},
                    line={"color": PRIORITY_COLOURS.get(str(priority), "#7F7F7F")},
                    text=[m.share(r[key]) for r in mine],
                    hovertemplate=f"{priority} · %{{x|%Y-%m-%d}}: %{{text}}<extra></extra>",
                ),
                row=1,
                col=column,
            )
    figure.update_yaxes(tickformat=".0%", range=[0, 1.05])
    return to_html(figure, "chart-sla", 320)


def bots(rows: list[Row], m: Messages) -> str | None:
    if not rows:
        return None
    labels = [m("channel.all") if r["is_total"] else str(r["channel"]) for r in rows]
    figure = go.Figure()
    for key, name, colour in (
        ("first_response_p50_minutes", m("bots.first_response_p50"), "#0072B2"),
        ("human_after_bot_p50_minutes", m("bots.human_after_bot_p50"), "#E69F00"),
    ):
        figure.add_trace(
            go.Bar(
                x=labels,
                y=[_hours(r[key]) for r in rows],
                name=name,
                marker_color=colour,
                text=[m.minutes(r[key]) for r in rows],
                hovertemplate="%{x} · %{text}<extra></extra>",
                textposition="none",
            )
        )
    figure.update_layout(barmode="group", yaxis_title=m("unit.hours_axis"))
    return to_html(figure, "chart-bots", 300)
