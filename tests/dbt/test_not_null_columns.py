"""The not_null_columns generic test (dbt/tests/generic) fails with each column that has NULLs and how many,
run against a copy of the hand-built warehouse with NULLs put into two columns of fct_tickets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from dagster_project.defs.dbt_in_process import invoke_dbt
from dagster_project.warehouse import connect


def _not_null_columns_results(warehouse: Path, work_dir: Path, models: list[str]) -> dict[str, dict[str, Any]]:
    """Run the models' not_null_columns tests with their failing rows stored; the run result of each model's."""
    # not checked for success: dbt fails when a test fails, which is what this file makes happen
    invoke_dbt(
        [
            "test", "--store-failures",
            "--select", *(f"{model},test_name:not_null_columns" for model in models),
            "--vars", json.dumps({"warehouse_path": str(warehouse)}),
        ],
        warehouse=warehouse,
        target_path=work_dir / "dbt_target",
    )  # fmt: skip
    # a long list of columns makes dbt name the test by a hash: the manifest knows the model it tests
    nodes = json.loads((work_dir / "dbt_target" / "manifest.json").read_text())["nodes"]
    results = json.loads((work_dir / "dbt_target" / "run_results.json").read_text())["results"]
    return {nodes[nodes[result["unique_id"]]["attached_node"]]["name"]: result for result in results}


def test_not_null_columns_reports_each_column_with_nulls_and_their_count(hand_built, tmp_path: Path) -> None:  # noqa: ANN001
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(hand_built.path, warehouse)
    with connect(warehouse) as con:
        con.execute("update marts.fct_tickets set channel = null where ticket_id = 'H1'")
        con.execute("update marts.fct_tickets set reply_cycles = null where ticket_id in ('H2', 'H3')")

    results = _not_null_columns_results(warehouse, tmp_path, ["fct_tickets", "agg_channel_daily"])

    assert results["agg_channel_daily"]["status"] == "pass"
    failed = results["fct_tickets"]
    assert (failed["status"], failed["failures"]) == ("fail", 2)  # one failing row per column with NULLs
    with connect(warehouse, read_only=True) as con:
        rows = con.execute(f"select column_name, null_rows from {failed['relation_name']}").fetchall()
    assert sorted(rows) == [("channel", 1), ("reply_cycles", 2)]
