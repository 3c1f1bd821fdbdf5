"""The resources every asset shares, configured once: the DuckDB warehouse and the dbt CLI."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource
from pydantic import Field

from dagster_project import settings, warehouse
from dagster_project.dbt_project import dbt_cli_resource


class WarehouseResource(ConfigurableResource):
    """Where exports are read from and the DuckDB warehouse they are loaded into."""

    raw_dir: str = Field(
        default_factory=lambda: str(settings.raw_dir()),
        description="Folder of export deliveries (env HELPDESK_RAW_DIR, default data/raw).",
    )
    path: str = Field(
        default_factory=lambda: str(settings.warehouse_path()),
        description="DuckDB warehouse file (env HELPDESK_WAREHOUSE, default data/warehouse.duckdb).",
    )

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    @property
    def warehouse_path(self) -> Path:
        return Path(self.path)

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        con = warehouse.connect(self.warehouse_path, read_only=read_only)
        try:
            yield con
        finally:
            con.close()


def build_resources() -> dict[str, object]:
    return {
        "warehouse": WarehouseResource(),
        "dbt": dbt_cli_resource(),
    }
