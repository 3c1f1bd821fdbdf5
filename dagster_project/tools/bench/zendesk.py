"""`bench --zendesk`: a Zendesk account's full refresh against its canonical twin's (issue 15).

At each size, the generated Zendesk account (tools/demo/zendesk.py: Fivetran schema, `"source":
"zendesk_fivetran"`) and the canonical delivery of the same tickets are refreshed cold, one after the other.
The Zendesk refresh pays for what only a Zendesk account needs: the adapter's conversion to canonical
tables (inside its ingest; also timed alone beforehand as `adapt`), the account's own tables, schedules and
SLA policies, and the dbt_zendesk-shaped marts. Its ten slowest dbt models say where its transform goes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rich.console import Console

from dagster_project import settings
from dagster_project.ingest.adapters.canonical_output import canonical_folder
from dagster_project.ingest.adapters.vendor_marts import builds_vendor_marts
from dagster_project.tools.bench.cache import CANONICAL, ZENDESK, ZENDESK_DELIVERY, cached_zendesk_account
from dagster_project.tools.bench.measure import Measured, run_measured, run_refresh_measured
from dagster_project.tools.bench.records import Record, refresh_records
from dagster_project.tools.bench.report import ZENDESK_RATIO_TARGET, print_refresh_notes
from dagster_project.tools.bench.workloads import built_file, discard_warehouse, remove_warehouse, written_file

ACCOUNTS = (CANONICAL, ZENDESK)
SHOWN_INGEST_STEPS = 3


def bench_zendesk_size(console: Console, bench_dir: Path, tickets: int, seed: int, *, keep: bool) -> list[Record]:
    """Generate (or reuse) the Zendesk account and its canonical twin, refresh each cold; the records."""
    console.print(f"[bold]{tickets:,} tickets, Zendesk account and its canonical twin[/] (seed {seed})")
    raw_dirs, generated = cached_zendesk_account(bench_dir, tickets, seed)
    console.print(f"  accounts {'generated' if generated else 'reused'}: {raw_dirs[ZENDESK].parent}")
    setting = settings.vendor_marts("zendesk")
    filled = {a: "filled" if builds_vendor_marts(raw_dirs[a], "zendesk", setting) else "left out" for a in ACCOUNTS}
    console.print(
        f"  Zendesk parity marts (HELPDESK_ZENDESK_MARTS={setting}): {filled[ZENDESK]} for the Zendesk account,"
        f" {filled[CANONICAL]} for the canonical one"
    )
    logs = bench_dir / "logs"
    conversion = canonical_folder(raw_dirs[ZENDESK] / ZENDESK_DELIVERY)
    # Cold: a conversion kept from an earlier run would let the adapter skip its work.
    shutil.rmtree(conversion, ignore_errors=True)
    console.print("  Zendesk adapter's conversion alone …")
    adapt = run_measured(["adapt", "--raw-dir", str(raw_dirs[ZENDESK])], log_path=logs / f"zendesk-adapt-{tickets}.log")
    shutil.rmtree(conversion)
    records = [_adapt_record(tickets, adapt)]
    refreshes: dict[str, Measured] = {}
    for account in ACCOUNTS:
        console.print(f"  {account} account: full refresh (cold) …")
        refreshes[account], refreshed = _refresh(console, bench_dir, raw_dirs[account], tickets, account, keep=keep)
        records += refreshed
    print_comparison(console, records, refreshes[ZENDESK])
    return records


def _refresh(
    console: Console, bench_dir: Path, raw_dir: Path, tickets: int, account: str, *, keep: bool
) -> tuple[Measured, list[Record]]:
    warehouse = bench_dir / f"warehouse-{account}-{tickets}.duckdb"
    written = written_file(raw_dir, warehouse)
    remove_warehouse(warehouse, written)
    try:
        log_path = bench_dir / "logs" / f"{account}-refresh-{tickets}.log"
        measured = run_refresh_measured(raw_dir, warehouse, log_path=log_path, watched_file=written)
        print_refresh_notes(console, measured)
        return measured, refresh_records(tickets, measured, built_file(raw_dir, warehouse), account)
    finally:
        if not keep:
            discard_warehouse(warehouse, written)


def _adapt_record(tickets: int, adapt: Measured) -> Record:
    report = adapt.report
    window = (report["started_at"], report["ended_at"])
    wall_s, peak_mb = window[1] - window[0], adapt.sampler.peak_mb([window])
    return Record(tickets, "adapt", wall_s, peak_mb, cpu_s=report["cpu_s"], account=ZENDESK)


def print_comparison(console: Console, records: list[Record], zendesk: Measured) -> None:
    """One size's figures side by side, the ratio against its target, and where the Zendesk run's time went."""
    wall = {(r.account, r.stage): r.wall_s for r in records}
    canonical_total, zendesk_total = wall[CANONICAL, "total"], wall[ZENDESK, "total"]
    ratio = zendesk_total / canonical_total
    console.print(
        f"  canonical: total {canonical_total:.1f} s, transform {wall[CANONICAL, 'transform']:.1f} s;"
        f" Zendesk: total {zendesk_total:.1f} s, ingest {wall[ZENDESK, 'ingest']:.1f} s"
        f" (the conversion alone {wall[ZENDESK, 'adapt']:.1f} s), transform {wall[ZENDESK, 'transform']:.1f} s"
    )
    cpu = {r.account: r.cpu_s for r in records if r.stage == "total"}
    verdict = "[green]met[/]" if ratio <= ZENDESK_RATIO_TARGET else "[red]missed[/]"
    console.print(
        f"  Zendesk ÷ canonical full refresh: {ratio:.2f} (target ≤ {ZENDESK_RATIO_TARGET}) {verdict};"
        f" in CPU seconds {cpu[ZENDESK]:.1f} ÷ {cpu[CANONICAL]:.1f} = {cpu[ZENDESK] / cpu[CANONICAL]:.2f}"
    )
    steps = [s for s in zendesk.report["steps"] if s["stage"] == "ingest"]
    longest = sorted(steps, key=lambda s: s["start"] - s["end"])[:SHOWN_INGEST_STEPS]
    console.print(
        "  the Zendesk run's longest ingest steps (the first raw step to run converts the delivery): "
        + ", ".join(f"{s['step']} {s['end'] - s['start']:.1f} s" for s in longest)
    )
    models = zendesk.report["slowest_dbt_models"]
    console.print(
        "  the Zendesk run's ten slowest dbt models: "
        + ", ".join(f"{n['node'].split('.')[-1]} {n['seconds']:.1f} s" for n in models)
    )
