"""Running the full refresh in this process, as `make run` and the end-to-end tests do."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path

from dagster import (
    DagsterEventType,
    DagsterInstance,
    EventLogEntry,
    ExecuteInProcessResult,
)
from dagster_shared.error import SerializableErrorInfo

from dagster_project.defs.assets.publish import PUBLISHED_KEY
from dagster_project.defs.parity_marts import refresh_selection


def run_full_refresh(
    raw_dir: Path,
    warehouse_path: Path,
    *,
    instance: DagsterInstance | None = None,
    full_refresh: bool = False,
    vendor_marts: dict[str, str] | None = None,
    zendesk_compat: str | None = None,
    on_event: Callable[[EventLogEntry], None] | None = None,
    console_log_level: str = "DEBUG",
    report_lang: str | None = None,
) -> ExecuteInProcessResult:
    """Materialize every asset and run every check of the `full_refresh` job (but the parity marts of vendors
    it does not fill, defs/parity_marts.py): build and validate a working
    copy next to `warehouse_path` and, if every gate passes, publish it there. The build is incremental
    where it can be; `full_refresh` rebuilds everything from every delivery (docs/operations.md).
    `vendor_marts` ({"zendesk": "on"}: auto, on or off per vendor) overrides HELPDESK_<VENDOR>_MARTS,
    `zendesk_compat` (auto, on or off) HELPDESK_ZENDESK_COMPAT.

    `on_event` is called with every event of the run as it is stored (the run's progress and its log file),
    `console_log_level` is the level of Dagster's console logger (CRITICAL: quiet), and `report_lang` the
    language of the service report the run writes (default HELPDESK_LANG)."""
    from dagster_project.definitions import defs

    config: dict[str, object] = {"raw_dir": str(raw_dir), "path": str(warehouse_path), "full_refresh": full_refresh}
    config |= {f"{vendor}_marts": setting for vendor, setting in (vendor_marts or {}).items()}
    if zendesk_compat is not None:
        config["zendesk_compat"] = zendesk_compat
    from dagster_project.defs.assets.report import REPORT_KEY

    instance = instance or DagsterInstance.ephemeral()
    run_id = str(uuid.uuid4())
    if on_event is not None:
        # The instance calls its listeners of a run synchronously, as each event is stored.
        instance.add_event_listener(run_id, on_event)
    run_config: dict[str, object] = {
        "resources": {"warehouse": {"config": config}},
        "loggers": {"console": {"config": {"log_level": console_log_level}}},
    }
    if report_lang is not None:
        run_config["ops"] = {REPORT_KEY.to_python_identifier(): {"config": {"lang": report_lang}}}
    return defs.resolve_job_def("full_refresh").execute_in_process(
        instance=instance,
        run_config=run_config,
        raise_on_error=False,
        run_id=run_id,
        asset_selection=refresh_selection(defs.resolve_asset_graph(), raw_dir, vendor_marts),
    )


def failed_checks(result: ExecuteInProcessResult) -> list[str]:
    """'asset_key check_name: description' of every asset check that did not pass."""
    return [
        f"{evaluation.asset_key.to_user_string()} {evaluation.check_name}: {evaluation.description}"
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed
    ]


def run_errors(result: ExecuteInProcessResult) -> list[str]:
    """What stopped the run: 'step: error' of every failed step, and the error of a run that could not start
    (e.g. another refresh holds the lock). Failed checks are left to failed_checks."""
    errors = []
    for event in result.all_events:
        if event.event_type == DagsterEventType.STEP_FAILURE:
            error = event.step_failure_data.error
            if error is not None and error.cls_name != "DagsterAssetCheckFailedError":
                errors.append(f"{event.step_key}: {_user_message(error)}")
        elif event.event_type == DagsterEventType.RESOURCE_INIT_FAILURE:
            error = event.engine_event_data.error
            if error is not None:
                errors.append(_user_message(error))
    return errors


def was_published(result: ExecuteInProcessResult) -> bool:
    """Whether this run swapped its working copy in as the published warehouse."""
    return any(event.asset_key == PUBLISHED_KEY for event in result.get_asset_materialization_events())


def _user_message(error: SerializableErrorInfo) -> str:
    # Dagster wraps the error user code raised in its own; the user's says what went wrong.
    while error.cls_name.startswith("Dagster") and error.cause is not None:
        error = error.cause
    # The message starts with the error's class name, qualified by its module or not.
    return re.sub(rf"^[\w.]*\b{re.escape(error.cls_name)}: ", "", error.message.strip())
