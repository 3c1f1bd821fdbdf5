"""A dbt data test that fails in a refresh (dbt running in the Dagster process, defs/dbt_in_process.py) fails
the refresh, shows in Dagster as a failed check of the model that names the column, and leaves the published
warehouse alone."""

from __future__ import annotations

import shutil
from pathlib import Path

from dagster_project.warehouse import connect
from dagster_project.warehouse.publish import working_copy_path
from dagster_project.warehouse.refresh import (
    run_errors,
    run_full_refresh,
    was_published,
)


def test_a_duplicated_key_fails_its_dbt_check_and_the_refresh(hand_built, tmp_path: Path) -> None:  # noqa: ANN001
    published = tmp_path / "warehouse" / "warehouse.duckdb"
    published.parent.mkdir()
    shutil.copyfile(hand_built.path, published)
    with connect(published) as con:
        # The staging view reads the raw table as it is: the agents' file is unchanged, so the refresh
        # below does not load it again, and as many rows as the file has stay, one with another's key.
        con.execute(
            "update raw.agents set agent_id = (select min(agent_id) from raw.agents)"
            " where agent_id = (select max(agent_id) from raw.agents)"
        )
        agents = con.execute("select count(distinct agent_id) from raw.agents").fetchall()[0][0]

    result = run_full_refresh(hand_built.raw_dir, published)

    assert not result.success
    assert not was_published(result)
    failed = {
        (evaluation.asset_key.to_user_string(), evaluation.check_name): evaluation
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed
    }
    # The model's column rules are one dbt test (dbt/tests/generic/column_rules.sql), named after the model and
    # its columns; the check's description names the broken rule and its column.
    assert list(failed) == [("staging/stg_helpdesk__agents", "column_rules_stg_helpdesk__agents_agent_id__agent_id")]
    [evaluation] = failed.values()
    assert evaluation.description == "unique agent_id: 1"  # one agent_id appears twice
    assert evaluation.metadata["dagster_dbt/failed_row_count"].value == 1  # one broken rule
    assert [error.split(":")[0] for error in run_errors(result)] == ["helpdesk_dbt_models"]
    with connect(published, read_only=True) as con:
        assert con.execute("select count(distinct agent_id) from raw.agents").fetchall()[0][0] == agents  # as it was
    assert working_copy_path(published).exists()  # kept for a look, never published
