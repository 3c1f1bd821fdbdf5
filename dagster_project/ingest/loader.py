"""Loading one export table from every delivery into `raw.<table>`, `raw.quarantine` and `raw.load_log`.

First every delivery's file is read and checked into a temp table; then one transaction rebuilds the raw
table from them. Re-running a load on the same files changes nothing, and a file that cannot be read
stops the load before anything changes, leaving the previous `raw.<table>` in place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.export_format import MANIFEST_FILE, TABLES, Table
from dagster_project.ingest.deliveries import Delivery, discover_deliveries, relative_name
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.file_check import CheckedFile, check_file
from dagster_project.ingest.raw_schema import EXTRA_COLUMN, ensure_raw_schema, raw_table_ddl, raw_table_name
from dagster_project.ingest.raw_views import key_conflict_counts
from dagster_project.ingest.sql import quote_identifier
from dagster_project.warehouse import scalar

_CHECKED = "_ingest_checked"


@dataclass(frozen=True)
class FileLoadResult:
    source_file: str
    delivery: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    # Columns of the file that the spec does not know; their values are kept in `_extra`.
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
    # Keys that one file holds more than once (staging keeps the file's last row; see raw.key_conflicts).
    keys_repeated_in_a_file: int = 0
    # Keys that several deliveries hold (staging keeps the latest delivery's row; see raw.key_conflicts).
    keys_redelivered: int = 0


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
    with_file = [(delivery, delivery.files[spec.name]) for delivery in deliveries if spec.name in delivery.files]
    checked: list[CheckedFile] = []
    try:
        for index, (delivery, path) in enumerate(with_file):
            checked.append(check_file(con, f"{_CHECKED}_{index}", raw_dir, delivery, path, spec))
        con.execute("BEGIN TRANSACTION")
        try:
            with _write_settings(con):
                counts = _replace_raw_rows(con, spec, checked)
            repeated, redelivered = key_conflict_counts(con, spec.name)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        for index in range(len(with_file)):
            con.execute(f"DROP TABLE IF EXISTS {_CHECKED}_{index}")
    files = [
        FileLoadResult(f.source_file, f.delivery, read, loaded, quarantined, f.extra_columns)
        for f, (read, loaded, quarantined) in zip(checked, counts, strict=True)
    ]
    return TableLoadResult(
        table=table,
        files=files,
        rows_read=sum(f.rows_read for f in files),
        rows_loaded=sum(f.rows_loaded for f in files),
        rows_quarantined=sum(f.rows_quarantined for f in files),
        unknown_files=[relative_name(raw_dir, p) for d in deliveries for p in d.unknown_files],
        keys_repeated_in_a_file=repeated,
        keys_redelivered=redelivered,
    )


def _check_timezones(con: duckdb.DuckDBPyConnection, raw_dir: Path, deliveries: list[Delivery]) -> None:
    # Checked against DuckDB's own zone list because DuckDB is what converts the timestamps.
    for zone in sorted({d.manifest.timezone for d in deliveries}):
        if scalar(con, "SELECT count(*) FROM pg_timezone_names() WHERE name = $1", [zone]) == 0:
            delivery = next(d for d in deliveries if d.manifest.timezone == zone)
            manifest = relative_name(raw_dir, delivery.path / MANIFEST_FILE)
            raise IngestError(f"{manifest}: unknown timezone {zone!r}")


# Settings for writing the raw tables. Raw rows carry their file and row number, so the order they are
# stored in does not matter; letting DuckDB write them in any order makes the insert and the next checkpoint
# markedly cheaper.
_WRITE_SETTINGS: dict[str, object] = {"preserve_insertion_order": False}


@contextmanager
def _write_settings(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    previous = {name: scalar(con, "SELECT current_setting($1)", [name]) for name in _WRITE_SETTINGS}
    try:
        for name, value in _WRITE_SETTINGS.items():
            con.execute(f"SET {name} = $1", [value])
        yield
    finally:
        for name, value in previous.items():
            con.execute(f"SET {name} = $1", [value])


def _replace_raw_rows(
    con: duckdb.DuckDBPyConnection, spec: Table, checked: list[CheckedFile]
) -> list[tuple[int, int, int]]:
    """Replace the table's raw rows, quarantine rows and load-log rows; return each file's
    (rows_read, rows_loaded, rows_quarantined)."""
    table = {"table": spec.name}
    con.execute(raw_table_ddl(spec, replace=True, keep_extra=True))
    con.execute("DELETE FROM raw.quarantine WHERE table_name = $table", table)
    con.execute("DELETE FROM raw.load_log WHERE table_name = $table", table)
    columns = ", ".join(quote_identifier(c) for c in [*spec.column_names, EXTRA_COLUMN[0]])
    counts = []
    for file in checked:
        lineage = {"delivery": file.delivery, "source_file": file.source_file}
        if file.table is None:
            con.execute("INSERT INTO raw.load_log VALUES ($table, $delivery, $source_file, 0, 0, 0, now())",
                        {**table, **lineage})
            counts.append((0, 0, 0))
            continue
        # now() is the transaction's start, so the raw rows, quarantine and load log of a load share one time.
        con.execute(
            f"""
            INSERT INTO {raw_table_name(spec.name)} BY NAME
            SELECT {columns}, $delivery AS _delivery, $source_file AS _source_file,
                   {file.row_number} AS _row_number, now() AS _loaded_at
            FROM {file.table} WHERE _failure IS NULL
            """,
            lineage,
        )
        con.execute(
            f"""
            INSERT INTO raw.quarantine
            SELECT $table, $delivery, $source_file, {file.row_number},
                   CASE WHEN _failure > 0 THEN $columns[_failure] END, _reason, _raw_row, now()
            FROM {file.table} WHERE _failure IS NOT NULL
            """,
            {**table, **lineage, "columns": spec.column_names},
        )
        rows = con.execute(
            f"""
            INSERT INTO raw.load_log
            SELECT $table, $delivery, $source_file, count(*), count(*) FILTER (WHERE _failure IS NULL),
                   count(_failure), now()
            FROM {file.table}
            RETURNING rows_read, rows_loaded, rows_quarantined
            """,
            {**table, **lineage},
        ).fetchall()
        counts.append(rows[0])
    return counts
