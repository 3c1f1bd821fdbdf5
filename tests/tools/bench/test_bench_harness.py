"""The bench harness at a tiny size: the cache, the memory sampler, the baselines' agreement with the mart,
and one whole `python -m dagster_project.tools.bench` run. No timing is asserted: this machine's speed is not
what these tests are about."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rich.console import Console

from dagster_project.tools.bench.__main__ import main
from dagster_project.tools.bench.agreement import Agreement, compare_with_mart
from dagster_project.tools.bench.baselines import (
    CORE_COLUMNS,
    LOWER_BOUND_SQL,
    pandas_core_facts,
    read_raw_frames,
)
from dagster_project.tools.bench.cache import DELIVERY, ZENDESK_DELIVERY, cached_account, cached_zendesk_account
from dagster_project.tools.bench.measure import Measured, run_measured
from dagster_project.tools.bench.memory import TreeSampler
from dagster_project.tools.bench.records import Record
from dagster_project.tools.bench.report import verdicts
from dagster_project.tools.bench.zendesk import print_comparison
from dagster_project.warehouse import connect, scalar

EXPORT_FILES = [
    "agents.csv",
    "messages.csv",
    "satisfaction_ratings.csv",
    "teams.csv",
    "ticket_events.csv",
    "tickets.csv",
]


def test_an_account_is_generated_once_per_tickets_and_seed(tmp_path: Path) -> None:
    raw_dir, generated = cached_account(tmp_path, 40, 3)
    assert generated
    assert raw_dir == tmp_path / "raw" / "tickets-40-seed-3"
    assert sorted(p.name for p in (raw_dir / DELIVERY).iterdir()) == EXPORT_FILES
    assert cached_account(tmp_path, 40, 3) == (raw_dir, False)
    assert cached_account(tmp_path, 40, 4)[1]


def test_the_sampler_sums_the_memory_of_the_whole_process_tree() -> None:
    # A parent holding 120 MiB starts a child holding 120 MiB: no single process reaches 240 MiB.
    hold = "import time; block = b'x' * (120 * 2**20); time.sleep({seconds})"
    script = textwrap.dedent(
        f"""
        import subprocess, sys
        child = subprocess.Popen([sys.executable, "-c", {hold.format(seconds=2)!r}])
        {hold.format(seconds=1.5)}
        child.wait()
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script])
    sampler = TreeSampler(process.pid, interval=0.02)
    sampler.start()
    process.wait()
    sampler.stop()
    assert sampler.peak_mb([(sampler.samples[0].at, sampler.samples[-1].at)]) >= 240


def test_both_baselines_reproduce_fct_tickets_on_the_hand_built_tickets(hand_built, tmp_path: Path) -> None:
    warehouse = tmp_path / "hand_built.duckdb"
    shutil.copy(hand_built.path, warehouse)
    with connect(warehouse) as con:
        con.execute("CREATE SCHEMA bench")
        con.execute(f"CREATE TABLE bench.lower_bound AS {LOWER_BOUND_SQL}")
        facts = pandas_core_facts(read_raw_frames(con)).reset_index()
        con.register("pandas_facts", facts)
        con.execute("CREATE TABLE bench.pandas AS SELECT * FROM pandas_facts")
        tickets = scalar(con, "select count(*) from marts.fct_tickets")
        every_column_agrees = {column: 0 for column in CORE_COLUMNS}
        assert tickets == 13
        assert compare_with_mart(con, "bench.lower_bound") == Agreement(13, 13, every_column_agrees)
        assert compare_with_mart(con, "bench.pandas") == Agreement(13, 13, every_column_agrees)


def test_a_bench_run_writes_every_stage_of_every_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--sizes", "120", "--seed", "5", "--bench-dir", str(tmp_path)])
    records = json.loads((tmp_path / "results.json").read_text())
    assert [(r["tickets"], r["stage"]) for r in records] == [
        (120, "ingest"),
        (120, "transform"),
        (120, "validate"),
        (120, "total"),
        (120, "sql_only"),
        (120, "lower_bound"),
        (120, "pandas"),
        (120, "incremental_day"),
    ]
    assert all(r["wall_s"] > 0 and r["peak_rss_mb"] > 0 for r in records)
    assert [r["stage"] for r in records if "rows_per_s" not in r] == ["incremental_day"]
    assert [r["stage"] for r in records if "tests_s" in r] == ["sql_only"]
    assert [r["stage"] for r in records if "warehouse_mb" in r] == ["ingest", "transform", "total", "incremental_day"]
    # CPU seconds of the job and of each stage's steps, and of the sql_only session, for the CPU ratio.
    assert [r["stage"] for r in records if r.get("cpu_s", 0) > 0] == [
        "ingest", "transform", "validate", "total", "sql_only", "incremental_day"
    ]  # fmt: skip
    # The one-day refresh recomputed some tickets, not all: the bench's warehouse is not named like the dbt
    # project's parse (catalog `warehouse`), and a build that looked up the previous one there would find none.
    (incremental,) = [r for r in records if r["stage"] == "incremental_day"]
    assert 0 < incremental["tickets_in_scope"] < 120
    assert [(r["stage"], r["agreement"]) for r in records if "agreement" in r] == [
        ("lower_bound", 1.0),
        ("pandas", 1.0),
    ]
    # Without --keep the warehouse is removed; the generated account stays cached.
    assert not (tmp_path / "warehouse-120.duckdb").exists()
    assert not (tmp_path / "published").exists()
    # The one-day delivery refreshed the published warehouse incrementally, not from scratch.
    incremental_log = (tmp_path / "logs" / "incremental_day-120.log").read_text()
    assert "starting from a copy of the published warehouse (incremental)" in incremental_log
    assert (tmp_path / "raw" / "tickets-120-seed-5" / DELIVERY / "tickets.csv").exists()
    out = capsys.readouterr().out
    assert "bench.lower_bound agrees with marts.fct_tickets on 100.00% of" in out
    assert "bench.pandas agrees with marts.fct_tickets on 100.00% of" in out
    assert "120 tickets: transform ÷ sql_only, CPU" in [v.name for v in verdicts([Record(**r) for r in records])]


