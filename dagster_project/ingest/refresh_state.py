"""`meta.refresh_state`: the fingerprint of everything that turns delivered files into marts besides the
files themselves (the dbt project, the ingest code, DuckDB and dbt versions, whether each vendor's parity
marts are filled). An incremental refresh only
recomputes what changed in the data, so it is valid only for a warehouse built with the same fingerprint;
any other warehouse is rebuilt from scratch."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path

import duckdb

from dagster_project import warehouse
from dagster_project.ingest.file_manifest import META_SCHEMA
from dagster_project.settings import DBT_PROJECT_DIR, PROJECT_ROOT

# dbt_project.yml holds the vars (as_of, reporting_timezone): a changed var changes the fingerprint too.
_DBT_SOURCES = ("dbt_project.yml", "models", "macros", "seeds")
_INGEST_SOURCES = ("dagster_project/ingest",)
_PACKAGES = ("duckdb", "dbt-core", "dbt-duckdb")

REFRESH_STATE_DDL = f"""
CREATE OR REPLACE TABLE {META_SCHEMA}.refresh_state AS
SELECT CAST($fingerprint AS VARCHAR) AS fingerprint, now() AS built_at
"""


def current_fingerprint(
    *, vendor_marts: Mapping[str, bool], switches: Mapping[str, bool | str | None] | None = None
) -> str:
    """`switches`: the other dbt vars a refresh derives from its settings (zendesk_compat, as_of, ...)."""
    digest = hashlib.sha256()
    for vendor, filled in sorted(vendor_marts.items()):
        digest.update(f"{vendor}_marts={filled}\0".encode())
    for name, on in sorted((switches or {}).items()):
        digest.update(f"{name}={on}\0".encode())
    files = [p for name in _DBT_SOURCES for p in _files(DBT_PROJECT_DIR / name)]
    files += [p for name in _INGEST_SOURCES for p in _files(PROJECT_ROOT / name) if p.suffix == ".py"]
    for path in sorted(files):
        digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for package in _PACKAGES:
        digest.update(f"{package}=={version(package)}\0".encode())
    return digest.hexdigest()


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def built_fingerprint(path: Path) -> str | None:
    """The fingerprint the warehouse at `path` was last fully built with; None when there is no warehouse,
    or it was built before incremental refresh existed."""
    if not path.exists():
        return None
    con = warehouse.connect(path, read_only=True)
    try:
        found = warehouse.scalar(
            con,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'refresh_state'",
            [META_SCHEMA],
        )
        if not found:
            return None
        rows = con.execute(f"SELECT fingerprint FROM {META_SCHEMA}.refresh_state").fetchall()
    finally:
        con.close()
    return rows[0][0] if rows else None


def record_fingerprint(con: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {META_SCHEMA}")
    con.execute(REFRESH_STATE_DDL, {"fingerprint": fingerprint})
