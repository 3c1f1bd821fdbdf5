"""Fixtures for the ingest tests: a raw directory in tmp_path, a warehouse, and a way to deliver files."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from dagster_project.warehouse import connect

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
    """deliver(delivery, file_name, *lines) writes the lines (joined by newlines) to
    raw_dir/delivery/file_name, gzip-compressed when the name ends in .gz; delivery "" is the raw dir."""

    def write(delivery: str, file_name: str, *lines: str, encoding: str = "utf-8") -> Path:
        folder = raw_dir / delivery
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / file_name
        content = "".join(line + "\n" for line in lines).encode(encoding)
        path.write_bytes(gzip.compress(content) if file_name.endswith(".gz") else content)
        return path

    return write


@pytest.fixture
def deliver_bytes(raw_dir: Path) -> Deliver:
    """deliver_bytes(delivery, file_name, content) writes `content` as it is to raw_dir/delivery/file_name."""

    def write(delivery: str, file_name: str, content: bytes) -> Path:
        folder = raw_dir / delivery
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / file_name
        path.write_bytes(content)
        return path

    return write
