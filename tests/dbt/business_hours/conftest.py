"""Business-hours test harness: dbt builds and compiles once per session; examples run the compiled SQL.

The session fixture runs `dbt build` on the business-hours seeds and models into a temporary warehouse
(which also runs their dbt data tests) and compiles the two macros the marts call. A `BusinessHoursLab`
then replays exactly that SQL in an in-memory DuckDB holding one example's seeds, so property tests can
try many configurations without invoking dbt again.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import duckdb
import pytest
from dbt.cli.main import dbtRunner, dbtRunnerResult

from dagster_project import settings, warehouse

SEEDS = ("business_schedules", "holidays", "team_schedules")
MODELS_PATH = "models/intermediate/business_hours"
# The warehouse file name is the DuckDB database name the compiled SQL qualifies every relation with.
DATABASE = "business_hours"

ScheduleRow = tuple[str, str, int, str, str, dt.date | None, dt.date | None]
HolidayRow = tuple[str, dt.datetime, dt.datetime, str]


@dataclass(frozen=True)
class CompiledBusinessHours:
    """The business-hours SQL exactly as dbt compiled it for the marts."""

    warehouse_path: Path
    seed_tables: dict[str, tuple[str, dict[str, str]]]  # seed -> (relation name, column types)
    models: list[tuple[str, str]]  # (relation name, compiled SELECT) in dependency order
    clock_at_sql: str  # business_hours_clock_at over relation `probe` (schedule_id, "at"): F in microseconds
    instant_after_sql: str  # business_hours_instant_after over `probe` (schedule_id, start_at, target_minutes)


def _dbt(runner: dbtRunner, args: list[str], work_dir: Path) -> dbtRunnerResult:
    result = runner.invoke(
        [
            *args,
            "--project-dir", str(settings.DBT_PROJECT_DIR),
            "--profiles-dir", str(settings.DBT_PROJECT_DIR),
            "--target-path", str(work_dir / "target"),
            "--log-path", str(work_dir / "logs"),
            "--quiet",
        ]
    )
    if not result.success:
        raise AssertionError(f"dbt {args[0]} failed: {result.exception or result.result}")
    return result


@pytest.fixture(scope="session")
def business_hours_dbt(tmp_path_factory: pytest.TempPathFactory) -> CompiledBusinessHours:
    work_dir = tmp_path_factory.mktemp("business_hours_dbt")
    warehouse_path = work_dir / f"{DATABASE}.duckdb"
    previous = os.environ.get("HELPDESK_WAREHOUSE")
    os.environ["HELPDESK_WAREHOUSE"] = str(warehouse_path)
    try:
        manifest = _dbt(dbtRunner(), ["parse"], work_dir).result
        runner = dbtRunner(manifest=manifest)
        selection = [f"path:{MODELS_PATH}", *(f"path:seeds/{seed}.csv" for seed in SEEDS)]
        build = _dbt(runner, ["build", "--select", *selection], work_dir).result

        def compile_inline(sql: str) -> str:
            return _dbt(runner, ["compile", "--inline", sql], work_dir).result.results[0].node.compiled_code

        clock_at_sql = compile_inline("{{ business_hours_clock_at('probe', 'schedule_id', ['at']) }}")
        instant_after_sql = compile_inline(
            "{{ business_hours_instant_after('probe', schedule_column='schedule_id', start_column='start_at',"
            " minutes_column='target_minutes') }}"
        )
    finally:
        if previous is None:
            os.environ.pop("HELPDESK_WAREHOUSE", None)
        else:
            os.environ["HELPDESK_WAREHOUSE"] = previous

    seed_tables = {
        node.name: (node.relation_name, dict(node.config.column_types))
        for node in manifest.nodes.values()
        if node.resource_type == "seed" and node.name in SEEDS
    }
    built_models = {r.node.unique_id: r.node for r in build.results if r.node.resource_type == "model"}
    order = TopologicalSorter(
        {uid: [d for d in node.depends_on.nodes if d in built_models] for uid, node in built_models.items()}
    ).static_order()
    models = [(built_models[uid].relation_name, built_models[uid].compiled_code) for uid in order]
    return CompiledBusinessHours(warehouse_path, seed_tables, models, clock_at_sql, instant_after_sql)


class BusinessHoursLab:
    """One configuration (schedules + holidays) loaded into an in-memory warehouse with the models built."""

    def __init__(self, compiled: CompiledBusinessHours, connection: duckdb.DuckDBPyConnection) -> None:
        self.compiled = compiled
        self.connection = connection

    def minutes_at(self, probes: Sequence[tuple[str | None, dt.datetime | None]]) -> list[float | None]:
        """F(schedule, instant) in minutes for each (schedule_id, instant): the cumulative business time
        whose differences the marts take (business_hours_clock_at, business_hours_minutes_between)."""
        self._load_probe("schedule_id varchar, \"at\" timestamptz", probes)
        minutes = 'cast("at_business_us" as double) / 60000000'
        return [row[0] for row in self._run(self.compiled.clock_at_sql, minutes)]

    def minutes_between(self, schedule_id: str, start: dt.datetime, end: dt.datetime) -> float | None:
        first, second = self.minutes_at([(schedule_id, start), (schedule_id, end)])
        return None if first is None or second is None else second - first

    def deadlines(
        self, probes: Sequence[tuple[str | None, dt.datetime | None, float | None]]
    ) -> list[dt.datetime | None]:
        """business_deadline_at for each (schedule_id, start_at, target_minutes)."""
        self._load_probe("schedule_id varchar, start_at timestamptz, target_minutes double", probes)
        return [row[0] for row in self._run(self.compiled.instant_after_sql, '"business_deadline_at"')]

    def _load_probe(self, columns: str, probes: Sequence[tuple[Any, ...]]) -> None:
        self.connection.execute(f"create or replace temp table probe (probe_number integer, {columns})")
        if probes:
            marks = ", ".join("?" * (len(probes[0]) + 1))
            self.connection.executemany(
                f"insert into probe values ({marks})", [(n, *probe) for n, probe in enumerate(probes)]
            )

    def _run(self, sql: str, expression: str) -> list[tuple[Any, ...]]:
        return self.connection.execute(f"select {expression} from ({sql}) as probed order by probe_number").fetchall()


@contextmanager
def _open_lab(
    compiled: CompiledBusinessHours, schedules: Sequence[ScheduleRow], holidays: Sequence[HolidayRow]
) -> Iterator[BusinessHoursLab]:
    connection = warehouse.connect(":memory:")
    try:
        connection.execute(f"attach ':memory:' as {DATABASE}")
        connection.execute(f"use {DATABASE}")
        for schema in ("raw", "intermediate"):
            connection.execute(f"create schema {schema}")
        for seed, rows in (("business_schedules", schedules), ("holidays", holidays)):
            relation, column_types = compiled.seed_tables[seed]
            columns = ", ".join(f'"{name}" {column_type}' for name, column_type in column_types.items())
            connection.execute(f"create table {relation} ({columns})")
            if rows:
                marks = ", ".join("?" * len(column_types))
                connection.executemany(f"insert into {relation} values ({marks})", list(rows))
        for relation, sql in compiled.models:
            connection.execute(f"create table {relation} as {sql}")
        yield BusinessHoursLab(compiled, connection)
    finally:
        connection.close()


LabFactory = Callable[[Sequence[ScheduleRow], Sequence[HolidayRow]], AbstractContextManager[BusinessHoursLab]]


@pytest.fixture(scope="session")
def business_hours_lab(business_hours_dbt: CompiledBusinessHours) -> LabFactory:
    """`with business_hours_lab(schedules, holidays) as lab:` — seeds given as rows in seed column order."""

    def open_lab(
        schedules: Sequence[ScheduleRow], holidays: Sequence[HolidayRow] = ()
    ) -> AbstractContextManager[BusinessHoursLab]:
        return _open_lab(business_hours_dbt, schedules, holidays)

    return open_lab


@pytest.fixture
def demo_business_hours(business_hours_dbt: CompiledBusinessHours) -> Iterator[BusinessHoursLab]:
    """The committed demo seeds (teams T1-T3) as dbt built them."""
    # Read-write: dbt-duckdb keeps its own connection to the file open in this process, and DuckDB only
    # shares a file between connections of the same configuration.
    connection = warehouse.connect(business_hours_dbt.warehouse_path)
    try:
        yield BusinessHoursLab(business_hours_dbt, connection)
    finally:
        connection.close()
