"""The Dagster asset `raw/vendor_ticket_metrics`: the vendor's own ticket metrics of every delivery that has
them, for marts.fct_vendor_metric_reconciliation (the dbt source `vendor.vendor_ticket_metrics`)."""

from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from dagster_project.defs.resources import WarehouseResource
from dagster_project.ingest import discover_deliveries
from dagster_project.ingest.adapters.vendor_metrics import (
    VENDOR_TICKET_METRICS,
    load_vendor_ticket_metrics,
)


@asset(
    key=AssetKey(["raw", VENDOR_TICKET_METRICS.name]),
    group_name="raw",
    kinds={"duckdb"},
    description=(
        "`raw.vendor_ticket_metrics`: the vendor's own per-ticket metrics (Zendesk API ticket_metrics) of "
        "every delivery that has them, to reconcile with ours (see docs/adapters.md)."
    ),
)
def vendor_ticket_metrics(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    with warehouse.connect() as con:
        rows_read, rows_loaded, rows_quarantined = load_vendor_ticket_metrics(con, discover_deliveries(warehouse.raw_path))
    if rows_quarantined:
        context.log.warning(
            f"{rows_quarantined:,} of {rows_read:,} vendor metric rows quarantined: see raw.quarantine"
        )
    return MaterializeResult(
        metadata={
            "dagster/row_count": rows_loaded,
            "rows_read": rows_read,
            "rows_loaded": rows_loaded,
            "rows_quarantined": rows_quarantined,
        }
    )
