"""The full refresh: ingest every delivery, build and test the dbt project, run the GX gates."""

from dagster import AssetSelection, define_asset_job, in_process_executor

# One process: DuckDB admits a single writer, so assets must not write the warehouse concurrently.
full_refresh_job = define_asset_job(
    name="full_refresh",
    selection=AssetSelection.all(),
    executor_def=in_process_executor,
    description="Ingest all deliveries into raw, build the dbt models, validate the marts.",
)
