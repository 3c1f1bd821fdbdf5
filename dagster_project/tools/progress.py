"""What `helpdesk-metrics run` shows while a refresh runs: one line per stage, with its time, read from the
Dagster events of the run (materializations, check evaluations, step events, warnings), so it holds however
dbt is invoked. Everything the run prints (Dagster's console
logger at DEBUG, dbt's output, library progress bars) goes to the run's log file instead of the terminal."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from dagster import AssetKey, DagsterEventType, Definitions, EventLogEntry
from rich.console import Console
from rich.markup import escape

from dagster_project.defs.assets.publish import PUBLISHED_KEY
from dagster_project.defs.assets.report import REPORT_KEY

RAW_GROUP = "raw"
MODEL_GROUPS = ("staging", "intermediate", "marts")


def open_log(warehouse_path: Path, now: datetime | None = None) -> TextIO:
    """logs/refresh-<UTC timestamp>.log beside the warehouse file, opened for writing; in the system's temp
    folder when the warehouse folder cannot take it (read-only), so the refresh still runs and reports why."""
    name = f"refresh-{(now or datetime.now(UTC)).strftime('%Y%m%dT%H%M%SZ')}.log"
    folder = warehouse_path.parent / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return (folder / name).open("w", encoding="utf-8")
    except OSError:
        return (Path(tempfile.gettempdir()) / f"helpdesk-metrics-{name}").open("w", encoding="utf-8")


@contextmanager
def output_to(log: TextIO) -> Iterator[Console]:
    """Send this process's stdout and stderr (file descriptors 1 and 2, so subprocesses' too) to `log` while
    the block runs; the Console it yields writes to the terminal they had."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    terminal = os.fdopen(os.dup(saved[0]), "w", encoding="utf-8", buffering=1)
    try:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        yield Console(file=terminal, force_terminal=terminal.isatty(), highlight=False, soft_wrap=True)
    finally:
        # A log on a full disk must not turn the run's own error into another one.
        with suppress(OSError):
            sys.stdout.flush()
            sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)
        terminal.close()


class RefreshProgress:
    """The listener of one run's events: prints the stage lines."""

    def __init__(self, console: Console, defs: Definitions, selection: Collection[AssetKey] | None = None) -> None:
        """`selection`: the run's assets (None: all), whose models and checks the counts are of."""
        graph = defs.resolve_asset_graph()
        job = defs.resolve_job_def("full_refresh")
        selected = set(graph.get_all_asset_keys() if selection is None else selection)
        self.console = console
        self.started = time.monotonic()
        self.model_keys = {key for key in selected if graph.get(key).group_name in MODEL_GROUPS}
        # The steps that build models, and how many each builds: the dbt step is long and says nothing until
        # its first model is done, so its start gets a line.
        self.model_steps = Counter(graph.get(key).assets_def.node_def.name for key in self.model_keys)
        self.models_built: set[AssetKey] = set()
        self.models_reported = False
        self.check_count = sum(key.asset_key in selected for key in job.asset_layer.asset_graph.asset_check_keys)
        self.checks: Counter[str] = Counter()
        self.failed_checks: list[str] = []
        # Raw tables no delivery fills (a vendor's tables on another vendor's account): one line for all.
        self.empty_raw_tables: list[str] = []

    def line(self, text: str, style: str = "") -> None:
        elapsed = f"[dim]{time.monotonic() - self.started:6.1f}s[/]"
        self.console.print(f"{elapsed}  {f'[{style}]' if style else ''}{text}{'[/]' if style else ''}")

    def __call__(self, entry: EventLogEntry) -> None:
        event = entry.dagster_event
        if event is None:
            # Warnings of any step; of the run itself (resource set-up: what it builds from), its news too.
            if entry.level >= logging.WARNING:
                self.line(escape(entry.user_message), "yellow")
            elif entry.level >= logging.INFO and entry.step_key is None:
                self.line(escape(entry.user_message))
            return
        if event.event_type == DagsterEventType.ASSET_MATERIALIZATION:
            self._materialized(event.asset_key, event.step_materialization_data.materialization.metadata)
        elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            self.checks["passed" if evaluation.passed else "failed"] += 1
            if not evaluation.passed:
                name = f"{evaluation.asset_key.to_user_string()} {evaluation.check_name}"
                description = evaluation.description or ""
                self.line(f"gate failed: {escape(name)}{': ' + escape(description) if description else ''}", "red")
        elif event.event_type == DagsterEventType.STEP_START and event.step_key in self.model_steps:
            self._report_empty_raw_tables()
            if self.model_steps[event.step_key] > 1:
                # Other steps build models too (the staffing table): the total counts them.
                steps, total = self.model_steps[event.step_key], len(self.model_keys)
                self.line(f"building {steps} of {total} models ({event.step_key})")
        elif event.event_type == DagsterEventType.STEP_START and event.step_key == PUBLISHED_KEY.to_python_identifier():
            self._report_models()
            self._report_checks()
        elif event.event_type == DagsterEventType.RUN_FAILURE:
            self._report_empty_raw_tables()
            self._report_models()
            self._report_checks()

    def _materialized(self, key: AssetKey | None, metadata: dict[str, object]) -> None:
        if key is None:
            return
        if key in self.model_keys:
            self.models_built.add(key)
            built, total = len(self.models_built), len(self.model_keys)
            if built == total:
                self._report_models()
            elif built == 1 or built * 2 // total > (built - 1) * 2 // total:
                self.line(f"models built: {built} of {total}")
        elif key == PUBLISHED_KEY:
            self.line(f"published {escape(_text(metadata.get('path')))}", "green")
        elif key == REPORT_KEY:
            size = _value(metadata.get("size_bytes"))
            self.line(f"report written ({int(size or 0) / 1e6:.1f} MB): {escape(_text(metadata.get('path')))}")
        elif key.path[0] == RAW_GROUP and "rows_loaded" in metadata:
            table = key.path[-1]
            loaded, quarantined = _value(metadata["rows_loaded"]), _value(metadata.get("rows_quarantined"))
            if not loaded and not quarantined:
                self.empty_raw_tables.append(table)
                return
            self.line(f"raw.{table}: {int(loaded or 0):,} rows loaded, {int(quarantined or 0):,} quarantined")

    def _report_empty_raw_tables(self) -> None:
        if not self.empty_raw_tables:
            return
        # zendesk__ticket, zendesk__user, ... read as one family: zendesk__*.
        families = sorted({f"{t.split('__')[0]}__*" if "__" in t else t for t in self.empty_raw_tables})
        self.line(f"raw: {len(self.empty_raw_tables)} tables no delivery fills, left empty ({', '.join(families)})")
        self.empty_raw_tables = []

    def _report_models(self) -> None:
        if self.models_reported or not self.models_built:
            return
        self.models_reported = True
        self.line(f"models built: {len(self.models_built)} of {len(self.model_keys)} (staging, intermediate, marts)")

    def _report_checks(self) -> None:
        evaluated = self.checks["passed"] + self.checks["failed"]
        if evaluated and "reported" not in self.checks:
            self.checks["reported"] = 1
            style = "red" if self.checks["failed"] else "green"
            self.line(
                f"tests and gates: {self.checks['passed']} of {self.check_count} passed"
                + (f", {self.checks['failed']} failed" if self.checks["failed"] else ""),
                style,
            )


def _value(metadata_value: object) -> object:
    return getattr(metadata_value, "value", metadata_value)


def _text(metadata_value: object) -> str:
    return str(_value(metadata_value) or "")
