"""Materialization metadata shared by the assets: a small preview of a warehouse table, and its row count."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
from dagster import MetadataValue
from tabulate import tabulate

PREVIEW_ROWS = 10


def table_preview(con: duckdb.DuckDBPyConnection, relation: str) -> MetadataValue:
    """The first rows of a table as markdown, for the Dagster UI. `relation` comes from our own
    model names, never from input data."""
    cursor = con.execute(f"select * from {relation} limit {PREVIEW_ROWS}")
    return _markdown([column[0] for column in cursor.description], cursor.fetchall())


def row_count_and_preview(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[int, MetadataValue]:
    """The table's row count and its preview (as `table_preview`) in one query: the count (which DuckDB reads
    from the table's metadata) beside each preview row, or alone, with NULLs, when the table is empty."""
    cursor = con.execute(
        f"select * from (select count(*) from {relation}) "
        f"left join (select * from {relation} limit {PREVIEW_ROWS}) on true"
    )
    columns = [column[0] for column in cursor.description][1:]
    rows = cursor.fetchall()
    count = rows[0][0]
    return count, _markdown(columns, [row[1:] for row in rows] if count else [])


def _markdown(columns: Sequence[str], rows: Sequence[tuple[object, ...]]) -> MetadataValue:
    # The rows as DuckDB returns them (dates as dates, NULL as NULL): a pandas frame in between cost about six
    # times the CPU (pandas' construction), per table of every refresh.
    return MetadataValue.md(tabulate(rows, headers=columns, tablefmt="pipe", missingval="NULL") if rows else "_empty_")
