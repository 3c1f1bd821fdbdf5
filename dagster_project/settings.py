"""Paths and settings read from the environment, with the defaults a fresh clone uses."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"


def _path_from_env(variable: str, default: str) -> Path:
    value = os.environ.get(variable) or default
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def raw_dir() -> Path:
    """Where deliveries of exports are read from (`HELPDESK_RAW_DIR`, default data/raw)."""
    return _path_from_env("HELPDESK_RAW_DIR", "data/raw")


def warehouse_path() -> Path:
    """The DuckDB warehouse file (`HELPDESK_WAREHOUSE`, default data/warehouse.duckdb)."""
    return _path_from_env("HELPDESK_WAREHOUSE", "data/warehouse.duckdb")


def duckdb_threads() -> int | None:
    value = os.environ.get("HELPDESK_DUCKDB_THREADS")
    return int(value) if value else None


def duckdb_memory_limit() -> str | None:
    return os.environ.get("HELPDESK_DUCKDB_MEMORY_LIMIT") or None
