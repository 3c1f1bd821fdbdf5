"""Fixtures for the adapter tests: a raw directory, a warehouse, and a way to write vendor files."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from dagster_project.warehouse import connect

FIXTURES = Path(__file__).parents[2] / "fixtures"
Deliver = Callable[..., Path]


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    path = tmp_path / "raw"
    path.mkdir()
    return path


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(tmp_path / "warehouse.duckdb")
    yield connection
    connection.close()


@pytest.fixture
def deliver(raw_dir: Path) -> Deliver:
    """deliver(delivery, file_name, *lines) writes the lines to raw_dir/delivery/file_name."""

    def write(delivery: str, file_name: str, *lines: str) -> Path:
        folder = raw_dir / delivery
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / file_name
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return path

    return write


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
