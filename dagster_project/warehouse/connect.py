"""Opening the DuckDB warehouse the same way everywhere: UTC session, configured threads and memory."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dagster_project import settings


def connect(path: Path | str | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse. Every session runs in UTC so naive timestamps and date buckets never
    depend on the machine's time zone."""
    target = Path(path) if path is not None else settings.warehouse_path()
    if not read_only:
        target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(target), read_only=read_only)
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"SET threads = {settings.duckdb_threads():d}")
    con.execute("SET memory_limit = ?", [settings.duckdb_memory_limit()])
    return con


def scalar(con: duckdb.DuckDBPyConnection, sql: str, parameters: list[object] | None = None) -> object:
    """The single value a query returns. DuckDB 2 keeps a result open until it is fetched to the end,
    so fetch everything rather than one row."""
    return con.execute(sql, parameters or []).fetchall()[0][0]
