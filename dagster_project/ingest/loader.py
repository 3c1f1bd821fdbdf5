"""Loading one export table from every delivery into `raw.<table>`, `raw.quarantine` and `raw.load_log`.

Only new and changed files are read (`meta.loaded_files` says what each loaded file was): each is checked
into a temp table first; then one transaction replaces the rows of those files, deletes the rows of files
no longer in the raw dir, marks again which row of each key it touched is the latest (`_is_latest`), and
notes the tickets concerned in `meta.changed_tickets` for the next dbt build.
Re-running a load on the same files changes nothing, and a file that cannot be read stops the load before
anything changes, leaving the previous `raw.<table>` in place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dagster_project.ingest.changed_tickets import (
    ensure_changed_tickets_table,
    record_changed_tickets,
    tracks_tickets,
)
from dagster_project.ingest.deliveries import Delivery, relative_name
from dagster_project.ingest.discovery import discover_deliveries
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.export_format import MANIFEST_FILE, TABLES, Table
from dagster_project.ingest.file_check import CheckedFile, check_file
from dagster_project.ingest.file_manifest import (
    FileOnDisk,
    RecordedFile,
    ensure_manifest_table,
    forget_file,
    on_disk,
    record_file,
    record_touch,
    recorded_files,
    same_as_recorded,
    same_content_as_recorded,
    sha256_of,
)
from dagster_project.ingest.latest_rows import mark_latest, mark_latest_of_repeated
from dagster_project.ingest.raw_schema import (
    EXTRA_COLUMN,
    ensure_raw_schema,
    raw_table_name,
)
from dagster_project.ingest.raw_views import key_conflict_counts
from dagster_project.ingest.sql import quote_identifier
from dagster_project.ingest.touched_keys import (
    TOUCHED_KEYS,
    start_tracking,
    stop_tracking,
    track_file_rows,
)
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
    # What this load did with each file: read it (new or changed), skipped it (unchanged since it was
    # loaded), or deleted its rows (gone from the raw dir). Relative to the raw dir.
    files_read: list[str] = field(default_factory=list)
    files_unchanged: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    # Tickets noted in meta.changed_tickets for the next dbt build.
    tickets_changed: int = 0


@dataclass(frozen=True)
class _Plan:
    """Which files of the table a load reads, which it keeps as loaded, and which it deletes."""

    to_read: list[tuple[FileOnDisk, str | None]]  # with its SHA-256 (None: unreadable, the check will say why)
    touched: list[tuple[FileOnDisk, RecordedFile]]  # same content, new modification time
    unchanged: list[tuple[FileOnDisk, RecordedFile]]
    removed: list[str]


def load_table(con: duckdb.DuckDBPyConnection, raw_dir: Path, table: str) -> TableLoadResult:
    """Bring `raw.<table>` up to date with every delivery's file for `table`: load new and changed files
    (quarantining rows that fail validation, one `raw.load_log` row per file), delete the rows of files that
    are gone, leave unchanged files alone. Raises IngestError for a delivery that cannot be loaded
    (unreadable file, missing required column, bad manifest)."""
    spec = TABLES.get(table)
    if spec is None:
        raise IngestError(f"unknown table {table!r} (known tables: {', '.join(TABLES)})")
    raw_dir = Path(raw_dir)
    deliveries = discover_deliveries(raw_dir)
    ensure_raw_schema(con)
    ensure_manifest_table(con)
    ensure_changed_tickets_table(con)
    _check_timezones(con, raw_dir, deliveries)
    plan = _plan(con, raw_dir, spec, deliveries)
    checked: list[CheckedFile] = []
    try:
        for index, (file, _) in enumerate(plan.to_read):
            checked.append(check_file(con, f"{_CHECKED}_{index}", raw_dir, file.delivery, file.path, spec))
        con.execute("BEGIN TRANSACTION")
        try:
            with _write_settings(con):
                counts, tickets_changed, repeated_keys = _replace_files(con, spec, plan, checked)
            repeated, redelivered = key_conflict_counts(con, spec.name, repeated_keys)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        for index in range(len(plan.to_read)):
            con.execute(f"DROP TABLE IF EXISTS {_CHECKED}_{index}")
    loaded = {
        f.source_file: FileLoadResult(f.source_file, f.delivery, read, ok, quarantined, f.extra_columns)
        for f, (read, ok, quarantined) in zip(checked, counts, strict=True)
    }
    for file, recorded in plan.unchanged + plan.touched:
        loaded[file.source_file] = FileLoadResult(
            file.source_file, file.delivery.name, recorded.rows_read, recorded.rows_loaded,
            recorded.rows_quarantined, recorded.extra_columns,
        )
    in_delivery_order = [relative_name(raw_dir, d.files[spec.name]) for d in deliveries if spec.name in d.files]
    files = [loaded[name] for name in in_delivery_order]
    return TableLoadResult(
        table=table,
        files=files,
        rows_read=sum(f.rows_read for f in files),
        rows_loaded=sum(f.rows_loaded for f in files),
        rows_quarantined=sum(f.rows_quarantined for f in files),
        unknown_files=[relative_name(raw_dir, p) for d in deliveries for p in d.unknown_files],
        keys_repeated_in_a_file=repeated,
        keys_redelivered=redelivered,
        files_read=[file.source_file for file, _ in plan.to_read],
        files_unchanged=[file.source_file for file, _ in plan.unchanged + plan.touched],
        files_removed=plan.removed,
        tickets_changed=tickets_changed,
    )


def _plan(con: duckdb.DuckDBPyConnection, raw_dir: Path, spec: Table, deliveries: list[Delivery]) -> _Plan:
    recorded = recorded_files(con, spec.name)
    # Rows of a file loaded before there was a manifest (or by hand) have no record: they are replaced.
    loaded = {
        row[0]
        for row in con.execute(
            "SELECT source_file FROM raw.load_log WHERE table_name = $table", {"table": spec.name}
        ).fetchall()
    } | set(recorded)
    to_read, touched, unchanged = [], [], []
    present = set()
    for delivery in deliveries:
        path = delivery.files.get(spec.name)
        if path is None:
            continue
        file = on_disk(delivery, path, relative_name(raw_dir, path))
        present.add(file.source_file)
        previous = recorded.get(file.source_file)
        if same_as_recorded(file, previous):
            unchanged.append((file, previous))
            continue
        sha256 = sha256_of(path)
        if previous is not None and same_content_as_recorded(file, sha256, previous):
            touched.append((file, previous))
        else:
            to_read.append((file, sha256))
    return _Plan(to_read, touched, unchanged, sorted(loaded - present))


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


def _replace_files(
    con: duckdb.DuckDBPyConnection, spec: Table, plan: _Plan, checked: list[CheckedFile]
) -> tuple[list[tuple[int, int, int]], int, int | None]:
    """Delete the rows of the files read again or gone, insert the rows of the files read, keep the
    manifest, `_is_latest` and the changed tickets up to date; return each read file's (rows_read,
    rows_loaded, rows_quarantined), the number of tickets noted as changed, and on a first load how many
    keys the raw table repeats (None otherwise)."""
    # Inside the load's transaction: a failed load rolls the temp table back with the rest.
    start_tracking(con, spec)
    # A first load writes every row as latest: only the keys it repeats need ranking.
    first_load = scalar(con, f"SELECT count(*) FROM (SELECT 1 FROM {raw_table_name(spec.name)} LIMIT 1)") == 0
    for source_file in [file.source_file for file, _ in plan.to_read] + plan.removed:
        track_file_rows(con, spec, source_file)
        _delete_file_rows(con, spec, source_file)
    for file, _ in plan.touched:
        record_touch(con, spec.name, file)
    counts = []
    for (file, sha256), rows in zip(plan.to_read, checked, strict=True):
        counts.append(_insert_file_rows(con, spec, rows))
        record_file(con, spec.name, file, sha256, counts[-1], rows.extra_columns)
        # On a first load every raw row is an inserted one: the changed tickets are read from the table
        # itself, without copying each row's key (1.5 M field changes at 100,000 Zendesk tickets) into a
        # temp table that the commit then has to write.
        if not first_load:
            track_file_rows(con, spec, file.source_file)
    repeated_keys = None
    if first_load:
        repeated_keys = mark_latest_of_repeated(con, spec, raw_table_name(spec.name), raw_table_name(spec.name))
    elif plan.to_read or plan.removed:
        # Deleting a key's latest row makes an older one latest again; inserting one can demote another.
        mark_latest(con, spec, raw_table_name(spec.name), TOUCHED_KEYS)
    tickets_changed = record_changed_tickets(con, spec, first_load=first_load) if tracks_tickets(spec) else 0
    stop_tracking(con)
    return counts, tickets_changed, repeated_keys


def _delete_file_rows(con: duckdb.DuckDBPyConnection, spec: Table, source_file: str) -> None:
    lineage = {"table": spec.name, "source_file": source_file}
    con.execute(f"DELETE FROM {raw_table_name(spec.name)} WHERE _source_file = $source_file", {"source_file": source_file})
    con.execute("DELETE FROM raw.quarantine WHERE table_name = $table AND source_file = $source_file", lineage)
    con.execute("DELETE FROM raw.load_log WHERE table_name = $table AND source_file = $source_file", lineage)
    forget_file(con, spec.name, source_file)


def _insert_file_rows(con: duckdb.DuckDBPyConnection, spec: Table, file: CheckedFile) -> tuple[int, int, int]:
    """Insert one checked file's raw rows, quarantine rows and load-log row; return its (rows_read,
    rows_loaded, rows_quarantined)."""
    table = {"table": spec.name}
    lineage = {"delivery": file.delivery, "source_file": file.source_file}
    if file.table is None:
        con.execute("INSERT INTO raw.load_log VALUES ($table, $delivery, $source_file, 0, 0, 0, now())",
                    {**table, **lineage})
        return (0, 0, 0)
    columns = ", ".join(quote_identifier(c) for c in [*spec.column_names, EXTRA_COLUMN[0]])
    # now() is the transaction's start, so the raw rows, quarantine and load log of a load share one time.
    # A new row is usually its key's latest: taking it as such leaves mark_latest only the exceptions to write.
    con.execute(
        f"""
        INSERT INTO {raw_table_name(spec.name)} BY NAME
        SELECT {columns}, $delivery AS _delivery, $source_file AS _source_file,
               {file.row_number} AS _row_number, now() AS _loaded_at, true AS _is_latest
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
    return rows[0]
