"""Paths and settings read from the environment, with the defaults a fresh clone uses."""

from __future__ import annotations

import os
from datetime import datetime, timezone
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


ENGINES = ("duckdb", "spark")


def engine() -> str:
    """The engine dbt builds the models on (`HELPDESK_ENGINE`: duckdb, the default, or spark; docs/scaling.md).
    The ingest loads into DuckDB on both: on Spark its raw tables are handed over as Parquet."""
    value = (os.environ.get("HELPDESK_ENGINE") or "duckdb").strip().lower()
    if value not in ENGINES:
        raise ValueError(f"HELPDESK_ENGINE must be one of {', '.join(ENGINES)}, got {value!r}")
    return value


def spark_warehouse_dir() -> Path:
    """The Spark warehouse folder (`HELPDESK_SPARK_WAREHOUSE`, default data/spark-warehouse, beside the DuckDB
    file's default location): its tables' Parquet files, the raw Parquet handed over by the ingest and the
    local metastore."""
    return _path_from_env("HELPDESK_SPARK_WAREHOUSE", "data/spark-warehouse")


# A laptop's share: DuckDB spills joins, aggregates and sorts to a temp folder beside the warehouse
# rather than go past it, so a refresh on a busy machine slows down instead of failing.
DEFAULT_DUCKDB_MEMORY_LIMIT = "3GB"


def duckdb_threads() -> int:
    """Threads of every DuckDB session, ingest and dbt alike (`HELPDESK_DUCKDB_THREADS`, default: the cores)."""
    value = os.environ.get("HELPDESK_DUCKDB_THREADS")
    return int(value) if value else os.cpu_count() or 1


def duckdb_memory_limit() -> str:
    """DuckDB's memory_limit for every session (`HELPDESK_DUCKDB_MEMORY_LIMIT`, e.g. "8GB" or "50%")."""
    return os.environ.get("HELPDESK_DUCKDB_MEMORY_LIMIT") or DEFAULT_DUCKDB_MEMORY_LIMIT


VENDOR_MARTS_SETTINGS = ("auto", "on", "off")
# Vendors with parity marts of their own (ingest/adapters/vendor_marts.py).
MART_VENDORS = ("zendesk", "intercom")


def vendor_marts(vendor: str) -> str:
    """Whether a refresh builds a vendor's parity marts (`HELPDESK_ZENDESK_MARTS`, `HELPDESK_INTERCOM_MARTS`):
    `auto` (the default: when a delivery comes from one of the vendor's adapters), `on` or `off`."""
    name = f"HELPDESK_{vendor.upper()}_MARTS"
    value = (os.environ.get(name) or "auto").strip().lower()
    if value not in VENDOR_MARTS_SETTINGS:
        raise ValueError(f"{name} must be one of {', '.join(VENDOR_MARTS_SETTINGS)}, got {value!r}")
    return value


def zendesk_compat() -> str:
    """Whether the Zendesk marts use fivetran/dbt_zendesk's definitions (`HELPDESK_ZENDESK_COMPAT`): `auto`
    (the default: when a Zendesk delivery's manifest says `"zendesk_compat": "on"`), `on` or `off`."""
    value = (os.environ.get("HELPDESK_ZENDESK_COMPAT") or "auto").strip().lower()
    if value not in VENDOR_MARTS_SETTINGS:
        raise ValueError(f"HELPDESK_ZENDESK_COMPAT must be one of {', '.join(VENDOR_MARTS_SETTINGS)}, got {value!r}")
    return value


def as_of() -> str | None:
    """The instant every mart takes as "now" (`HELPDESK_AS_OF`, e.g. `2024-06-16T00:00:00Z`); None (the
    default) leaves it to the deliveries (docs/metrics.md, "The as-of time")."""
    return parse_as_of(os.environ.get("HELPDESK_AS_OF"), "HELPDESK_AS_OF")


def parse_as_of(value: str | None, name: str) -> str | None:
    """`value` as an ISO 8601 instant in UTC (the form the dbt var `as_of` takes), None when blank. An instant
    without its offset is refused rather than guessed: the same words are another instant in another zone."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name} must be an ISO 8601 instant such as 2024-06-16T00:00:00Z, got {text!r}") from None
    if instant.tzinfo is None:
        raise ValueError(f"{name} must name its UTC offset (2024-06-16T00:00:00Z or …+02:00), got {text!r}")
    return instant.astimezone(timezone.utc).isoformat()


def reporting_timezone() -> str:
    """The time zone days, weeks and months are counted in: the dbt var `reporting_timezone` of
    dbt/dbt_project.yml (the marts' `date_day`, `week_start` and `month_start` use the same)."""
    import yaml

    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return str((project.get("vars") or {}).get("reporting_timezone") or "UTC")


REPORT_LANGUAGES = ("en", "zh")


def report_language() -> str:
    """The language of the report and the terminal summary (`HELPDESK_LANG`: en or zh, default en)."""
    value = (os.environ.get("HELPDESK_LANG") or "en").strip().lower()
    # A locale such as zh_CN.UTF-8 names the language first.
    value = value.replace("-", "_").split("_")[0].split(".")[0]
    if value not in REPORT_LANGUAGES:
        raise ValueError(f"HELPDESK_LANG must be one of {', '.join(REPORT_LANGUAGES)}, got {value!r}")
    return value
