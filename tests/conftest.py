"""Session-wide warehouses: each fixture runs the real Dagster job (ingest, dbt build, GX checks) once
and many tests query the result."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_TICKETS = 300


@dataclass(frozen=True)
class BuiltWarehouse:
    raw_dir: Path
    path: Path
    result: object  # dagster ExecuteInProcessResult

    def connect(self) -> duckdb.DuckDBPyConnection:
        from dagster_project.warehouse import connect

        return connect(self.path, read_only=True)


def build_warehouse(raw_dir: Path, warehouse_path: Path) -> BuiltWarehouse:
    from dagster_project.warehouse.refresh import run_full_refresh

    result = run_full_refresh(raw_dir, warehouse_path)
    return BuiltWarehouse(raw_dir=raw_dir, path=warehouse_path, result=result)


@pytest.fixture(scope="session")
def hand_built(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """The hand-built tickets of tests/fixtures/hand_built, through the whole pipeline."""
    root = tmp_path_factory.mktemp("hand_built")
    raw_dir = root / "raw"
    shutil.copytree(FIXTURES / "hand_built", raw_dir)
    return build_warehouse(raw_dir, root / "warehouse.duckdb")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    """A small generated demo delivery, through the whole pipeline."""
    from dagster_project.tools.demo import generate_delivery

    root = tmp_path_factory.mktemp("demo")
    raw_dir = root / "raw"
    generate_delivery(raw_dir / "2026-09-30-demo", tickets=DEMO_TICKETS, seed=7)
    return build_warehouse(raw_dir, root / "warehouse.duckdb")


@pytest.fixture
def hand_built_con(hand_built: BuiltWarehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    con = hand_built.connect()
    yield con
    con.close()
