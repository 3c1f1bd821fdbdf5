"""`make bench BENCH_ARGS="--engine spark --sizes 2000"`: the Spark build of a generated account, stage by
stage (docs/scaling.md). The account is ingested and refreshed on DuckDB first, as `HELPDESK_ENGINE=spark make
run` does; only the Spark stages are timed: session start, raw hand-over as Parquet, dbt build, export."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from rich.console import Console

from dagster_project import settings
from dagster_project.ingest.adapters.vendor_marts import builds_vendor_marts
from dagster_project.tools.bench.cache import cached_account

T = TypeVar("T")


def bench_spark_size(console: Console, bench_dir: Path, tickets: int, seed: int) -> dict[str, object]:
    from dagster_project.warehouse import spark as spark_engine
    from dagster_project.warehouse.export_marts import export_spark_marts
    from dagster_project.warehouse.refresh import run_full_refresh

    console.print(f"[bold]{tickets:,} tickets[/] (seed {seed}) on Spark")
    raw_dir, _ = cached_account(bench_dir, tickets, seed)
    warehouse = bench_dir / f"warehouse-{tickets}-for-spark.duckdb"
    started = time.monotonic()
    refresh = run_full_refresh(raw_dir, warehouse, full_refresh=True, console_log_level="CRITICAL")
    if not refresh.success:
        raise SystemExit(f"the DuckDB refresh of {raw_dir} failed: see data/logs")
    stages = {"duckdb_refresh_s": time.monotonic() - started}
    spark_dir = bench_dir / f"spark-warehouse-{tickets}"

    def timed(name: str, step: Callable[[], T]) -> T:
        began = time.monotonic()
        value = step()
        stages[name] = time.monotonic() - began
        console.print(f"  {name.removesuffix('_s').replace('_', ' ')}: {stages[name]:.1f} s")
        return value

    spark = timed("session_start_s", lambda: spark_engine.session(spark_dir))
    timed("raw_handover_s", lambda: spark_engine.hand_over_raw(warehouse, spark, spark_dir))
    vendor_marts = {vendor: builds_vendor_marts(raw_dir, vendor, settings.vendor_marts(vendor)) for vendor in settings.MART_VENDORS}
    spark_engine.drop_left_out(spark, vendor_marts)
    vars = spark_engine.dbt_vars(raw_dir, vendor_marts)
    result = timed(
        "dbt_build_s",
        lambda: spark_engine.dbt_build(
            vars, target_path=spark_dir / "dbt-target", exclude=spark_engine.left_out_models(vendor_marts)
        ),
    )
    timed("export_s", lambda: export_spark_marts(spark, spark_dir / "marts-parquet"))
    spark_total = sum(seconds for name, seconds in stages.items() if name != "duckdb_refresh_s")
    console.print(f"  Spark total {spark_total:.1f} s (the DuckDB refresh before it: {stages['duckdb_refresh_s']:.1f} s)")
    return {
        "tickets": tickets,
        "engine": "spark",
        "success": bool(result.success),
        "load_average": os.getloadavg(),
        **{name: round(seconds, 2) for name, seconds in stages.items()},
        "spark_total_s": round(spark_total, 2),
    }


def bench_spark(console: Console, bench_dir: Path, sizes: list[int], seed: int) -> None:
    results = bench_dir / "results-spark.json"
    records = [bench_spark_size(console, bench_dir, tickets, seed) for tickets in sizes]
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    console.print(f"results: {results}")
