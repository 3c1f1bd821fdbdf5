"""Reading the files of a vendor's delivery into DuckDB temp tables, through the ingest's own readers.

Each source table becomes the temp view `src_<name>`: `_row_number` (the 1-based data row of the file,
as the ingest counts it) and either one VARCHAR column per declared column or, for nested JSON exports,
the whole object as `record`. A table the delivery lacks becomes an empty view, so lookups that join it
still run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.ingest.deliveries import Manifest, relative_name
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.export_format import FILE_SUFFIXES, Column, Table
from dagster_project.ingest.readers import FILE_TABLE, normalize_column_name, read_file
from dagster_project.ingest.sql import quote_identifier, quote_literal

JSON_SUFFIXES = (".jsonl", ".jsonl.gz")
# Airbyte's file destinations wrap each record: {"_airbyte_ab_id": ..., "_airbyte_data": {...}}.
AIRBYTE_PREFIX = "_airbyte_raw_"


@dataclass(frozen=True)
class SourceTable:
    """One table of a vendor's export, delivered as `<name><suffix>`."""

    name: str
    # Columns read as text; an optional column the file lacks is NULL. Unused for JSON records.
    columns: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    # JSON lines kept as whole objects (`record`), for APIs whose objects nest (via.channel, events).
    json_records: bool = False

    @property
    def relation(self) -> str:
        return quote_identifier(f"src_{self.name}")


class SourceFiles:
    """The files of one delivery, read on request into temp tables of `con`."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        raw_dir: Path,
        entries: list[Path],
        encoding: str,
        manifest: Manifest = Manifest(),
    ) -> None:
        self.con = con
        self.raw_dir = raw_dir
        self.encoding = encoding
        # The delivery's settings, for adapters with options of their own (Freshdesk's public_notes).
        self.manifest = manifest
        self._files = {entry.name: entry for entry in entries if entry.is_file()}
        # Source table name -> the file it was read from (relative to the raw dir).
        self.read_files: dict[str, str] = {}

    def find(self, table: SourceTable) -> Path | None:
        """The delivery's file for `table`; two files for one table stop the run, as in the ingest."""
        suffixes = JSON_SUFFIXES if table.json_records else FILE_SUFFIXES
        stems = (table.name, AIRBYTE_PREFIX + table.name) if table.json_records else (table.name,)
        found = [self._files[s + x] for s in stems for x in suffixes if s + x in self._files]
        if len(found) > 1:
            raise IngestError(
                f"{relative_name(self.raw_dir, found[1])}: the delivery already has {found[0].name} for "
                f"source table {table.name!r}; keep one file per table"
            )
        return found[0] if found else None

    def read(self, table: SourceTable) -> str | None:
        """Load `table` into `src_<name>` and return its file relative to the raw dir, or None (and an
        empty view) when the delivery has no file for it."""
        path = self.find(table)
        if path is None:
            self._create_empty(table)
            return None
        source_file = relative_name(self.raw_dir, path)
        spec = Table(table.name, tuple(Column(c) for c in table.columns), key=())
        # Only whole JSON records are read from `_raw_row`; the other tables need their columns alone.
        declared = read_file(
            self.con, path, spec, encoding=self.encoding, source_file=source_file, raw_row=table.json_records
        )
        # The file's rows stay in the table the reader left them in (renamed, not copied: these are the
        # delivery's largest tables); `src_<name>` is a view that names its columns.
        stored = self._stored(table)
        self.con.execute(f"ALTER TABLE {FILE_TABLE} RENAME TO {stored}")
        if table.json_records:
            columns = "coalesce(_raw_row -> '_airbyte_data', _raw_row) AS record"
        else:
            present = {normalize_column_name(c) for c in declared}
            _check_required(table, source_file, declared, present)
            columns = ", ".join(
                f"{quote_identifier(c) if c in present else 'NULL::VARCHAR'} AS {quote_identifier(c)}"
                for c in table.columns
            )
        self.con.execute(f"CREATE TEMP VIEW {table.relation} AS SELECT _row_number, {columns} FROM {stored}")
        self.read_files[table.name] = source_file
        return source_file

    def _stored(self, table: SourceTable) -> str:
        """Drop what an earlier read of `table` left; the name of the table that holds its file's rows."""
        self.con.execute(f"DROP VIEW IF EXISTS {table.relation}")
        stored = quote_identifier(f"_src_file_{table.name}")
        self.con.execute(f"DROP TABLE IF EXISTS {stored}")
        return stored

    def _create_empty(self, table: SourceTable) -> None:
        stored = self._stored(table)
        columns = ", ".join(f"{quote_identifier(c)} VARCHAR" for c in table.columns)
        values = "record JSON" if table.json_records else columns
        self.con.execute(f"CREATE TEMP TABLE {stored} (_row_number BIGINT, {values})")
        self.con.execute(f"CREATE TEMP VIEW {table.relation} AS SELECT * FROM {stored}")


def _check_required(table: SourceTable, source_file: str, declared: list[str], present: set[str]) -> None:
    # A file without columns is empty: it has no rows, so nothing is missing.
    missing = [c for c in table.required if c not in present] if declared else []
    if missing:
        names = ", ".join(f"'{c}'" for c in missing)
        noun = "column" if len(missing) == 1 else "columns"
        raise IngestError(
            f"{source_file}: missing required {noun} {names} (columns found: {', '.join(declared)})"
        )


def json_value(path: str, record: str = "u.record") -> str:
    """SQL for the JSON at a dotted path of a JSON record: `u.record -> 'conversation_parts' -> 'list'`."""
    return record + "".join(f" -> {quote_literal(p)}" for p in path.split(".")) if path else record


def json_field(path: str, record: str = "u.record") -> str:
    """SQL for the text at a dotted path of a JSON record: `(u.record -> 'via' ->> 'channel')`; the whole
    value as text when `path` is empty."""
    if not path:
        return f"({record} ->> '$')"
    *parents, leaf = path.split(".")
    return f"({json_value('.'.join(parents), record)} ->> {quote_literal(leaf)})"
