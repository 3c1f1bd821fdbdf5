"""The dbt project as Dagster sees it: its manifest, kept current, and where each warehouse's dbt artifacts go."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from dagster import AssetKey, AssetSpec
from dagster_dbt import DagsterDbtTranslator, DbtProject

from dagster_project.defs.dbt_in_process import (
    PARSE_TARGET,
    InProcessDbtResource,
    parse_project,
)
from dagster_project.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class HelpdeskDbtTranslator(DagsterDbtTranslator):
    """Asset keys read like warehouse relations (`marts/fct_tickets`, sources `raw/tickets`, which the
    ingest assets produce); groups are the layers: configuration (seeds), staging, intermediate, marts."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] == "source":
            return spec.replace_attributes(key=AssetKey(["raw", props["name"]]))
        group = "configuration" if props["resource_type"] == "seed" else props["schema"]
        return spec.replace_attributes(key=AssetKey([props["schema"], props["name"]]), group_name=group)


TRANSLATOR = HelpdeskDbtTranslator()

def dbt_resource() -> InProcessDbtResource:
    return InProcessDbtResource()


def target_path_for(warehouse: Path) -> Path:
    """The target folder of the dbt commands that build `warehouse`: `<stem>.dbt-target` beside it, the
    same folder every run, so the artifacts of a run (run_results.json, dbt.log, the compiled SQL) stay next
    to the warehouse they built rather than pile up in dbt/target (the refresh lock keeps two runs from
    sharing it)."""
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
    if not _is_current(manifest):
        # The parsed manifest is kept for this process's builds (defs/dbt_in_process.py).
        parse_project(PARSE_TARGET)
    return manifest


def _is_current(manifest: Path) -> bool:
    return manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime(dbt_project.project_dir)


@cache
def manifest_path() -> Path:
    """The current manifest.json (ensure_manifest), checked once per process."""
    return ensure_manifest()


@cache
def manifest() -> dict[str, Any]:
    return json.loads(manifest_path().read_text())
