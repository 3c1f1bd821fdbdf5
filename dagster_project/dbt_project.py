"""The dbt project as Dagster sees it, and keeping its manifest current."""

from __future__ import annotations

import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from dagster_project.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

# The dbt installed beside this Python, so a venv works without being activated (make run, cron, CI).
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")


def dbt_cli_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)

_SOURCE_SUFFIXES = {".sql", ".yml", ".yaml", ".csv"}


def _newest_source_mtime(project_dir: Path) -> float:
    files = [p for p in project_dir.rglob("*") if p.suffix in _SOURCE_SUFFIXES and "target" not in p.parts]
    return max((p.stat().st_mtime for p in files), default=0.0)


def ensure_manifest() -> Path:
    """Parse the project when its manifest is missing or older than any model, macro, seed or yml.

    `dagster dev` would prepare it, but `make run`, the tests and the schedule load the definitions
    directly, so they need a current manifest without anyone remembering to run `dbt parse`.
    """
    manifest = dbt_project.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source_mtime(dbt_project.project_dir):
        dbt_cli_resource().cli(["parse", "--quiet"], target_path=manifest.parent).wait()
    return manifest
