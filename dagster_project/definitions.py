"""The one Definitions object: `dagster dev`, `make run`, the schedule and the tests all load this."""

from dagster import Definitions, in_process_executor

from dagster_project.defs.assets.dbt import helpdesk_dbt_models
from dagster_project.defs.assets.publish import build_published_warehouse
from dagster_project.defs.assets.raw import raw_assets
from dagster_project.defs.assets.report import service_report
from dagster_project.defs.assets.staffing import agg_staffing_hour_of_week
from dagster_project.defs.assets.vendor_metrics import vendor_ticket_metrics
from dagster_project.defs.assets.zendesk_account import zendesk_account_tables
from dagster_project.defs.checks.asset_checks import gx_checks
from dagster_project.defs.jobs import full_refresh_job
from dagster_project.defs.resources import build_resources
from dagster_project.defs.schedules import daily_refresh_schedule
from dagster_project.defs.sensors import new_delivery_sensor

# Every asset the warehouse holds: `warehouse/published` waits for all of them and all their checks.
warehouse_assets = [
    *raw_assets,
    vendor_ticket_metrics,
    zendesk_account_tables,
    helpdesk_dbt_models,
    agg_staffing_hour_of_week,
]

defs = Definitions(
    # The report reads the published warehouse, so it is downstream of the publish and not one of its inputs.
    assets=[*warehouse_assets, build_published_warehouse(warehouse_assets), service_report],
    asset_checks=[*gx_checks],
    jobs=[full_refresh_job],
    schedules=[daily_refresh_schedule],
    sensors=[new_delivery_sensor],
    resources=build_resources(),
    # Runs materializing assets from the UI too: one process, so one run holds the refresh lock and builds
    # one working copy (a step per process would each take the lock), and DuckDB admits a single writer.
    executor=in_process_executor,
)
