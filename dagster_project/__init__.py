"""Helpdesk service-metrics warehouse: exports -> DuckDB raw -> dbt marts -> GX gates, orchestrated by Dagster."""
