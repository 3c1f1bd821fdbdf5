"""When the warehouse refreshes on its own."""

from dagster import DefaultScheduleStatus, RunRequest, ScheduleEvaluationContext, schedule

from dagster_project.defs.jobs import full_refresh_job
from dagster_project.defs.parity_marts import refresh_selection
from dagster_project.defs.resources import WarehouseResource


@schedule(
    name="daily_refresh",
    job=full_refresh_job,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.STOPPED,
    description="Refresh the warehouse every day at 06:00 UTC, after the nightly exports land.",
)
def daily_refresh_schedule(context: ScheduleEvaluationContext, warehouse: WarehouseResource) -> RunRequest:
    # The parity marts of vendors the deliveries do not come from are left out (defs/parity_marts.py).
    return RunRequest(
        asset_selection=refresh_selection(
            context.repository_def.asset_graph, warehouse.raw_path, warehouse.asked_vendor_marts
        )
    )
