"""The DuckDB warehouse file: opening it (connect), building a working copy and publishing it atomically
(publish), one refresh at a time (locking), and running the refresh job in this process (refresh)."""

from dagster_project.warehouse.connect import connect, scalar

__all__ = ["connect", "scalar"]
