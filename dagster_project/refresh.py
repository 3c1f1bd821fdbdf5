"""Running the full refresh in this process, as `make run` and the end-to-end tests do."""

from __future__ import annotations

from pathlib import Path

from dagster import DagsterInstance, ExecuteInProcessResult


def run_full_refresh(
    raw_dir: Path, warehouse_path: Path, *, instance: DagsterInstance | None = None
) -> ExecuteInProcessResult:
    """Materialize every asset and run every check of the `full_refresh` job against these paths."""
    from dagster_project.definitions import defs

    return defs.resolve_job_def("full_refresh").execute_in_process(
        instance=instance or DagsterInstance.ephemeral(),
        run_config={
            "resources": {"warehouse": {"config": {"raw_dir": str(raw_dir), "path": str(warehouse_path)}}}
        },
        raise_on_error=False,
    )


def failed_checks(result: ExecuteInProcessResult) -> list[str]:
    """'asset_key check_name: description' of every asset check that did not pass."""
    return [
        f"{evaluation.asset_key.to_user_string()} {evaluation.check_name}: {evaluation.description}"
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed
    ]
