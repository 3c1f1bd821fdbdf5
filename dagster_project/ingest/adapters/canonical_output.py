"""Writing canonical table files from a vendor's source tables, and accounting for every source row.

A `TableMapping` selects canonical columns (as text, so the canonical loader validates them exactly like a
canonical delivery) from one source table. Every written row carries its lineage: `source_file` (relative to
the raw dir) and `source_row` (the data row in that file), which the loader keeps with every row it loads
(`_extra`) or quarantines (`raw_row`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from dagster_project.ingest.adapters.source_files import SourceTable
from dagster_project.ingest.export_format import Table
from dagster_project.ingest.sql import quote_identifier, quote_literal
from dagster_project.warehouse import scalar

# Inside the delivery, hidden so that discovery takes it for neither a delivery nor a table file.
CANONICAL_FOLDER = ".canonical"
# The source file's own row order.
FILE_ORDER = "u._row_number"


def canonical_folder(delivery_path: Path) -> Path:
    return delivery_path / CANONICAL_FOLDER


@dataclass(frozen=True)
class TableMapping:
    """One canonical table filled from one source table: one canonical row per source row that `where`
    selects (or, for `from_` clauses that expand a row, one per item, e.g. the field changes of an audit)."""

    # The table it fills: a canonical table, or a vendor table kept beside them (vendor_ticket_metrics).
    table: Table
    source: SourceTable
    # Canonical column -> SQL expression over `from_`; the source row is aliased `u`.
    columns: Mapping[str, str]
    where: str = "true"
    # Why the rows `where` leaves out are not loaded (shown in the accounts); empty when it selects all.
    skipped_because: str = ""
    from_: str = ""
    order_by: str = FILE_ORDER
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.columns) - set(self.table.column_names)
        if unknown:
            raise ValueError(f"{self.table.name} has no column {sorted(unknown)[0]!r}")

    @property
    def reads_source_alone(self) -> bool:
        """Whether the rows are the source table's own, filtered and nothing else (no `from_`: no join,
        no expansion): then each source row gives at most one row, and in file order. The source tables
        are stored in file order (source_files) and DuckDB keeps a scan's order (preserve_insertion_order,
        on by default), so these rows need no sort: sorting the field history's 1.5 M rows at 100,000
        tickets cost 0.4 s of CPU, once for ticket_events and once for its account table."""
        return not self.from_ and self.order_by == FILE_ORDER


@dataclass(frozen=True)
class SourceAccount:
    """Where the rows of one source file went, for one canonical table:
    rows_read = rows_mapped + rows_skipped; rows_written canonical rows came from the rows_mapped rows
    (one each, or one per item where a row expands), and the loader loads or quarantines every one."""

    source_file: str
    table: str
    rows_read: int
    rows_mapped: int
    rows_skipped: int
    rows_written: int
    skipped_because: str


def value_map(mapping: Mapping[str, str], value: str) -> str:
    """SQL: `value` (trimmed, lower case) looked up in a vendor's code table of ours; an unlisted value
    passes as delivered, so the loader names it when it is not valid."""
    cases = " ".join(f"WHEN {quote_literal(k)} THEN {quote_literal(v)}" for k, v in mapping.items())
    return f"CASE lower(trim({value})) {cases} ELSE {value} END"


def epoch_instant(value: str, unit: str = "seconds") -> str:
    """SQL for the text of `value`, a number of seconds (or milliseconds) since 1970, as a UTC instant; any
    other value as delivered, so the loader reads it by its own rules or quarantines it."""
    divisor = 1000 if unit == "milliseconds" else 1
    number = f"CASE WHEN regexp_full_match(trim({value}), '\\d+(\\.\\d+)?') THEN TRY_CAST(trim({value}) AS DOUBLE) END"
    return f"coalesce(CAST(to_timestamp({number} / {divisor}) AS VARCHAR), {value})"


def write_rows(con: duckdb.DuckDBPyConnection, mapping: TableMapping, source_file: str, path: Path) -> SourceAccount:
    """Write the mapping's rows (text values plus lineage) to the Parquet file `path`, by DuckDB itself
    (no round trip through Python), and account for its source rows."""
    values = [
        f"CAST({expression} AS VARCHAR) AS {quote_identifier(name)}" for name, expression in mapping.columns.items()
    ]
    order = "" if mapping.reads_source_alone else f"ORDER BY {mapping.order_by}"
    query = f"""
        SELECT {", ".join(values)}, $source_file AS source_file, u._row_number AS source_row
        FROM {mapping.from_ or f"{mapping.source.relation} AS u"}
        WHERE {mapping.where}
        {order}
    """
    params = {**mapping.params, "source_file": source_file}
    # COPY returns how many rows it wrote.
    rows_written = int(
        con.execute(f"COPY ({query}) TO {quote_literal(str(path))} (FORMAT parquet)", params).fetchall()[0][0]
    )
    rows_read = int(scalar(con, f"SELECT count(*) FROM {mapping.source.relation}"))  # type: ignore[arg-type]
    rows_mapped = rows_written
    if not mapping.reads_source_alone:
        # A `from_` may expand a source row into several.
        distinct = "SELECT count(DISTINCT source_row) FROM read_parquet($path)"
        rows_mapped = int(con.execute(distinct, {"path": str(path)}).fetchall()[0][0])
    return SourceAccount(
        source_file=source_file,
        table=mapping.table.name,
        rows_read=rows_read,
        rows_mapped=rows_mapped,
        rows_skipped=rows_read - rows_mapped,
        rows_written=rows_written,
        skipped_because=mapping.skipped_because if rows_read > rows_mapped else "",
    )


def combine_parquet(con: duckdb.DuckDBPyConnection, parts: list[Path], path: Path) -> None:
    """One table's rows from all its mappings' files, in their order, in one file; a column some mapping
    lacks is empty there. The parts are removed."""
    if len(parts) == 1:
        parts[0].rename(path)
        return
    con.execute(
        f"""COPY (
            SELECT * EXCLUDE (_part, file_row_number)
            FROM read_parquet($parts, union_by_name = true, filename = '_part', file_row_number = true)
            ORDER BY list_position($parts, _part), file_row_number
        ) TO {quote_literal(str(path))} (FORMAT parquet)""",
        {"parts": [str(p) for p in parts]},
    )
    for part in parts:
        part.unlink()
