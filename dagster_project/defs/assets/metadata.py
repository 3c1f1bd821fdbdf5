"""Materialization metadata shared by the assets: a small preview of a warehouse table."""

from __future__ import annotations

import duckdb
from dagster import MetadataValue

PREVIEW_ROWS = 10


def table_preview(con: duckdb.DuckDBPyConnection, relation: str) -> MetadataValue:
    """The first rows of a table as markdown, for the Dagster UI. `relation` comes from our own
    model names, never from input data."""
    frame = con.sql(f"select * from {relation} limit {PREVIEW_ROWS}").df()
    return MetadataValue.md(frame.to_markdown(index=False) if not frame.empty else "_empty_")
