"""Fixtures for the adapter tests: fixture deliveries copied into the raw directory, and a sample through the
whole job once per module. The raw directory, warehouse and `deliver` come from tests/ingest/conftest.py."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from dagster_project.warehouse import connect

FIXTURES = Path(__file__).parents[2] / "fixtures"


@pytest.fixture
def copy_fixture(raw_dir: Path) -> Callable[[str], Path]:
    """copy_fixture('zendesk_api/2024-06-16-zendesk-api') copies a fixture delivery into the raw dir."""

    def copy(relative: str) -> Path:
        target = raw_dir / Path(relative).name
        shutil.copytree(FIXTURES / relative, target)
        return target

    return copy


@pytest.fixture(scope="module")
def adapted_warehouse(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The module's SAMPLE (a fixture delivery, or a list of them) through the whole Dagster job, once per
    module: the path `make run` takes."""
    from dagster_project.warehouse.refresh import run_full_refresh

    samples = request.module.SAMPLE
    root = tmp_path_factory.mktemp("adapted")
    raw_dir = root / "raw"
    raw_dir.mkdir()
    for sample in [samples] if isinstance(samples, str) else samples:
        shutil.copytree(FIXTURES / sample, raw_dir / Path(sample).name)
    path = root / "warehouse.duckdb"
    return AdaptedWarehouse(raw_dir, path, run_full_refresh(raw_dir, path))


@pytest.fixture
def adapted_con(adapted_warehouse: AdaptedWarehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only session on the module's adapted warehouse."""
    con = adapted_warehouse.connect()
    yield con
    con.close()


@dataclass(frozen=True)
class AdaptedWarehouse:
    raw_dir: Path
    path: Path
    result: object  # dagster ExecuteInProcessResult

    def connect(self) -> duckdb.DuckDBPyConnection:
        return connect(self.path, read_only=True)
