"""Refresh as soon as a new or changed export lands in the raw directory."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dagster import (
    DefaultSensorStatus,
    RunRequest,
    SensorEvaluationContext,
    SkipReason,
    sensor,
)

from dagster_project.defs.jobs import full_refresh_job
from dagster_project.defs.parity_marts import refresh_selection
from dagster_project.defs.resources import WarehouseResource


def raw_dir_fingerprint(raw_dir: Path) -> str:
    """A digest of every file's path, size and modification time under the raw directory."""
    digest = hashlib.sha256()
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_file() and not p.name.startswith(".")):
        stat = path.stat()
        digest.update(f"{path.relative_to(raw_dir)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@sensor(
    name="new_delivery",
    job=full_refresh_job,
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.STOPPED,
    description="Starts a full refresh when files under the raw directory are added or changed.",
)
def new_delivery_sensor(context: SensorEvaluationContext, warehouse: WarehouseResource) -> RunRequest | SkipReason:
    if not warehouse.raw_path.is_dir():
        return SkipReason(f"raw directory {warehouse.raw_path} does not exist")
    fingerprint = raw_dir_fingerprint(warehouse.raw_path)
    if fingerprint == context.cursor:
        return SkipReason("no new or changed export files")
    context.update_cursor(fingerprint)
    return RunRequest(
        run_key=fingerprint,
        asset_selection=refresh_selection(
            context.repository_def.asset_graph, warehouse.raw_path, warehouse.asked_vendor_marts
        ),
    )
