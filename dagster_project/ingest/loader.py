"""Loading one export table from every delivery into `raw.<table>`, `raw.quarantine` and `raw.load_log`.

A load rebuilds the table from the files in one transaction: re-running it on the same files changes
nothing, and a delivery that cannot be loaded leaves the previous `raw.<table>` in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.export_format import MANIFEST_FILE, TABLES, Table
from dagster_project.ingest.deliveries import Delivery, discover_deliveries, relative_name
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.parsing import create_parsing_macros, failure_reason, typed_value
from dagster_project.ingest.raw_schema import ensure_raw_schema, raw_table_ddl, raw_table_name
from dagster_project.ingest.readers import FILE_TABLE, normalise_column_name, read_file
from dagster_project.ingest.sql import Parameters, quote_identifier

_STAGE = "_ingest_stage"
_FILES = "_ingest_files"
_CHECKED = "_ingest_checked"


@dataclass(frozen=True)
class FileLoadResult:
    source_file: str
    delivery: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    # Columns of the file that the spec does not know; they are not loaded.
    extra_columns: list[str]


@dataclass(frozen=True)
class TableLoadResult:
    table: str
    files: list[FileLoadResult]
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    # Files in any delivery that are neither a table file nor manifest.json (relative to the raw dir).
    unknown_files: list[str]


def load_table(con: duckdb.DuckDBPyConnection, raw_dir: Path, table: str) -> TableLoadResult:
    """Rebuild `raw.<table>` from every delivery's file for `table`, quarantining rows that fail
    validation and logging one `raw.load_log` row per file. Raises IngestError for a delivery that
    cannot be loaded (unreadable file, missing required column, bad manifest)."""
    spec = TABLES.get(table)
    if spec is None:
        raise IngestError(f"unknown table {table!r} (known tables: {', '.join(TABLES)})")
    raw_dir = Path(raw_dir)
    deliveries = discover_deliveries(raw_dir)
    ensure_raw_schema(con)
    _check_timezones(con, raw_dir, deliveries)
    con.execute("BEGIN TRANSACTION")
    try:
        create_parsing_macros(con)
        extra_columns = _stage_files(con, raw_dir, spec, deliveries)
        _check_rows(con, spec)
        counts = _replace_raw_rows(con, spec)
        for temp_table in (_STAGE, _FILES, _CHECKED):
            con.execute(f"DROP TABLE {temp_table}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    files = [
        FileLoadResult(source_file, delivery, read, loaded, quarantined, extra_columns[source_file])
        for delivery, source_file, read, loaded, quarantined in counts
    ]
    return TableLoadResult(
        table=table,
        files=files,
        rows_read=sum(f.rows_read for f in files),
        rows_loaded=sum(f.rows_loaded for f in files),
        rows_quarantined=sum(f.rows_quarantined for f in files),
        unknown_files=[relative_name(raw_dir, p) for d in deliveries for p in d.unknown_files],
    )


def _check_timezones(con: duckdb.DuckDBPyConnection, raw_dir: Path, deliveries: list[Delivery]) -> None:
    # Checked against DuckDB's own zone list because DuckDB is what converts the timestamps.
    for delivery in deliveries:
        zone = delivery.manifest.timezone
        known = con.execute("SELECT count(*) FROM pg_timezone_names() WHERE name = $zone", {"zone": zone})
        if known.fetchone() == (0,):
            manifest = relative_name(raw_dir, delivery.path / MANIFEST_FILE)
            raise IngestError(f"{manifest}: unknown timezone {zone!r}")


def _stage_files(
    con: duckdb.DuckDBPyConnection, raw_dir: Path, spec: Table, deliveries: list[Delivery]
) -> dict[str, list[str]]:
    """Read every delivery's file for the table into `_ingest_stage` (all VARCHAR, with lineage) and
    return each file's extra columns by source file."""
    value_columns = "".join(f", {quote_identifier(c)} VARCHAR" for c in spec.column_names)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {_STAGE} (
            _file_index INTEGER, _delivery VARCHAR, _source_file VARCHAR, _timezone VARCHAR,
            _row_number BIGINT, _raw_row JSON {value_columns}
        )
        """
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_FILES} (_file_index INTEGER, _delivery VARCHAR, _source_file VARCHAR)"
    )
    extra_columns: dict[str, list[str]] = {}
    with_file = [(delivery, delivery.files[spec.name]) for delivery in deliveries if spec.name in delivery.files]
    for file_index, (delivery, path) in enumerate(with_file):
        source_file = relative_name(raw_dir, path)
        try:
            columns = read_file(con, path, spec, encoding=delivery.manifest.encoding)
        except (duckdb.Error, OSError, EOFError) as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise IngestError(f"{source_file}: cannot be read: {first_line}") from error
        _check_required_columns(spec, source_file, columns)
        lineage = {"file_index": file_index, "delivery": delivery.name, "source_file": source_file}
        con.execute(
            f"""
            INSERT INTO {_STAGE} BY NAME
            SELECT $file_index AS _file_index, $delivery AS _delivery, $source_file AS _source_file,
                   $timezone AS _timezone, *
            FROM {FILE_TABLE}
            """,
            {**lineage, "timezone": delivery.manifest.timezone},
        )
        con.execute(f"INSERT INTO {_FILES} VALUES ($file_index, $delivery, $source_file)", lineage)
        con.execute(f"DROP TABLE {FILE_TABLE}")
        extra_columns[source_file] = [c for c in columns if normalise_column_name(c) not in spec.column_names]
    return extra_columns


def _check_required_columns(spec: Table, source_file: str, columns: list[str]) -> None:
    # A file without columns is empty (or JSON lines without objects): it loads 0 rows, nothing to check.
    if not columns:
        return
    present = {normalise_column_name(c) for c in columns}
    missing = [c for c in spec.required_columns if c not in present]
    if missing:
        names = ", ".join(f"'{c}'" for c in missing)
        noun = "column" if len(missing) == 1 else "columns"
        raise IngestError(
            f"{source_file}: missing required {noun} {names} (columns found: {', '.join(columns)})"
        )


def _typed(column: str) -> str:
    return quote_identifier(f"_typed_{column}")


def _failure(column: str) -> str:
    return quote_identifier(f"_failure_{column}")


def _check_rows(con: duckdb.DuckDBPyConnection, spec: Table) -> None:
    """Type every staged value and name each row's first failing column (in spec order) and why."""
    params = Parameters()
    typed = [
        f"{typed_value(c, quote_identifier(c.name), '_timezone', params)} AS {_typed(c.name)}" for c in spec.columns
    ]
    failures = [
        f"{failure_reason(c, quote_identifier(c.name), _typed(c.name), params)} AS {_failure(c.name)}"
        for c in spec.columns
    ]
    failed_column = " ".join(
        f"WHEN {_failure(c)} IS NOT NULL THEN {params.bind(c)}" for c in spec.column_names
    )
    reason = ", ".join(_failure(c) for c in spec.column_names)
    # MATERIALIZED: the failure reasons read the typed values, which would otherwise be parsed again.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {_CHECKED} AS
        WITH typed AS MATERIALIZED (SELECT *, {", ".join(typed)} FROM {_STAGE}),
        failures AS (SELECT *, {", ".join(failures)} FROM typed)
        SELECT *, CASE {failed_column} END AS _failed_column, COALESCE({reason}) AS _reason
        FROM failures
        """,
        params.values,
    )


def _replace_raw_rows(con: duckdb.DuckDBPyConnection, spec: Table) -> list[tuple[str, str, int, int, int]]:
    """Replace the table's raw rows, quarantine rows and load-log rows; return the per-file counts as
    (delivery, source_file, rows_read, rows_loaded, rows_quarantined) in delivery order."""
    table = {"table": spec.name}
    values = ", ".join(f"{_typed(c)} AS {quote_identifier(c)}" for c in spec.column_names)
    con.execute(raw_table_ddl(spec, replace=True))
    # now() is the transaction's start, so the raw rows, quarantine and load log of a load share one time.
    con.execute(
        f"""
        INSERT INTO {raw_table_name(spec.name)} BY NAME
        SELECT {values}, _delivery, _source_file, _row_number, now() AS _loaded_at
        FROM {_CHECKED} WHERE _failed_column IS NULL
        ORDER BY _file_index, _row_number
        """
    )
    con.execute("DELETE FROM raw.quarantine WHERE table_name = $table", table)
    con.execute(
        f"""
        INSERT INTO raw.quarantine
        SELECT $table, _delivery, _source_file, _row_number, _failed_column, _reason, _raw_row, now()
        FROM {_CHECKED} WHERE _failed_column IS NOT NULL
        ORDER BY _file_index, _row_number
        """,
        table,
    )
    con.execute("DELETE FROM raw.load_log WHERE table_name = $table", table)
    con.execute(
        f"""
        INSERT INTO raw.load_log
        SELECT $table, f._delivery, f._source_file, count(c._row_number),
               count(c._row_number) FILTER (WHERE c._failed_column IS NULL), count(c._failed_column), now()
        FROM {_FILES} AS f LEFT JOIN {_CHECKED} AS c USING (_file_index)
        GROUP BY f._file_index, f._delivery, f._source_file
        ORDER BY f._file_index
        """,
        table,
    )
    return con.execute(
        """
        SELECT delivery, source_file, rows_read, rows_loaded, rows_quarantined
        FROM raw.load_log WHERE table_name = $table
        ORDER BY delivery
        """,
        table,
    ).fetchall()
