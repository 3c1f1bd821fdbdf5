"""Reading one delivered file into a temp table of checked rows, before anything in `raw` changes.

Every row gets its typed values and, when it fails, the first failing column (in spec order), the reason
and the row as delivered. This runs outside the load's transaction: a text file that is not UTF-8 can be
read again in the manifest's encoding, and a file that cannot be read stops the load before the raw
tables are touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.ingest.deliveries import Delivery, relative_name
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.export_format import MANIFEST_FILE, Table
from dagster_project.ingest.parsing import (
    Delivered,
    FileRules,
    failure_reason,
    passes,
    typed_value,
)
from dagster_project.ingest.readers import (
    FILE_ERRORS,
    UNREADABLE_ROW,
    Source,
    is_empty,
    normalize_column_name,
    with_source,
)
from dagster_project.ingest.sql import Parameters, quote_identifier


@dataclass(frozen=True)
class CheckedFile:
    delivery: str
    source_file: str
    # Temp table holding the file's checked rows; None for an empty file.
    table: str | None
    # SQL for a stored row's 1-based row number within the file.
    row_number: str
    # Columns (JSON lines: keys) of the file that the spec does not know.
    extra_columns: list[str]


def check_file(
    con: duckdb.DuckDBPyConnection, table_name: str, raw_dir: Path, delivery: Delivery, path: Path, spec: Table
) -> CheckedFile:
    """Read `path` into the temp table `table_name`: the spec's columns typed, `_extra`, and for failing
    rows `_failure` (the 1-based spec position of the first failing column; 0 for a row that cannot be read
    at all), `_reason` and `_raw_row`. Raises IngestError when the file cannot be read or lacks a
    required column."""
    source_file = relative_name(raw_dir, path)
    try:
        if is_empty(path):
            return CheckedFile(delivery.name, source_file, None, "", [])
    except FILE_ERRORS as error:
        raise IngestError(f"{source_file}: cannot be read: {error}") from error

    def check(source: Source, params: Parameters) -> None:
        _check_required_columns(spec, source_file, source.columns)
        rules = FileRules(params, delivery.manifest.timezone, delivery.manifest.exported_at)
        con.execute(_checked_rows_sql(table_name, spec, source, rules), params.values)

    source = with_source(
        con,
        path,
        spec,
        encoding=delivery.manifest.encoding,
        source_file=source_file,
        manifest=relative_name(raw_dir, delivery.path / MANIFEST_FILE),
        scratch=f"{table_name}_lines",
        use=check,
    )
    extra = [c for c in source.columns if normalize_column_name(c) not in spec.column_names]
    return CheckedFile(delivery.name, source_file, table_name, source.row_number, extra)


def _checked_rows_sql(table_name: str, spec: Table, source: Source, rules: FileRules) -> str:
    values = {c.name: source.values.get(c.name, Delivered(None)) for c in spec.columns}
    typed = {c.name: quote_identifier(f"_typed_{c.name}") for c in spec.columns}
    failures = [f"WHEN {source.unreadable} THEN 0"] if source.unreadable else []
    reasons = [f"WHEN 0 THEN {rules.params.bind(UNREADABLE_ROW)}"] if source.unreadable else []
    for position, column in enumerate(spec.columns, start=1):
        value, typed_column = values[column.name], typed[column.name]
        check = passes(column, value, typed_column, rules)
        if check is not None:
            failures.append(f"WHEN NOT ({check}) THEN {position}")
            reasons.append(f"WHEN {position} THEN {failure_reason(column, value, typed_column, rules)}")
    typed_values = ", ".join(f"{typed_value(c, values[c.name], rules)} AS {typed[c.name]}" for c in spec.columns)
    spec_values = ", ".join(f"{typed[c]} AS {quote_identifier(c)}" for c in spec.column_names)
    kept = "".join(f", {name}" for name in source.kept)
    # Each step reads the one before, so every value is parsed once however often the checks use it; the
    # reason and the delivered row are only built for the rows that fail.
    return f"""
        CREATE OR REPLACE TEMP TABLE {table_name} AS
        WITH typed AS (SELECT *, {typed_values} FROM {source.relation}),
        judged AS (SELECT *, CASE {" ".join(failures)} END AS _failure FROM typed)
        SELECT {spec_values}, {source.extra(rules.params)} AS _extra, _failure,
               CASE WHEN _failure IS NOT NULL THEN {source.raw_row(rules.params)} END AS _raw_row,
               CASE _failure {" ".join(reasons)} END AS _reason{kept}
        FROM judged
    """


def _check_required_columns(spec: Table, source_file: str, columns: list[str]) -> None:
    if not columns:
        # A CSV file always has a header; JSON lines without any object have no rows to check.
        if source_file.endswith((".csv", ".csv.gz")):
            raise IngestError(f"{source_file}: the first line is empty; a CSV file starts with its header row")
        return
    present = {normalize_column_name(c) for c in columns}
    missing = [c for c in spec.required_columns if c not in present]
    if missing:
        names = ", ".join(f"'{c}'" for c in missing)
        noun = "column" if len(missing) == 1 else "columns"
        raise IngestError(f"{source_file}: missing required {noun} {names} (columns found: {', '.join(columns)})")