def test_a_zendesk_account_comes_with_its_canonical_twin_and_converts_apart(tmp_path: Path) -> None:
    # The two refreshes `bench --zendesk` times are the pipeline's own (as above); what is its own is here.
    raw_dirs, generated = cached_zendesk_account(tmp_path, 120, 5)
    assert generated
    assert raw_dirs == {name: tmp_path / "raw" / "zendesk-120-seed-5" / name for name in ("zendesk", "canonical")}
    assert sorted(p.name for p in (raw_dirs["canonical"] / ZENDESK_DELIVERY).iterdir()) == sorted(
        [*EXPORT_FILES, "manifest.json"]
    )
    delivery = raw_dirs["zendesk"] / ZENDESK_DELIVERY
    assert (delivery / "ticket.csv").read_text().count("\n") == 121
    # The twin was converted, and the conversion removed: the Zendesk refresh must convert it itself.
    assert not (delivery / ".canonical").exists()
    assert cached_zendesk_account(tmp_path, 120, 5) == (raw_dirs, False)
    adapt = run_measured(["adapt", "--raw-dir", str(raw_dirs["zendesk"])], log_path=tmp_path / "adapt.log")
    assert adapt.report["deliveries"] == 1
    assert adapt.report["ended_at"] > adapt.report["started_at"] and adapt.report["cpu_s"] > 0
    assert (delivery / ".canonical" / "tickets.parquet").exists()


def test_a_zendesk_account_is_held_to_1_5_times_its_twin_and_to_any_accounts_targets() -> None:
    def total(tickets: int, seconds: float, account: str | None) -> Record:
        return Record(tickets, "total", seconds, 100.0, account=account)

    records = [
        total(10_000, 4.0, "canonical"), total(10_000, 5.5, "zendesk"),
        total(100_000, 8.0, "canonical"), total(100_000, 9.0, "zendesk"),
        total(100_000, 30.0, None),  # the demo account's, held to its own targets only
    ]
    assert [(v.name, round(v.figure, 3), v.target, v.met) for v in verdicts(records)] == [
        ("100,000 tickets: full refresh, s", 30.0, "≤ 10", False),
        ("10,000 tickets: Zendesk ÷ canonical full refresh", 1.375, "≤ 1.5", True),
        ("100,000 tickets: Zendesk ÷ canonical full refresh", 1.125, "≤ 1.5", True),
        ("100,000 tickets: Zendesk account full refresh, s", 9.0, "≤ 10", True),
        ("10,000 tickets: Zendesk account full refresh, s", 5.5, "≤ 5", False),
    ]


def test_the_zendesk_comparison_prints_both_ratios_the_longest_ingest_steps_and_slowest_models(
    capsys: pytest.CaptureFixture[str],
) -> None:
    records = [Record(500, "adapt", 1.0, 1.0, cpu_s=0.5, account="zendesk")]
    for account, seconds in (("canonical", 10.0), ("zendesk", 16.0)):
        records += [Record(500, stage, seconds / 4, 1.0, account=account) for stage in ("ingest", "transform")]
        records.append(Record(500, "total", seconds, 1.0, cpu_s=seconds / 2, account=account))
    steps = [("raw__agents", 0.0, 3.0), ("zendesk_account_tables", 3.0, 9.0), ("raw__teams", 9.0, 9.5),
             ("raw__tickets", 9.5, 9.6)]
    report = {
        "steps": [{"step": step, "stage": "ingest", "start": start, "end": end} for step, start, end in steps],
        "slowest_dbt_models": [{"node": "model.helpdesk.int_zendesk__ticket_metrics", "seconds": 2.5}],
    }
    print_comparison(Console(width=400), records, Measured(report, TreeSampler(0)))
    out = capsys.readouterr().out
    assert "Zendesk ÷ canonical full refresh: 1.60 (target ≤ 1.5) missed; in CPU seconds 8.0 ÷ 5.0 = 1.60" in out
    assert "zendesk_account_tables 6.0 s, raw__agents 3.0 s, raw__teams 0.5 s\n" in out
    assert "ten slowest dbt models: int_zendesk__ticket_metrics 2.5 s" in out
