"""The column_rules generic test (dbt/tests/generic) fails with a row per broken rule: the rule, the column, and
how many rows are NULL, how many values repeat, or how many rows hold another value. Run against a copy of the
hand-built warehouse with NULLs, a repeated key and an unknown channel put into fct_tickets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from dagster_project.defs.dbt_in_process import invoke_dbt
from dagster_project.warehouse import connect


def _column_rules_results(warehouse: Path, work_dir: Path, models: list[str]) -> dict[str, dict[str, Any]]:
    """Run the models' column_rules tests with their failing rows stored; the run result of each model's."""
    # not checked for success: dbt fails when a test fails, which is what this file makes happen
    invoke_dbt(
        [
            "test", "--store-failures",
            "--select", *(f"{model},test_name:column_rules" for model in models),
            "--vars", json.dumps({"warehouse_path": str(warehouse)}),
        ],
        warehouse=warehouse,
        target_path=work_dir / "dbt_target",
    )  # fmt: skip
    # the test's name is made of its arguments: the manifest knows the model it tests
    nodes = json.loads((work_dir / "dbt_target" / "manifest.json").read_text())["nodes"]
    results = json.loads((work_dir / "dbt_target" / "run_results.json").read_text())["results"]
    # the results also hold the project's on-run-end hook (persist_docs_in_one_pass), which tests no model
    return {
        nodes[nodes[result["unique_id"]]["attached_node"]]["name"]: result
        for result in results
        if result["unique_id"].startswith("test.")
    }


def test_column_rules_reports_each_broken_rule_with_its_column_and_count(hand_built, tmp_path: Path) -> None:  # noqa: ANN001
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(hand_built.path, warehouse)
    with connect(warehouse) as con:
        con.execute("update marts.fct_tickets set channel = null where ticket_id = 'H1'")
        con.execute("update marts.fct_tickets set reply_cycles = null where ticket_id in ('H2', 'H3')")
        con.execute("update marts.fct_tickets set channel = 'fax' where ticket_id = 'H4'")
        # three tickets share one id, two others another: two values repeat
        ids = [row[0] for row in con.execute("select ticket_id from marts.fct_tickets order by ticket_id").fetchall()]
        others = [ticket for ticket in ids if ticket not in ("H1", "H2", "H3", "H4")]
        con.execute("update marts.fct_tickets set ticket_id = ? where ticket_id in (?, ?)", others[0:3])
        con.execute("update marts.fct_tickets set ticket_id = ? where ticket_id = ?", others[3:5])

    results = _column_rules_results(warehouse, tmp_path, ["fct_tickets", "agg_channel_daily"])

    assert results["agg_channel_daily"]["status"] == "pass"
    failed = results["fct_tickets"]
    assert (failed["status"], failed["failures"]) == ("fail", 4)  # one failing row per broken rule
    with connect(warehouse, read_only=True) as con:
        rows = con.execute(f"select rule, column_name, failing_rows from {failed['relation_name']}").fetchall()
    assert sorted(rows) == [
        ("accepted_values", "channel", 1),
        ("not_null", "channel", 1),
        ("not_null", "reply_cycles", 2),
        ("unique", "ticket_id", 2),
    ]


def test_column_rules_reports_orphaned_keys_and_false_expressions(hand_built, tmp_path: Path) -> None:  # noqa: ANN001
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(hand_built.path, warehouse)
    with connect(warehouse) as con:
        # two holidays of a schedule that does not exist, one of them ending before it starts
        con.execute(
            "update raw.holidays set schedule_id = 'nowhere' where start_local in"
            " (select start_local from raw.holidays where schedule_id = 'americas' order by start_local limit 2)"
            " and schedule_id = 'americas'"
        )
        con.execute(
            "update raw.holidays set end_local = start_local - interval 1 hour where schedule_id = 'nowhere'"
            " and start_local = (select min(start_local) from raw.holidays where schedule_id = 'nowhere')"
        )
        # an interval that ends at 25:00, which is not a wall-clock time
        con.execute("update raw.business_schedules set end_local = '25:00' where schedule_id = 'emea' and weekday = 1")

    results = _column_rules_results(warehouse, tmp_path, ["holidays", "business_schedules", "team_schedules"])

    assert results["team_schedules"]["status"] == "pass"
    with connect(warehouse, read_only=True) as con:
        query = "select rule, column_name, failing_rows from {}"
        broken = {
            seed: sorted(con.execute(query.format(results[seed]["relation_name"])).fetchall())
            for seed in ("holidays", "business_schedules")
        }
    assert broken["holidays"] == [("expression", "start_local < end_local", 1), ("relationships", "schedule_id", 2)]
    assert broken["business_schedules"] == [
        ("expression", "regexp_full_match(end_local, '([01][0-9]|2[0-3]):[0-5][0-9]|24:00')", 2),
    ]
