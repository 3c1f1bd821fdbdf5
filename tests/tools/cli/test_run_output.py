"""What `helpdesk-metrics run` shows a person at a terminal: a line per stage, the summary, the paths of the
warehouse and the report; the full logs in the log file; on bad input the user-facing error, no traceback;
the run in the Dagster instance of DAGSTER_HOME only with --record."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO_TICKETS

CLI = Path(sys.executable).parent / "helpdesk-metrics"


def _run(
    raw_dir: Path, warehouse: Path, *args: str, dagster_home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "120"}
    env.pop("DAGSTER_HOME", None)
    if dagster_home is not None:
        dagster_home.mkdir(exist_ok=True)
        (dagster_home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
        env["DAGSTER_HOME"] = str(dagster_home)
    return subprocess.run(
        [str(CLI), "run", "--raw-dir", str(raw_dir), "--warehouse", str(warehouse), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    from dagster_project.tools.demo import generate_delivery

    root = tmp_path_factory.mktemp("cli_run")
    generate_delivery(root / "raw" / "2026-09-30-demo", tickets=DEMO_TICKETS, seed=7)
    return _run(root / "raw", root / "warehouse.duckdb", "--lang", "zh", dagster_home=root / "dagster_home"), root


def _recorded_runs(dagster_home: Path) -> list[tuple[str, str]]:
    from dagster import DagsterInstance
    from dagster._core.instance.ref import InstanceRef

    with DagsterInstance.from_ref(InstanceRef.from_dir(str(dagster_home))) as instance:
        return [(run.job_name, run.status.value) for run in instance.get_runs()]


def test_a_clean_refresh_prints_a_line_per_stage(clean_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    done, root = clean_run
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) <= 60
    assert "DEBUG" not in done.stdout and "Traceback" not in done.stdout + done.stderr
    text = done.stdout
    for table in ("tickets", "messages", "ticket_events", "satisfaction_ratings", "agents", "teams"):
        assert f"raw.{table}: " in text
    assert "published " in text
    # Every model and check of the run, counted against what it builds (no Zendesk or Intercom parity models).
    assert re.search(r"models built: (\d+) of \1 \(", text), text
    assert re.search(r"tests and gates: (\d+) of \1 passed", text), text
    # The summary in the language asked for, ending with where the warehouse and the report are.
    assert "按渠道统计的工单" in text
    assert lines[-2] == f"数据仓库：{root / 'warehouse.duckdb'}"
    assert lines[-1] == f"报告：{root / 'reports' / 'service-report.html'}"
    report = (root / "reports" / "service-report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in report


def test_the_full_logs_go_to_the_log_file(clean_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    done, root = clean_run
    logs = sorted((root / "logs").glob("refresh-*.log"))
    assert len(logs) == 1
    assert f"full log: {logs[0]}" in done.stdout
    log = logs[0].read_text(encoding="utf-8")
    # Dagster's event stream at DEBUG and dbt's own output.
    assert "STEP_SUCCESS" in log and "RUN_SUCCESS" in log
    assert "of 1" in log and "START sql" in log


def test_without_record_the_dagster_instance_gets_no_run(clean_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, root = clean_run
    assert _recorded_runs(root / "dagster_home") == []


def test_bad_input_prints_the_users_error_not_a_traceback(tmp_path: Path) -> None:
    delivery = tmp_path / "raw" / "2024-05-01"
    delivery.mkdir(parents=True)
    (delivery / "tickets.csv").write_text("ticket_id,created_at\nT1,2024-05-01T09:00:00Z\n")
    done = _run(tmp_path / "raw", tmp_path / "warehouse.duckdb")
    assert done.returncode == 1
    assert "2024-05-01/tickets.csv: missing required column 'channel'" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert "refresh failed" in done.stdout


def test_record_keeps_the_run_in_the_dagster_instance(tmp_path: Path) -> None:
    delivery = tmp_path / "raw" / "2024-05-01"
    delivery.mkdir(parents=True)
    (delivery / "tickets.csv").write_text("ticket_id,created_at\nT1,2024-05-01T09:00:00Z\n")
    done = _run(tmp_path / "raw", tmp_path / "warehouse.duckdb", "--record", dagster_home=tmp_path / "dagster_home")
    assert done.returncode == 1 and "refresh failed" in done.stdout
    assert _recorded_runs(tmp_path / "dagster_home") == [("full_refresh", "FAILURE")]


def test_record_without_dagster_home_is_refused_before_anything_runs(tmp_path: Path) -> None:
    done = _run(tmp_path / "raw", tmp_path / "warehouse.duckdb", "--record")
    assert done.returncode == 2
    assert "--record" in done.stdout + done.stderr and "DAGSTER_HOME" in done.stdout + done.stderr
    assert not (tmp_path / "raw").exists() and not (tmp_path / "warehouse.duckdb").exists()
