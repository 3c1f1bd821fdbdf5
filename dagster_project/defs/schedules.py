"""When the warehouse refreshes on its own."""

from dagster import DefaultScheduleStatus, ScheduleDefinition

from dagster_project.defs.jobs import full_refresh_job

daily_refresh_schedule = ScheduleDefinition(
    name="daily_refresh",
    job=full_refresh_job,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.STOPPED,
    description="Refresh the warehouse every day at 06:00 UTC, after the nightly exports land.",
)
