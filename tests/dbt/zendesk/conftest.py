"""One run of the whole pipeline on the Zendesk parity fixture (Fivetran shape) and the Freshdesk sample, once
per session (it measures the Zendesk tickets on the account's own schedules; the Zendesk API sample is another
account, whose own tables would join the fixture's, so tests/ingest/adapters/test_zendesk_api_account.py
refreshes it alone);
then, on a copy of the warehouse, the reference's "now" and the Zendesk models built with our definitions
and with the compat switch, each compared with dbt_zendesk's expected output."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from dagster_project.defs.dbt_in_process import invoke_dbt
from dagster_project.ingest import discover_deliveries
from dagster_project.ingest.adapters.vendor_metrics import load_vendor_ticket_metrics
from dagster_project.ingest.sql import quote_identifier
from dagster_project.warehouse import connect

FIXTURES = Path(__file__).parent.parent.parent / "fixtures"
PARITY = FIXTURES / "zendesk_parity"
EXPECTED = PARITY / "expected" / "zendesk__ticket_metrics.csv.gz"
DELIVERIES = {
    "2024-06-14-freshdesk": FIXTURES / "freshdesk" / "2024-06-14-freshdesk",
    "2024-06-16-zendesk": PARITY / "input",
}
# The instant dbt_zendesk's expected output was computed at (the fixture's README).
REFERENCE_NOW = "2024-06-16T00:00:00Z"
COMPAT_VARS = {"zendesk_compat": True}  # what HELPDESK_ZENDESK_COMPAT=on sets
# The reference's database.schema, the source_relation its rows (and ticket_day_id) carry.
REFERENCE_SOURCE_RELATION = "oracle.zendesk"
# dbt_zendesk's other models and their grain, compared with expected/<model>.csv.gz column by column.
OTHER_MODELS = {
    "zendesk__ticket_enriched": ("ticket_id",),
    "zendesk__ticket_summary": ("source_relation",),
    "zendesk__ticket_field_history": ("ticket_id", "date_day"),
    "zendesk__ticket_backlog": ("ticket_id", "date_day"),
    "zendesk__sla_policies": ("ticket_id", "metric", "sla_applied_at"),
}
# The Zendesk models the compat switch changes, rebuilt with it (not the vendor reconciliation, which the
# tests read with our definitions).
COMPAT_SELECTION = ["int_zendesk__ticket_resolutions", "int_zendesk__ticket_reply_times", "int_zendesk__ticket_status_times",
                    "int_zendesk__ticket_satisfaction", "zendesk__ticket_enriched", "zendesk__ticket_metrics",
                    "zendesk__ticket_summary", "int_zendesk__sla_reply_times", "int_zendesk__sla_status_times",
                    "zendesk__sla_policies"]


@dataclass(frozen=True)
class ColumnParity:
    column: str
    tickets: int
    matching: int
    # Up to three tickets whose values differ: (ticket_id, ours, reference).
    examples: list[tuple[str, object, object]]

    @property
    def share(self) -> float:
        return self.matching / self.tickets


@dataclass(frozen=True)
class ZendeskRun:
    raw_dir: Path
    result: object  # dagster ExecuteInProcessResult
    pipeline_seconds: float
    # The warehouse the pipeline built, and the copy the parity models were rebuilt in.
    built: Path
    parity_warehouse: Path
    ours: list[ColumnParity]
    compat: list[ColumnParity]
    # Per other model, its grain, (rows of the reference, rows of ours) and column parity (ours / compat).
    other_grains: dict[str, tuple[str, ...]]
    other_rows: dict[str, tuple[int, int]]
    other_compat_rows: dict[str, tuple[int, int]]
    other_ours: dict[str, list[ColumnParity]]
    other_compat: dict[str, list[ColumnParity]]


@pytest.fixture(scope="session")
def zendesk_run(tmp_path_factory: pytest.TempPathFactory) -> ZendeskRun:
    from dagster_project.warehouse.publish import working_copy_path
    from dagster_project.warehouse.refresh import run_full_refresh, was_published

    root = tmp_path_factory.mktemp("zendesk")
    raw_dir = root / "raw"
    for name, source in DELIVERIES.items():
        shutil.copytree(source, raw_dir / name)
    warehouse = root / "warehouse.duckdb"
    started = time.perf_counter()
    result = run_full_refresh(raw_dir, warehouse)
    pipeline_seconds = time.perf_counter() - started
    # a run stopped by a gate leaves its working copy unpublished: the comparison still reads it
    built = warehouse if was_published(result) else working_copy_path(warehouse)
    parity_warehouse = root / "parity.duckdb"
    shutil.copyfile(built, parity_warehouse)

    con = connect(parity_warehouse)
    try:
        load_vendor_ticket_metrics(con, discover_deliveries(raw_dir))
    finally:
        con.close()
    selection = ["+zendesk__ticket_metrics", "fct_vendor_metric_reconciliation", "agg_vendor_metric_reconciliation",
                 *(f"+{model}" for model in OTHER_MODELS)]
    # the account's schedules, as the refresh uses them for a Zendesk delivery
    reference = {"as_of": REFERENCE_NOW, "zendesk_source_relation": REFERENCE_SOURCE_RELATION,
                 "zendesk_account_schedules": True}
    _dbt_run(root, parity_warehouse, selection, reference)
    ours = _compare(parity_warehouse)
    other_rows, other_ours = _compare_other_models(parity_warehouse)
    _dbt_run(root, parity_warehouse, COMPAT_SELECTION, {**reference, **COMPAT_VARS})
    compat = _compare(parity_warehouse)
    other_compat_rows, other_compat = _compare_other_models(parity_warehouse)
    return ZendeskRun(
        raw_dir, result, pipeline_seconds, built, parity_warehouse, ours, compat,
        OTHER_MODELS, other_rows, other_compat_rows, other_ours, other_compat,
    )


@pytest.fixture
def rebuild_on_copy(zendesk_run: ZendeskRun, tmp_path: Path):  # noqa: ANN201
    """rebuild_on_copy(selection, variables) -> a copy of the parity warehouse with those models rebuilt
    (dbt run, the reference's "now" and source_relation added to the vars)."""

    def rebuild(selection: list[str], variables: dict[str, object]) -> Path:
        warehouse = tmp_path / "rebuilt.duckdb"
        shutil.copyfile(zendesk_run.parity_warehouse, warehouse)
        reference = {"as_of": REFERENCE_NOW, "zendesk_source_relation": REFERENCE_SOURCE_RELATION}
        _dbt_run(tmp_path, warehouse, selection, {**reference, **variables})
        return warehouse

    return rebuild


def _dbt_run(root: Path, warehouse: Path, selection: list[str], variables: dict[str, object]) -> None:
    done = invoke_dbt(
        [
            # other vars than the build's: every incremental model is rebuilt, not just the tickets in scope
            "run", "--quiet", "--full-refresh", "--select", *selection,
            "--vars", json.dumps({"warehouse_path": str(warehouse), **variables}),
        ],
        warehouse=warehouse,
        # its own target and log, so parallel dbt runs in the project do not share them
        target_path=root / "dbt_target",
    )  # fmt: skip
    assert done.success, done.exception or done.result


def _compare(warehouse: Path) -> list[ColumnParity]:
    """Every column of the reference's zendesk__ticket_metrics, per ticket."""
    con = connect(warehouse)
    try:
        return compare_model(con, EXPECTED, "marts.zendesk__ticket_metrics", ("ticket_id",))[2]
    finally:
        con.close()


def compare_model(
    con: duckdb.DuckDBPyConnection, expected_csv: Path, ours: str, grain: tuple[str, ...]
) -> tuple[int, int, list[ColumnParity]]:
    """Every column of the reference CSV against the relation `ours`, rows joined on `grain`: a value
    matches when it is the same instant, boolean, date, number (ours rounded to the 4 decimals the reference
    prints) or text as the reference printed, NULL only NULL; a reference row missing from ours matches
    nothing. Returns (reference rows, our rows, parity per column)."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE parity_reference AS SELECT * FROM read_csv($path, header = true, all_varchar = true)",
        {"path": str(expected_csv)},
    )
    schema, name = ours.split(".")
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = $schema AND table_name = $name",
            {"schema": schema, "name": name},
        ).fetchall()
    )
    columns = [c for (c,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'parity_reference' ORDER BY column_index"
    ).fetchall()]
    on = " AND ".join(
        _same_as_printed(f"ours.{quote_identifier(g)}", f"ref.{quote_identifier(g)}", types[g]) for g in grain
    )
    key = ", ".join(f"ref.{quote_identifier(g)}" for g in grain)
    reference_rows = con.execute("SELECT count(*) FROM parity_reference").fetchall()[0][0]
    our_rows = con.execute(f"SELECT count(*) FROM {ours}").fetchall()[0][0]
    result = []
    for column in columns:
        if column not in types:  # a column we lack matches nothing
            result.append(ColumnParity(column, reference_rows, 0, []))
            continue
        same = _same_as_printed(f"ours.{quote_identifier(column)}", f"ref.{quote_identifier(column)}", types[column])
        rows = con.execute(
            f"""
            SELECT count(*) FILTER (WHERE ours.{quote_identifier(grain[0])} IS NOT NULL AND {same}),
                   list([concat_ws(' ', {key}), cast(ours.{quote_identifier(column)} AS VARCHAR),
                         ref.{quote_identifier(column)}] ORDER BY {key})
                       FILTER (WHERE ours.{quote_identifier(grain[0])} IS NULL OR NOT {same})[1:3]
            FROM parity_reference AS ref
            LEFT JOIN {ours} AS ours ON {on}
            """
        ).fetchall()
        matching, examples = rows[0]
        result.append(ColumnParity(column, reference_rows, matching, [tuple(e) for e in examples or []]))
    return reference_rows, our_rows, result


def _same_as_printed(ours: str, ref: str, data_type: str) -> str:
    if data_type == "BOOLEAN":
        same = f"try_cast({ref} AS BOOLEAN) = {ours}"
    elif data_type.startswith("TIMESTAMP"):
        same = f"try_cast({ref} AS TIMESTAMPTZ) = {ours}"
    elif data_type == "DATE":
        same = f"try_cast({ref} AS DATE) = {ours}"
    elif data_type in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "DOUBLE", "FLOAT") or data_type.startswith("DECIMAL"):
        same = f"try_cast({ref} AS DOUBLE) = round({ours}, 4)"
    else:
        same = f"cast({ours} AS VARCHAR) = {ref}"
    return f"(coalesce({same}, false) OR ({ours} IS NULL AND {ref} IS NULL))"


def _compare_other_models(warehouse: Path) -> tuple[dict[str, tuple[int, int]], dict[str, list[ColumnParity]]]:
    con = connect(warehouse)
    try:
        rows, parity = {}, {}
        for model, grain in OTHER_MODELS.items():
            expected = PARITY / "expected" / f"{model}.csv.gz"
            reference_rows, our_rows, parity[model] = compare_model(con, expected, f"marts.{model}", grain)
            rows[model] = (reference_rows, our_rows)
        return rows, parity
    finally:
        con.close()
