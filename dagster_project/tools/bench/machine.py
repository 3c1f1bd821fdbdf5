"""The machine a bench ran on, for reading its figures: cores, memory, CPU model, date."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def _memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def describe_machine() -> str:
    """E.g. '2 cores (nproc), 23.4 GiB memory, AMD EPYC, 2026-11-23 09:40 UTC, load average 1.92'."""
    return (
        f"{len(os.sched_getaffinity(0))} cores (nproc), {_memory_gib():.1f} GiB memory, {_cpu_model()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.2f}"
    )
