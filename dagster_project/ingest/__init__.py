"""Ingest of the canonical helpdesk export: discovering deliveries in the raw directory and loading each
table into the DuckDB `raw` schema, with bad rows in `raw.quarantine` and one `raw.load_log` row per file.
The format is described in docs/export-format.md."""

from dagster_project.ingest.deliveries import Delivery, Manifest, discover_deliveries
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.loader import FileLoadResult, TableLoadResult, load_table
from dagster_project.ingest.raw_schema import ensure_raw_schema

__all__ = [
    "Delivery",
    "FileLoadResult",
    "IngestError",
    "Manifest",
    "TableLoadResult",
    "discover_deliveries",
    "ensure_raw_schema",
    "load_table",
]
