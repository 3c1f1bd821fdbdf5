"""The one Definitions object: `dagster dev`, `make run`, the schedule and the tests all load this."""

from dagster import Definitions

from dagster_project.assets.dbt import helpdesk_dbt_models
from dagster_project.assets.raw import raw_assets
from dagster_project.checks.asset_checks import conservation_checks, gx_checks
from dagster_project.jobs import full_refresh_job
from dagster_project.resources import build_resources
from dagster_project.schedules import daily_refresh_schedule
from dagster_project.sensors import new_delivery_sensor

defs = Definitions(
    assets=[*raw_assets, helpdesk_dbt_models],
    asset_checks=[*conservation_checks, *gx_checks],
    jobs=[full_refresh_job],
    schedules=[daily_refresh_schedule],
    sensors=[new_delivery_sensor],
    resources=build_resources(),
)
