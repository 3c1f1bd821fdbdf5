"""Ingest of the canonical helpdesk export: discovering deliveries in the raw directory and loading each
table into the DuckDB `raw` schema, with bad rows in `raw.quarantine`, one `raw.load_log` row per file, and
the report views `raw.key_conflicts` and `raw.unknown_ticket_references`. The format is described in
docs/export-format.md, what happens to bad input in docs/bad-input.md."""

from dagster_project.ingest.deliveries import Delivery, Manifest
from dagster_project.ingest.discovery import discover_deliveries
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.loader import FileLoadResult, TableLoadResult, load_table
from dagster_project.ingest.raw_schema import ensure_raw_schema
from dagster_project.ingest.raw_views import key_conflict_counts, unknown_ticket_rows

__all__ = [
    "Delivery",
    "FileLoadResult",
    "IngestError",
    "Manifest",
    "TableLoadResult",
    "discover_deliveries",
    "ensure_raw_schema",
    "key_conflict_counts",
    "load_table",
    "unknown_ticket_rows",
]
