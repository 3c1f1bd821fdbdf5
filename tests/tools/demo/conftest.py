from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dagster_project.ingest.export_format import TABLES
from dagster_project.tools.demo import generate_delivery
from dagster_project.warehouse import connect


@pytest.fixture(scope="session")
def demo_delivery(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """One 500-ticket demo delivery (with its bad rows) shared by the read-only tests."""
    out_dir = tmp_path_factory.mktemp("raw") / "2026-09-30-demo"
    return out_dir, generate_delivery(out_dir, tickets=500)


@pytest.fixture(scope="session")
def demo_db(
    demo_delivery: tuple[Path, dict[str, int]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The demo delivery's CSVs loaded as text tables, named like the export tables."""
    out_dir, _ = demo_delivery
    con = connect(tmp_path_factory.mktemp("warehouse") / "demo.duckdb")
    for name in TABLES:
        # Loaded as text before any cast: DuckDB 2.0 pushes TRY_CAST into the CSV reader, where a bad
        # value raises instead of giving NULL (duckdb/duckdb#23818).
        con.execute(
            f'CREATE TABLE "{name}" AS SELECT * FROM read_csv(?, all_varchar = true, header = true)',
            [str(out_dir / f"{name}.csv")],
        )
    yield con
    con.close()
