"""Generated accounts, written once per (tickets, seed) under data/bench/ and reused by later runs: the demo
account, and the Zendesk account with its canonical twin (`bench --zendesk`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from dagster_project.settings import PROJECT_ROOT
from dagster_project.tools.demo import generate_delivery
from dagster_project.tools.demo.zendesk import generate_zendesk_account, write_canonical_delivery

BENCH_DIR = PROJECT_ROOT / "data" / "bench"
DELIVERY = "demo"
# The Zendesk account's one delivery, in each of its two raw dirs (named by its export date).
ZENDESK_DELIVERY = "2024-06-16"
ZENDESK, CANONICAL = "zendesk", "canonical"


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


def cached_zendesk_account(bench_dir: Path, tickets: int, seed: int) -> tuple[dict[str, Path], bool]:
    """The two raw dirs for (tickets, seed), generated first when absent: `zendesk` (the Fivetran delivery)
    and `canonical` (the same tickets as the adapter converts them); and whether they were generated now."""
    root = bench_dir / "raw" / f"zendesk-{tickets}-seed-{seed}"
    raw_dirs = {ZENDESK: root / ZENDESK, CANONICAL: root / CANONICAL}
    if root.is_dir():
        return raw_dirs, False
    partial = root.with_name(root.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    generate_zendesk_account(partial / ZENDESK / ZENDESK_DELIVERY, tickets=tickets, seed=seed)
    write_canonical_delivery(partial / ZENDESK, partial / CANONICAL / ZENDESK_DELIVERY)
    partial.rename(root)
    return raw_dirs, True
