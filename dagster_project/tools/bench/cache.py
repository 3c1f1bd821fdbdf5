"""Generated demo accounts, written once per (tickets, seed) under data/bench/ and reused by later runs."""

from __future__ import annotations

import shutil
from pathlib import Path

from dagster_project.settings import PROJECT_ROOT
from dagster_project.tools.demo import generate_delivery

BENCH_DIR = PROJECT_ROOT / "data" / "bench"
DELIVERY = "demo"


def account_dir(bench_dir: Path, tickets: int, seed: int) -> Path:
    """The raw directory of the account with these generator arguments (its one delivery is `demo/`)."""
    return bench_dir / "raw" / f"tickets-{tickets}-seed-{seed}"


def cached_account(bench_dir: Path, tickets: int, seed: int) -> tuple[Path, bool]:
    """The raw directory for (tickets, seed), generated first when absent; and whether it was generated now.

    Generation goes to a sibling folder renamed into place at the end, so an interrupted run leaves no
    half-written account that a later run would take for complete.
    """
    raw_dir = account_dir(bench_dir, tickets, seed)
    if raw_dir.is_dir():
        return raw_dir, False
    partial = raw_dir.with_name(raw_dir.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    generate_delivery(partial / DELIVERY, tickets=tickets, seed=seed)
    partial.rename(raw_dir)
    return raw_dir, True
