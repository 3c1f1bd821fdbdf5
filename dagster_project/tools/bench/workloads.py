"""What the bench runs in a child process, one workload per process, so the parent can sample the memory
of exactly that work (and any process it starts) and nothing left over from the previous one.

`python -m dagster_project.tools.bench.workloads refresh|adapt|sql_only|lower_bound|pandas --report R [...]`
writes a JSON report to R: wall-clock instants (time.time(), the parent's sampling clock) of what was timed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from dagster_project.warehouse import connect, scalar

BENCH_SCHEMA = "bench"
LOWER_BOUND_TABLE = f"{BENCH_SCHEMA}.lower_bound"
PANDAS_TABLE = f"{BENCH_SCHEMA}.pandas"
SLOWEST_DBT_NODES = 8
SLOWEST_DBT_MODELS = 10
OTHER_STEPS = "other"


def step_stages() -> dict[str, str]:
    """The bench stage of the steps of the full_refresh job, by step key. Steps of no stage (e.g. publishing
    the warehouse) count in the total only."""
    from dagster_project.definitions import defs
    from dagster_project.defs.assets.dbt import helpdesk_dbt_models
    from dagster_project.defs.assets.raw import raw_assets
    from dagster_project.defs.assets.vendor_metrics import vendor_ticket_metrics
    from dagster_project.defs.assets.zendesk_account import zendesk_account_tables

    # Every load of raw tables: the canonical tables, a Zendesk account's own tables, a vendor's metrics.
    loads = [*raw_assets, zendesk_account_tables, vendor_ticket_metrics]
    stages = {asset.node_def.name: "ingest" for asset in loads}
    stages[helpdesk_dbt_models.node_def.name] = "transform"
    # Every asset check step is a gate: the GX suites (row conservation runs in the raw assets' own steps).
    stages.update({check.node_def.name: "validate" for check in defs.asset_checks})
    return stages


def written_file(raw_dir: Path, warehouse: Path) -> Path:
    """The file the refresh builds: the warehouse itself, or a working copy it publishes as the warehouse
    at the end (the resource knows which)."""
    from dagster_project.defs.resources import WarehouseResource

    return WarehouseResource(raw_dir=str(raw_dir), path=str(warehouse)).warehouse_path


def remove_warehouse(*paths: Path) -> None:
    """Delete each DuckDB file and its write-ahead log, if there."""
    for path in paths:
        for file in (path, path.with_name(path.name + ".wal")):
            file.unlink(missing_ok=True)


def discard_warehouse(warehouse: Path, written: Path) -> None:
    """What a bench run leaves of a warehouse without --keep: nothing (the file, the working copy it was
    written as, the published history)."""
    from dagster_project.warehouse.publish import history_dir

    remove_warehouse(warehouse, written)
    shutil.rmtree(history_dir(warehouse), ignore_errors=True)


def built_file(raw_dir: Path, warehouse: Path) -> Path:
    """Where the refresh's result is: the warehouse, or the working copy when a failed gate kept it from
    being published (the figures of such a run are still worth showing)."""
    return warehouse if warehouse.exists() else written_file(raw_dir, warehouse)


def run_refresh(raw_dir: Path, warehouse: Path) -> dict[str, Any]:
    from dagster import DagsterEventType, DagsterInstance, EventLogEntry

    from dagster_project.warehouse.refresh import failed_checks, run_full_refresh

    # CPU seconds of each step, from this process's CPU clock as its start and end events are stored: the
    # in-process executor runs one step at a time, so a step's CPU is the whole process's in that window.
    step_cpu_started: dict[str, float] = {}
    step_cpu_s: dict[str, float] = {}

    def on_event(entry: EventLogEntry) -> None:
        event = entry.dagster_event
        if event is None or event.step_key is None:
            return
        if event.event_type == DagsterEventType.STEP_START:
            step_cpu_started[event.step_key] = time.process_time()
        elif event.event_type in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE):
            if event.step_key in step_cpu_started:
                step_cpu_s[event.step_key] = time.process_time() - step_cpu_started.pop(event.step_key)

    # Loading the definitions (imports, dbt manifest) is start-up of the process, not work of the refresh:
    # timed apart, so "total" is the job as a running Dagster would execute it.
    loading_started_at = time.time()
    importlib.import_module("dagster_project.definitions")
    instance = DagsterInstance.ephemeral()
    started_at, cpu_started_at = time.time(), time.process_time()
    result = run_full_refresh(raw_dir, warehouse, instance=instance, on_event=on_event)
    ended_at, cpu_s = time.time(), time.process_time() - cpu_started_at
    stages = step_stages()
    steps = []
    for stats in instance.get_run_step_stats(result.run_id):
        if stats.start_time is None or stats.end_time is None:
            continue
        steps.append(
            {
                "step": stats.step_key,
                "stage": stages.get(stats.step_key, OTHER_STEPS),
                "status": stats.status.value,
                "start": stats.start_time,
                "end": stats.end_time,
                "cpu_s": step_cpu_s.get(stats.step_key),
            }
        )
    with connect(built_file(raw_dir, warehouse), read_only=True) as con:
        raw_rows = scalar(con, "select coalesce(sum(rows_loaded), 0) from raw.load_log")
        # What an incremental build recomputed (empty after a full one): the one-day refresh's work; a run
        # that failed before dbt built it has none.
        built = scalar(con, "select count(*) from duckdb_tables() where schema_name = 'intermediate'"
                       " and table_name = 'int_tickets_in_scope'")
        tickets_in_scope = scalar(con, "select count(*) from intermediate.int_tickets_in_scope") if built else 0
        tickets = scalar(con, "select count(*) from staging.stg_helpdesk__tickets") if built else 0
    target = _dbt_target(raw_dir, warehouse)
    transform = [step for step in steps if step["stage"] == "transform"]
    return {
        "definitions_load_s": started_at - loading_started_at,
        "started_at": started_at,
        "ended_at": ended_at,
        # CPU seconds of the job (this process's threads, DuckDB's and dbt's included, as dbt runs in
        # process): unlike wall time, barely moved by other work on a shared machine.
        "cpu_s": cpu_s,
        "success": result.success,
        "failed_checks": failed_checks(result),
        "steps": steps,
        "raw_rows": raw_rows,
        "tickets_in_scope": tickets_in_scope,
        "tickets": tickets,
        # The run's start to its first step: the resources' set-up, the working copy among it.
        "start_up_s": min((step["start"] for step in steps), default=ended_at) - started_at,
        "dbt_target": str(target) if target else None,
        "slowest_dbt_nodes": _slowest_dbt_nodes(target, SLOWEST_DBT_NODES) if target else [],
        "slowest_dbt_models": _slowest_dbt_nodes(target, SLOWEST_DBT_MODELS, "model.") if target else [],
        "transform_phases": _transform_phases(target, transform[0]) if target and transform else {},
    }


def _dbt_target(raw_dir: Path, warehouse: Path) -> Path | None:
    from dagster_project.defs.dbt_project import target_path_for

    target = target_path_for(written_file(raw_dir, warehouse))
    return target if (target / "run_results.json").exists() else None


def _slowest_dbt_nodes(target: Path, count: int, prefix: str = "") -> list[dict[str, Any]]:
    """The `count` dbt nodes (whose unique id starts with `prefix`: "model." for models) that took longest."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    results = [r for r in results if r["unique_id"].startswith(prefix)]
    ranked = sorted(results, key=lambda r: r["execution_time"], reverse=True)[:count]
    return [{"node": r["unique_id"], "seconds": r["execution_time"]} for r in ranked]


