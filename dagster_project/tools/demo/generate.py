"""Writes a realistic demo delivery in the canonical export format, the same bytes for the same arguments."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from dagster_project.tools.demo.activity import ActivityLog
from dagster_project.tools.demo.bad_rows import bad_rows as broken_rows
from dagster_project.tools.demo.bad_rows import slip_in
from dagster_project.tools.demo.clock import DAY, LocalClock
from dagster_project.tools.demo.export_tables import ExportTables
from dagster_project.tools.demo.lifecycle import simulate
from dagster_project.tools.demo.organisation import TEAM_TIMEZONES, build_organisation
from dagster_project.tools.demo.ratings import rate
from dagster_project.tools.demo.tickets import draw_tickets

FileFormat = Literal["csv", "parquet"]
DEFAULT_END = datetime(2026, 9, 30, tzinfo=UTC)


def generate_delivery(
    out_dir: Path,
    *,
    tickets: int = 20_000,
    days: int = 90,
    seed: int = 42,
    end: datetime = DEFAULT_END,
    file_format: FileFormat = "csv",
    bad_rows: bool = True,
) -> dict[str, int]:
    """Write one delivery folder `out_dir` with the six export tables for `tickets` tickets created over the
    `days` days before `end` (everything in it happens before `end`).

    With `bad_rows`, a few rows with one defect each (an unparseable or missing timestamp, an unknown author
    type or status, a missing ticket id, a score of 9) are spread through the files for the ingest to
    quarantine. Returns the rows written per table, and under "bad_rows" how many of them are such rows.
    """
    if end.utcoffset() is None:
        raise ValueError(f"end must be timezone-aware, e.g. datetime(2026, 9, 30, tzinfo=UTC), got {end!r}")
    if tickets < 1 or days < 1:
        raise ValueError(f"tickets and days must be at least 1, got tickets={tickets}, days={days}")
    if file_format not in ("csv", "parquet"):
        raise ValueError(f"file_format must be 'csv' or 'parquet', got {file_format!r}")

    end_at = int(end.timestamp())
    start = end_at - days * DAY
    rng = np.random.default_rng(seed)
    clock = LocalClock(list(TEAM_TIMEZONES), start, end_at)
    org = build_organisation(rng, start, end_at)
    population = draw_tickets(rng, clock, start, end_at, tickets)
    log = ActivityLog()
    outcome = simulate(rng, clock, org, population, log)
    messages, events = log.messages(end_at), log.events(end_at, population.count)
    export = ExportTables(clock, org, population, messages, events, rate(rng, population, outcome, end_at))
    tables = export.all()

    broken = 0
    if bad_rows:
        spare_ids = {
            "tickets": export.ticket_plan.spare(3),
            "messages": export.message_plan.spare(3),
            "ticket_events": export.event_plan.spare(3),
        }
        for name, rows in broken_rows(tables, spare_ids).items():
            tables[name] = slip_in(tables[name], rows)
            broken += len(rows)

    out_dir.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        _write(table, out_dir / f"{name}.{file_format}", file_format)
    return {name: table.num_rows for name, table in tables.items()} | {"bad_rows": broken}


def _write(table: pa.Table, path: Path, file_format: FileFormat) -> None:
    if file_format == "csv":
        pa_csv.write_csv(table, path)
    else:
        pq.write_table(table, path)
