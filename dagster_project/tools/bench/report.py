"""The bench's verdict: ratios between the records, the targets they are held to, and how both are shown."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dagster_project.tools.bench.measure import Measured
from dagster_project.tools.bench.records import Record, Stage
from dagster_project.tools.bench.workloads import OTHER_STEPS

GIB_MB = 1024.0
TINY, SMALL, LARGE = 10_000, 100_000, 1_000_000
ZENDESK_RATIO_TARGET = 1.5


@dataclass(frozen=True)
class Verdict:
    name: str
    figure: float
    target: str
    met: bool


def _figure(
    records: list[Record], tickets: int, stage: Stage, field: str = "wall_s", account: str | None = None
) -> float | None:
    for record in records:
        if record.tickets == tickets and record.stage == stage and record.account == account:
            return getattr(record, field)
    return None


def _check(name: str, figure: float | None, target: str, met: Callable[[float], bool]) -> list[Verdict]:
    return [] if figure is None else [Verdict(name, figure, target, met(figure))]


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    return numerator / denominator if numerator is not None and denominator else None


def verdicts(records: list[Record]) -> list[Verdict]:
    """Every target (docs/performance.md) that the measured sizes allow to check."""
    found: list[Verdict] = []
    found += _check(
        "1,000,000 tickets: full refresh, s", _figure(records, LARGE, "total"), "≤ 60", lambda s: s <= 60
    )
    found += _check(
        "1,000,000 tickets: peak memory, MiB",
        _figure(records, LARGE, "total", "peak_rss_mb"),
        f"≤ {GIB_MB * 4:,.0f}",
        lambda mb: mb <= GIB_MB * 4,
    )
    found += _check(
        "1,000,000 tickets: sql_only, s", _figure(records, LARGE, "sql_only"), "≤ 30", lambda s: s <= 30
    )
    found += _check("100,000 tickets: full refresh, s", _figure(records, SMALL, "total"), "≤ 10", lambda s: s <= 10)
    found += _check("10,000 tickets: full refresh, s", _figure(records, TINY, "total"), "≤ 5", lambda s: s <= 5)
    found += _check(
        "1,000,000 tickets: one-day incremental refresh, s",
        _figure(records, LARGE, "incremental_day"),
        "≤ 10",
        lambda s: s <= 10,
    )
    for tickets in sorted({r.tickets for r in records}):
        found += _check(
            f"{tickets:,} tickets: transform ÷ sql_only",
            _ratio(_figure(records, tickets, "transform"), _figure(records, tickets, "sql_only")),
            "≤ 1.5",
            lambda ratio: ratio <= 1.5,
        )
        # The same ratio in CPU seconds, for a busy machine, where DuckDB's wall time swells more than dbt's.
        found += _check(
            f"{tickets:,} tickets: transform ÷ sql_only, CPU",
            _ratio(_figure(records, tickets, "transform", "cpu_s"), _figure(records, tickets, "sql_only", "cpu_s")),
            "≤ 1.5",
            lambda ratio: ratio <= 1.5,
        )
        found += _check(
            f"{tickets:,} tickets: transform ÷ lower bound",
            _ratio(_figure(records, tickets, "transform"), _figure(records, tickets, "lower_bound")),
            "≤ 3",
            lambda ratio: ratio <= 3,
        )
        found += _check(
            f"{tickets:,} tickets: pandas ÷ transform",
            _ratio(_figure(records, tickets, "pandas"), _figure(records, tickets, "transform")),
            "≥ 5",
            lambda ratio: ratio >= 5,
        )
    found += _check(
        "full refresh 1,000,000 ÷ 100,000 tickets",
        _ratio(_figure(records, LARGE, "total"), _figure(records, SMALL, "total")),
        "≤ 12",
        lambda ratio: ratio <= 12,
    )
    return found + _zendesk_verdicts(records)


def _zendesk_verdicts(records: list[Record]) -> list[Verdict]:
    """`bench --zendesk`: a Zendesk account refreshes within 1.5× its canonical twin (issue 15), and within the
    full-refresh targets of any account."""
    found: list[Verdict] = []
    for tickets in sorted({r.tickets for r in records if r.account == "zendesk"}):
        found += _check(
            f"{tickets:,} tickets: Zendesk ÷ canonical full refresh",
            _ratio(_figure(records, tickets, "total", account="zendesk"),
                   _figure(records, tickets, "total", account="canonical")),
            f"≤ {ZENDESK_RATIO_TARGET}",
            lambda ratio: ratio <= ZENDESK_RATIO_TARGET,
        )
    for tickets, limit in ((SMALL, 10), (TINY, 5)):
        found += _check(
            f"{tickets:,} tickets: Zendesk account full refresh, s",
            _figure(records, tickets, "total", account="zendesk"),
            f"≤ {limit}",
            lambda s, limit=limit: s <= limit,
        )
    return found


def write_results(records: list[Record], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([r.as_json() for r in records], indent=2) + "\n")


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def print_records(console: Console, records: list[Record]) -> None:
    table = Table(title="Full refresh and baselines")
    for heading in ("tickets", "stage", "wall s", "cpu s", "rows/s", "peak MiB", "file MiB", "agrees"):
        table.add_column(heading, justify="left" if heading == "stage" else "right", no_wrap=True)
    for r in records:
        table.add_row(
            f"{r.tickets:,}",
            f"{r.account} {r.stage}" if r.account else r.stage,
            _number(r.wall_s, 2),
            _number(r.cpu_s, 1),
            _number(r.rows_per_s, 0),
            _number(r.peak_rss_mb, 0),
            _number(r.warehouse_mb, 1),
            "" if r.agreement is None else f"{r.agreement:.2%}",
        )
    console.print(table)


def print_verdicts(console: Console, found: list[Verdict]) -> None:
    table = Table(title="Targets")
    for heading in ("figure", "measured", "target", ""):
        table.add_column(heading, justify="left" if heading == "figure" else "right")
    for v in found:
        table.add_row(v.name, _number(v.figure, 2), v.target, "[green]met[/]" if v.met else "[red]missed[/]")
    console.print(table)


def print_refresh_notes(console: Console, refresh: Measured) -> None:
    report = refresh.report
    if not report["success"]:
        failed = "; ".join(report["failed_checks"]) or "see the log"
        console.print(f"  [yellow]the refresh did not succeed[/] (figures still shown): {failed}")
    console.print(f"  loading the definitions took {report['definitions_load_s']:.1f} s (not counted in total)")
    stages = [f"start-up (resources, working copy) {report['start_up_s']:.1f} s"]
    for stage in ("ingest", "transform", "validate", OTHER_STEPS):
        steps = [step for step in report["steps"] if step["stage"] == stage]
        cpu = [step["cpu_s"] for step in steps]
        stages.append(
            f"{stage} {sum(step['end'] - step['start'] for step in steps):.1f} s"
            + (f" (CPU {sum(cpu):.1f} s)" if steps and None not in cpu else "")
        )
    console.print(f"  steps: {', '.join(stages)}")
    if report["tickets_in_scope"]:
        console.print(f"  tickets recomputed: {report['tickets_in_scope']:,} of {report['tickets']:,}")
    phases = ", ".join(
        f"{name.removesuffix('_s').replace('_', ' ')} {seconds:.1f} s"
        for name, seconds in report["transform_phases"].items()
    )
    if phases:
        console.print(f"  transform: {phases}")
    other = ", ".join(
        f"{step['step']} {step['end'] - step['start']:.1f} s"
        for step in report["steps"]
        if step["stage"] == OTHER_STEPS
    )
    if other:
        console.print(f"  other steps (in total only): {other}")
    slowest = ", ".join(f"{n['node'].split('.')[-1]} {n['seconds']:.1f} s" for n in report["slowest_dbt_nodes"])
    if slowest:
        console.print(f"  slowest dbt nodes: {slowest}")
