"""The figures of a bench run: one record per (size, stage), as written to data/bench/results.json."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from dagster_project.tools.bench.measure import Measured
from dagster_project.tools.bench.memory import MB

Stage = Literal[
    "ingest", "transform", "validate", "total", "incremental_day", "sql_only", "lower_bound", "pandas", "adapt"
]
PIPELINE_STAGES: tuple[Stage, ...] = ("ingest", "transform", "validate")


@dataclass(frozen=True)
class Record:
    tickets: int
    stage: Stage
    wall_s: float
    peak_rss_mb: float
    # Raw rows loaded (all export tables of the account) per second of this stage's wall time.
    rows_per_s: float | None = None
    warehouse_mb: float | None = None
    # pandas only: the part of wall_s spent reading the raw tables into data frames.
    read_s: float | None = None
    # sql_only only: the part of wall_s spent on the data tests' queries (the rest is the models').
    tests_s: float | None = None
    # Baselines only: share of marts.fct_tickets tickets whose core facts the baseline reproduces exactly.
    agreement: float | None = None
    # CPU seconds (the process's threads, DuckDB's included), which a busy machine inflates far less than
    # wall_s: total, incremental_day and adapt (the job), ingest, transform and validate (their steps),
    # sql_only (its session).
    cpu_s: float | None = None
    # incremental_day only: the tickets its dbt build recomputed (int_tickets_in_scope).
    tickets_in_scope: int | None = None
    # `bench --zendesk` only: the generated Zendesk account's `zendesk` delivery or its `canonical`
    # twin (bench/zendesk.py); none for the demo account.
    account: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}


def _per_second(rows: int, seconds: float) -> float | None:
    return rows / seconds if seconds > 0 else None


def refresh_records(tickets: int, refresh: Measured, warehouse: Path, account: str | None = None) -> list[Record]:
    """ingest, transform, validate (each the sum of its steps) and total (the whole job, Dagster's own
    work between steps included)."""
    report, sampler = refresh.report, refresh.sampler
    rows = report["raw_rows"]
    records = []
    for stage in PIPELINE_STAGES:
        windows = [(step["start"], step["end"]) for step in report["steps"] if step["stage"] == stage]
        wall_s = sum(end - start for start, end in windows)
        records.append(
            Record(
                tickets,
                stage,
                wall_s,
                sampler.peak_mb(windows),
                _per_second(rows, wall_s),
                # validation only reads, the file is as the transform left it
                sampler.file_mb_after(max(end for _, end in windows)) if windows and stage != "validate" else None,
                cpu_s=_summed_cpu_s([step for step in report["steps"] if step["stage"] == stage]),
                account=account,
            )
        )
    wall_s = report["ended_at"] - report["started_at"]
    records.append(
        Record(
            tickets,
            "total",
            wall_s,
            sampler.peak_mb([(report["started_at"], report["ended_at"])]),
            _per_second(rows, wall_s),
            warehouse.stat().st_size / MB,
            cpu_s=report["cpu_s"],
            account=account,
        )
    )
    return records


def _summed_cpu_s(steps: list[dict[str, Any]]) -> float | None:
    # Reports of an older bench, or a step whose end was not stored, have no CPU figure.
    seconds = [step.get("cpu_s") for step in steps]
    return sum(seconds) if seconds and None not in seconds else None


def baseline_record(
    tickets: int, stage: Stage, measured: Measured, raw_rows: int, agreement: float | None
) -> Record:
    report = measured.report
    wall_s = report["ended_at"] - report["started_at"]
    return Record(
        tickets,
        stage,
        wall_s,
        measured.sampler.peak_mb([(report["started_at"], report["ended_at"])]),
        _per_second(raw_rows, wall_s),
        read_s=report["read_ended_at"] - report["started_at"] if "read_ended_at" in report else None,
        tests_s=report["ended_at"] - report["models_ended_at"] if "models_ended_at" in report else None,
        cpu_s=report.get("cpu_s"),
        agreement=agreement,
    )


def incremental_record(tickets: int, refresh: Measured, warehouse: Path) -> Record:
    """The whole job refreshing the warehouse after a one-day delivery (bench/next_day.py)."""
    report = refresh.report
    wall_s = report["ended_at"] - report["started_at"]
    return Record(
        tickets,
        "incremental_day",
        wall_s,
        refresh.sampler.peak_mb([(report["started_at"], report["ended_at"])]),
        warehouse_mb=warehouse.stat().st_size / MB,
        cpu_s=report["cpu_s"],
        tickets_in_scope=report["tickets_in_scope"],
    )
