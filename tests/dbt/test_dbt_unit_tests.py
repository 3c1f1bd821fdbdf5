"""dbt's unit tests (the `unit_tests:` of the model ymls): fixed inputs, exact rows out.

A refresh leaves them out (they test SQL logic, not the data); this runs them against a copy of the
hand-built warehouse with every vendor's marts filled, whose relations (every model's) give dbt the column
types of each unit test's inputs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from dagster_project.defs.dbt_in_process import invoke_dbt


def test_every_dbt_unit_test_passes(hand_built_every_model, tmp_path: Path) -> None:  # noqa: ANN001
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(hand_built_every_model.path, warehouse)
    done = invoke_dbt(
        ["test", "--select", "test_type:unit", "--vars", json.dumps({"warehouse_path": str(warehouse)})],
        warehouse=warehouse,
        target_path=tmp_path / "dbt_target",
    )
    assert done.success, done.exception or done.result
    results = json.loads((tmp_path / "dbt_target" / "run_results.json").read_text())["results"]
    unit_tests = [result for result in results if result["unique_id"].startswith("unit_test.")]
    assert len(unit_tests) >= 3
    assert {result["status"] for result in unit_tests} == {"pass"}
