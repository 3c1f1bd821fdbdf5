"""The dbt project as Dagster sees it, and keeping dbt's start-up cost per refresh low."""

from __future__ import annotations

import fcntl
import sys
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

from dagster_dbt import DbtCliResource, DbtProject
from packaging.version import Version

from dagster_project.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

# The dbt installed beside this Python, so a venv works without being activated (make run, cron, CI).
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")

class HelpdeskDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt CLI resource without two start-up costs this project never uses."""

    @cached_property
    def _cli_version(self) -> Version:
        # dagster-dbt runs `dbt --version` (about 4 s) in every run to learn this; DBT_EXECUTABLE is the
        # dbt-core installed beside this interpreter, so its version is known without a subprocess.
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Any) -> None:
        # The in-process adapter (about 3 s to set up) serves only fetch_row_counts and
        # fetch_column_metadata; row counts and previews are read from the warehouse (defs/assets/dbt.py).
        return None


def dbt_cli_resource() -> HelpdeskDbtCliResource:
    return HelpdeskDbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


def target_path_for(warehouse: Path) -> Path:
    """The target folder of the dbt commands that build `warehouse`: `<stem>.dbt-target` beside it, the
    same folder every run.

    dbt reparses the whole project (about 8 s) whenever the profile's warehouse path differs from the one
    its partial-parse state was saved with; a folder per warehouse keeps that state valid from run to run
    (the refresh lock keeps two runs from sharing it), and the artifacts of a run (run_results.json, the
    compiled SQL) stay next to the warehouse they built rather than pile up in dbt/target.
    """
    return warehouse.with_name(f"{warehouse.stem}.dbt-target")


_SOURCE_FOLDERS = ("models", "macros", "seeds", "tests")
_SOURCE_SUFFIXES = {".sql", ".yml", ".yaml", ".csv"}


def _newest_source_mtime(project_dir: Path) -> float:
    files = [project_dir / "dbt_project.yml", project_dir / "profiles.yml"]
    for folder in _SOURCE_FOLDERS:
        files.extend(p for p in (project_dir / folder).rglob("*") if p.suffix in _SOURCE_SUFFIXES)
    return max((p.stat().st_mtime for p in files if p.exists()), default=0.0)


def ensure_manifest() -> Path:
    """Parse the project when its manifest is missing or older than any model, macro, seed or yml.

    `dagster dev` would prepare it, but `make run`, the tests and the schedule load the definitions
    directly, so they need a current manifest without anyone remembering to run `dbt parse`.
    """
    manifest = dbt_project.manifest_path
    if _is_current(manifest):
        return manifest
    manifest.parent.mkdir(parents=True, exist_ok=True)
    # Processes that start together (test workers, `dagster dev` beside `make run`) would otherwise parse
    # into the same target folder at once; the first parses, the others find its manifest current.
    with (manifest.parent / ".parse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _is_current(manifest):
            dbt_cli_resource().cli(["parse", "--quiet"], target_path=manifest.parent).wait()
    return manifest


def _is_current(manifest: Path) -> bool:
    return manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime(dbt_project.project_dir)