# dbt's structured log events that end each phase of an invocation.
_DBT_MILESTONES = {
    "MainReportVersion": "started",
    "ConcurrencyLine": "parsed",
    "FinishedRunningStats": "built",
}


def _transform_phases(target: Path, step: dict[str, Any]) -> dict[str, float]:
    """Where the transform step's time goes, from dbt's JSON log: dbt's start-up (process and imports),
    parsing the project, running the nodes, and what follows in the step (reading results back)."""
    seen: dict[str, float] = {}
    # dbt rotates dbt.log to dbt.log.1 when it grows large, which can happen in the middle of a run.
    logs = [path for path in (target / "dbt.log.1", target / "dbt.log") if path.exists()]
    for path in logs:
        with path.open() as log:
            for line in log:
                if not line.startswith("{"):
                    continue
                info = json.loads(line).get("info", {})
                milestone = _DBT_MILESTONES.get(info.get("name"))
                at = datetime.fromisoformat(info["ts"]).timestamp() if milestone else None
                # The target folder is the warehouse's, kept from run to run: its log holds earlier runs too.
                if milestone and milestone not in seen and at >= step["start"]:
                    seen[milestone] = at
    if len(seen) != len(_DBT_MILESTONES):
        return {}
    return {
        "dbt_start_up_s": seen["started"] - step["start"],
        "dbt_parse_s": seen["parsed"] - seen["started"],
        "dbt_nodes_s": seen["built"] - seen["parsed"],
        "after_dbt_s": step["end"] - seen["built"],
    }


