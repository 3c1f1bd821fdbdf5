"""The dbt project as Dagster assets: sources are the raw tables, models are grouped by their layer."""


import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
from dagster import AssetCheckResult, AssetExecutionContext, Output
from dagster_dbt import dbt_assets

from dagster_project import settings
from dagster_project.defs.assets.metadata import row_count_and_preview
from dagster_project.defs.checks.gx_import import import_gx_in_background
from dagster_project.defs.dbt_in_process import InProcessDbtResource
from dagster_project.defs.dbt_project import (
    TRANSLATOR,
    dbt_project,
    manifest,
    manifest_path,
    target_path_for,
)
from dagster_project.defs.resources import WarehouseResource
from dagster_project.ingest import ensure_raw_schema


def dbt_vars(warehouse: WarehouseResource) -> dict[str, str | int | bool]:
    """Vars every dbt invocation gets: the warehouse file of this run, so dbt writes where Dagster reads,
    the DuckDB threads and memory limit every other session of the run uses (settings.py), and whether the
    vendors' parity marts are filled (ingest/adapters/vendor_marts.py), with which definitions and
    schedules the Zendesk ones are built (zendesk_compat, zendesk_account_schedules)."""
    return {
        "warehouse_path": str(warehouse.warehouse_path),
        "duckdb_threads": settings.duckdb_threads(),
        "duckdb_memory_limit": settings.duckdb_memory_limit(),
        **{f"{vendor}_marts": filled for vendor, filled in warehouse.builds_vendor_marts.items()},
        **warehouse.dbt_switches,
    }


# The materializations (manifest config) that leave a table in the warehouse; the others leave a view.
_TABLE_MATERIALIZATIONS = frozenset({"table", "incremental", "seed", "snapshot"})


@dbt_assets(manifest=manifest_path(), project=dbt_project, dagster_dbt_translator=TRANSLATOR)
def helpdesk_dbt_models(
    context: AssetExecutionContext, dbt: InProcessDbtResource, warehouse: WarehouseResource
) -> Iterator[Any]:
    import_gx_in_background()
    # The models alone, on a warehouse whose raw tables older ingest code loaded: staging needs their
    # current columns (`_is_latest`), which the loads would have added.
    with warehouse.connect() as con:
        ensure_raw_schema(con)
    # Unit tests check SQL logic against fixed inputs, not the data: the test suite runs them (tests/dbt).
    args = ["build", "--exclude-resource-type", "unit_test", "--vars", json.dumps(dbt_vars(warehouse))]
    if warehouse.rebuilds_marts:
        args.append("--full-refresh")
    # dbt runs in this process and opens the file as this connection does, so both share one DuckDB
    # instance: each table's row count and preview are read as soon as dbt has written it, while dbt
    # goes on with the nodes after it.
    target_path = target_path_for(warehouse.warehouse_path)
    with warehouse.connect() as con:
        for event in dbt.build(
            args,
            context=context,
            manifest=manifest(),
            translator=TRANSLATOR,
            warehouse=warehouse.warehouse_path,
            target_path=target_path,
        ):
            if isinstance(event, AssetCheckResult) and not event.passed:
                event = _describe_broken_rules(con, event, target_path)
            # A view's count would run the view over its whole raw table (millions of rows at a million
            # tickets) for a number the tables it feeds already show; the manifest says which nodes are views.
            if isinstance(event, Output) and _writes_a_table(str(event.metadata["unique_id"].value)):
                schema, name = context.asset_key_for_output(event.output_name).path
                row_count, preview = row_count_and_preview(con, f'"{schema}"."{name}"')
                event = event.with_metadata({**event.metadata, "dagster/row_count": row_count, "preview": preview})
            yield event


def _describe_broken_rules(
    con: duckdb.DuckDBPyConnection, check: AssetCheckResult, target_path: Path
) -> AssetCheckResult:
    """A failed `column_rules` test (dbt/tests/generic) holds a model's rules for many columns: its check's
    description names each broken rule, its column and the number of failing rows or values, read again from
    the test's compiled query (a few rows, run only when the test failed)."""
    node = manifest()["nodes"].get(str(check.metadata["unique_id"].value))
    if node is None or node.get("test_metadata", {}).get("name") != "column_rules":
        return check
    compiled = target_path / "compiled" / node["package_name"] / node["original_file_path"] / node["path"]
    broken = con.execute(f"select rule, column_name, failing_rows from ({compiled.read_text()}) order by all").fetchall()
    return check._replace(description="; ".join(f"{rule} {column}: {rows}" for rule, column, rows in broken))


def _writes_a_table(unique_id: str) -> bool:
    return manifest()["nodes"][unique_id]["config"]["materialized"] in _TABLE_MATERIALIZATIONS
