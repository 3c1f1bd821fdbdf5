"""Running one workload in a child process while sampling the memory of its whole process tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagster_project.settings import PROJECT_ROOT
from dagster_project.tools.bench.memory import TreeSampler


class BenchError(RuntimeError):
    pass


@dataclass(frozen=True)
class Measured:
    # What the workload reported (see dagster_project/tools/bench/workloads.py).
    report: dict[str, Any]
    sampler: TreeSampler


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    # `make bench` exports these; set them for direct `python -m dagster_project.tools.bench` runs too.
    env.setdefault("GX_ANALYTICS_ENABLED", "false")
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return env


def run_measured(workload_args: list[str], *, log_path: Path, watched_file: Path | None = None) -> Measured:
    """Run `python -m dagster_project.tools.bench.workloads <workload_args>` with its output in `log_path`,
    sampling its process tree until it exits."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        report_path = Path(scratch) / "report.json"
        command = [sys.executable, "-m", "dagster_project.tools.bench.workloads", *workload_args]
        command += ["--report", str(report_path)]
        with log_path.open("w") as log:
            process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=_child_env(), cwd=PROJECT_ROOT
            )
            sampler = TreeSampler(process.pid, watched_file)
            sampler.start()
            try:
                returncode = process.wait()
            finally:
                sampler.stop()
        if returncode != 0:
            raise BenchError(f"workload {workload_args[0]} exited with {returncode}; its output is in {log_path}")
        return Measured(json.loads(report_path.read_text()), sampler)


def run_refresh_measured(raw_dir: Path, warehouse: Path, *, log_path: Path, watched_file: Path) -> Measured:
    """The refresh workload: the full_refresh job of `raw_dir` into `warehouse`, whose file being written
    is `watched_file`."""
    return run_measured(
        ["refresh", "--raw-dir", str(raw_dir), "--warehouse", str(warehouse)],
        log_path=log_path,
        watched_file=watched_file,
    )
