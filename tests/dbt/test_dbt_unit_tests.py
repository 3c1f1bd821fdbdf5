"""dbt's unit tests (the `unit_tests:` of the model ymls): fixed inputs, exact rows out.

A refresh leaves them out (they test SQL logic, not the data); this runs them against a copy of the
hand-built warehouse, whose relations give dbt the column types of each unit test's inputs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from dagster_project.defs.dbt_project import DBT_EXECUTABLE
from dagster_project.settings import DBT_PROJECT_DIR


def test_every_dbt_unit_test_passes(hand_built, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(hand_built.path, warehouse)
    done = subprocess.run(
        [
            DBT_EXECUTABLE, "test", "--select", "test_type:unit",
            "--vars", json.dumps({"warehouse_path": str(warehouse)}),
            "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
            "--target-path", str(tmp_path / "dbt_target"), "--log-path", str(tmp_path / "dbt_logs"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    results = json.loads((tmp_path / "dbt_target" / "run_results.json").read_text())["results"]
    unit_tests = [result for result in results if result["unique_id"].startswith("unit_test.")]
    assert len(unit_tests) >= 3
    assert {result["status"] for result in unit_tests} == {"pass"}
