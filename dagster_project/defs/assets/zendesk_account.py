"""The Dagster assets `raw/zendesk__<table>`: the Zendesk account's own tables (users, organizations,
brands, tags, forms, schedules, SLA policies, the full tickets and field history) of every Zendesk delivery,
for the dbt_zendesk-shaped marts (the dbt source `zendesk`). One load for all of them; empty for other
accounts. Each table checks its rows are conserved in this step (defs/checks/row_conservation.py)."""

from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, multi_asset

from dagster_project.defs.assets.raw import RAW_GROUP, raw_asset_key
from dagster_project.defs.checks.row_conservation import rows_conserved, rows_conserved_spec
from dagster_project.defs.resources import WarehouseResource
from dagster_project.ingest import discover_deliveries
from dagster_project.ingest.adapters.vendor_tables import load_vendor_tables
from dagster_project.ingest.adapters.zendesk_account import ACCOUNT_TABLES

ZENDESK_ACCOUNT_KEYS = [raw_asset_key(spec.name) for spec in ACCOUNT_TABLES.values()]


@multi_asset(
    specs=[
        AssetSpec(
            raw_asset_key(spec.name),
            group_name=RAW_GROUP,
            kinds={"duckdb"},
            description=(
                f"`raw.{spec.name}`: Zendesk's `{name}` table of every Zendesk delivery, typed per the Fivetran "
                "connector schema (see docs/adapters.md); empty for other accounts."
            ),
        )
        for name, spec in ACCOUNT_TABLES.items()
    ],
    check_specs=[rows_conserved_spec(key) for key in ZENDESK_ACCOUNT_KEYS],
)
def zendesk_account_tables(context: AssetExecutionContext, warehouse: WarehouseResource):  # noqa: ANN201
    with warehouse.connect() as con:
        loads = load_vendor_tables(con, list(ACCOUNT_TABLES.values()), discover_deliveries(warehouse.raw_path))
        conserved = [rows_conserved(con, load.table, raw_asset_key(load.table)) for load in loads]
    for load, check in zip(loads, conserved, strict=True):
        if load.rows_quarantined:
            context.log.warning(
                f"{load.rows_quarantined:,} of {load.rows_read:,} {load.table} rows quarantined: see raw.quarantine"
            )
        yield MaterializeResult(
            asset_key=raw_asset_key(load.table),
            metadata={
                "dagster/row_count": load.rows_loaded,
                "rows_read": load.rows_read,
                "rows_loaded": load.rows_loaded,
                "rows_quarantined": load.rows_quarantined,
            },
            check_results=[check],
        )