def run_sql_only(warehouse: Path, target: Path) -> dict[str, Any]:
    """The SQL of the refresh without dbt or Dagster: every model's compiled query, in the order the build
    finished them (so each runs after what it reads), written as the build wrote it (a table or a view,
    replacing the build's own), then every data test's query counted, in one DuckDB session with the
    profile's settings (dbt/profiles.yml), and a checkpoint, as the build's last connection makes."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    models = [r for r in results if r["unique_id"].startswith("model.")]
    tests = [r for r in results if r["unique_id"].startswith("test.")]
    seconds: dict[str, float] = {}
    with connect(warehouse) as con:
        con.execute("SET enable_progress_bar = false")
        con.execute("SET asof_loop_join_threshold = 0")  # as dbt/profiles.yml sets it for dbt's sessions
        started_at, cpu_started_at = time.time(), time.process_time()
        for result in models:
            kind = "VIEW" if nodes[result["unique_id"]]["config"]["materialized"] == "view" else "TABLE"
            began = time.time()
            con.execute(f"CREATE OR REPLACE {kind} {result['relation_name']} AS {result['compiled_code']}")
            seconds[result["unique_id"]] = time.time() - began
        con.execute("CHECKPOINT")
        models_ended_at = time.time()
        for result in tests:
            con.execute(f"select count(*) from ({result['compiled_code']})").fetchall()
        ended_at, cpu_s = time.time(), time.process_time() - cpu_started_at
    ranked = sorted(seconds.items(), key=lambda item: item[1], reverse=True)[:SLOWEST_DBT_NODES]
    return {
        "started_at": started_at,
        "models_ended_at": models_ended_at,
        "ended_at": ended_at,
        # CPU seconds of the session (DuckDB's threads): beside the transform's, steadier than wall time.
        "cpu_s": cpu_s,
        "models": len(models),
        "tests": len(tests),
        "slowest_models": [{"node": node, "seconds": spent} for node, spent in ranked],
    }


def run_adapt(raw_dir: Path) -> dict[str, Any]:
    """The adapters' conversion of every delivery of `raw_dir` to canonical table files, alone: what the
    refresh's ingest of an adapted delivery does before it loads (ingest/adapters/adapted_delivery.py)."""
    from dagster_project.ingest import discover_deliveries

    started_at, cpu_started_at = time.time(), time.process_time()
    deliveries = discover_deliveries(raw_dir)
    ended_at, cpu_s = time.time(), time.process_time() - cpu_started_at
    return {"started_at": started_at, "ended_at": ended_at, "cpu_s": cpu_s, "deliveries": len(deliveries)}


def run_lower_bound(warehouse: Path) -> dict[str, Any]:
    from dagster_project.tools.bench.baselines import LOWER_BOUND_SQL

    with connect(warehouse) as con:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {BENCH_SCHEMA}")
        # Written to the warehouse file like a dbt table, checkpoint included, so it pays the same I/O.
        started_at = time.time()
        con.execute(f"CREATE OR REPLACE TABLE {LOWER_BOUND_TABLE} AS {LOWER_BOUND_SQL}")
        con.execute("CHECKPOINT")
        ended_at = time.time()
        rows = scalar(con, f"select count(*) from {LOWER_BOUND_TABLE}")
    return {"started_at": started_at, "ended_at": ended_at, "rows": rows}


def run_pandas(warehouse: Path, *, save: bool) -> dict[str, Any]:
    from dagster_project.tools.bench.baselines import pandas_core_facts, read_raw_frames

    with connect(warehouse, read_only=not save) as con:
        started_at = time.time()
        frames = read_raw_frames(con)
        read_ended_at = time.time()
        facts = pandas_core_facts(frames)
        ended_at = time.time()
        if save:
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {BENCH_SCHEMA}")
            table = facts.reset_index()
            con.register("pandas_facts", table)
            con.execute(f"CREATE OR REPLACE TABLE {PANDAS_TABLE} AS SELECT * FROM pandas_facts")
    return {"started_at": started_at, "read_ended_at": read_ended_at, "ended_at": ended_at, "rows": len(facts)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m dagster_project.tools.bench.workloads")
    parser.add_argument("workload", choices=("refresh", "adapt", "sql_only", "lower_bound", "pandas"))
    parser.add_argument("--warehouse", type=Path, help="every workload but adapt: the warehouse file")
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--raw-dir", type=Path, help="refresh, adapt: the deliveries to load or convert")
    parser.add_argument("--save", action="store_true", help="pandas: keep the result as bench.pandas")
    parser.add_argument("--dbt-target", type=Path, help="sql_only: the dbt target folder of the refresh")
    args = parser.parse_args(argv)
    if args.workload in ("refresh", "adapt") and args.raw_dir is None:
        parser.error(f"{args.workload} needs --raw-dir")
    if args.workload != "adapt" and args.warehouse is None:
        parser.error(f"{args.workload} needs --warehouse")
    if args.workload == "refresh":
        report = run_refresh(args.raw_dir, args.warehouse)
    elif args.workload == "adapt":
        report = run_adapt(args.raw_dir)
    elif args.workload == "sql_only":
        if args.dbt_target is None:
            parser.error("sql_only needs --dbt-target")
        report = run_sql_only(args.warehouse, args.dbt_target)
    elif args.workload == "lower_bound":
        report = run_lower_bound(args.warehouse)
    else:
        report = run_pandas(args.warehouse, save=args.save)
    args.report.write_text(json.dumps(report))


if __name__ == "__main__":
    main()
