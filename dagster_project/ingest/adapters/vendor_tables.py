"""Loading a vendor's own tables (kept beside the canonical ones, e.g. `raw.zendesk__user`) from the files
an adapter wrote to each delivery's `.canonical/<table>.parquet`.

Every value is typed by the ingest's own rules (`parsing`: a timestamp without an offset is read in its
delivery's zone), plus DATE and DOUBLE columns.
A value that is present but does not parse, or a missing key, quarantines its row with the vendor's file,
row, column and reason; `raw.load_log` gets one row per file with rows read = loaded + quarantined. Each
load rebuilds the tables from every delivery, so re-running gives the same rows; a table no delivery has
is created empty, so the dbt sources always exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.ingest.adapters.canonical_output import canonical_folder
from dagster_project.ingest.deliveries import Delivery
from dagster_project.ingest.export_format import Column, Table
from dagster_project.ingest.latest_rows import mark_latest, mark_latest_of_repeated
from dagster_project.ingest.parsing import (
    Delivered,
    FileRules,
    failure_reason,
    passes,
    typed_value,
)
from dagster_project.ingest.raw_schema import (
    LINEAGE_COLUMNS,
    RAW_TYPES,
    ensure_raw_schema,
    raw_table_name,
)
from dagster_project.ingest.sql import Parameters, quote_identifier

# Types the canonical format has no use for, which a vendor's schema has.
_EXTRA_TYPES = {"date": "DATE", "number": "DOUBLE"}
_EXTRA_VALUES = {
    "date": "CASE WHEN regexp_full_match(trim({v}), '\\d{{4}}-\\d{{2}}-\\d{{2}}') THEN TRY_CAST(trim({v}) AS DATE) END",
    "number": (
        "CASE WHEN regexp_full_match(trim({v}), '[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?')"
        " THEN TRY_CAST(trim({v}) AS DOUBLE) END"
    ),
}
_EXTRA_EXPECTED = {"date": "a date (YYYY-MM-DD)", "number": "a number"}
# Besides the ingest's lineage, the delivery's `exported_at` (manifest.json): the instant the vendor's
# records describe, which the vendor-shaped marts take as "now".
EXPORTED_AT_COLUMN = ("_exported_at", "TIMESTAMPTZ")


@dataclass(frozen=True)
class VendorTableLoad:
    table: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int


def load_vendor_tables(
    con: duckdb.DuckDBPyConnection, specs: list[Table], deliveries: list[Delivery]
) -> list[VendorTableLoad]:
    """Rebuild `raw.<spec>` for every spec, with its quarantine and load-log rows, from every delivery
    (as discovery found them) that has its file; all of them in one transaction (one commit to the
    warehouse file, not one per table)."""
    ensure_raw_schema(con)
    # Every file is checked into its table's temp table before the transaction, as the canonical loader
    # does: in DuckDB 2.0.0, rows inserted from a Parquet file into a temp table created (AS ... WHERE
    # false) inside a transaction are not seen by later scans once they fill a row group (122,880 rows),
    # which emptied raw.zendesk__ticket_field_history at 20,000 tickets (docs/performance.md).
    for spec in specs:
        _check_files(con, spec, deliveries)
    con.execute("BEGIN TRANSACTION")
    try:
        loads = [_replace(con, spec) for spec in specs]
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return loads


def vendor_table_ddl(spec: Table) -> str:
    columns = [(c.name, _EXTRA_TYPES.get(c.type) or RAW_TYPES[c.type]) for c in spec.columns]
    body = ", ".join(f"{quote_identifier(n)} {t}" for n, t in [*columns, *LINEAGE_COLUMNS, EXPORTED_AT_COLUMN])
    return f"CREATE OR REPLACE TABLE {raw_table_name(spec.name)} ({body})"


def _checked_table(spec: Table) -> str:
    return quote_identifier(f"_vendor_checked_{spec.name}")


def _check_files(con: duckdb.DuckDBPyConnection, spec: Table, deliveries: list[Delivery]) -> None:
    """Every delivery's file of `spec`, typed and checked, into the temp table `_checked_table(spec)`."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {_checked_table(spec)} AS
        SELECT NULL::VARCHAR AS _delivery, NULL::VARCHAR AS _source_file, NULL::BIGINT AS _row_number,
               NULL::JSON AS _raw_row, NULL::VARCHAR AS _reason, NULL::TIMESTAMPTZ AS _exported_at,
               {", ".join(f"NULL::{_sql_type(c)} AS {quote_identifier(c.name)}" for c in spec.columns)}
        WHERE false"""
    )
    for delivery in deliveries:
        path = canonical_folder(delivery.path) / f"{spec.name}.parquet"
        if path.exists():
            _check_file(con, spec, delivery, path)


def _replace(con: duckdb.DuckDBPyConnection, spec: Table) -> VendorTableLoad:
    """`raw.<spec>` rebuilt from its checked rows. The table is new, so a row whose key no other row has
    is its key's latest: every row is written latest and only the keys delivered more than once are
    ranked (latest_rows' rule), instead of ranking and rewriting every row.

    The rows are written in their checked order, which is by delivery and row: `_check_files` takes the
    deliveries in discovery order (by name) and each file's rows in its order, and DuckDB keeps a scan's
    order. Sorting them again cost 0.6 s of CPU for the field history's 1.5 M rows at 100,000 tickets."""
    names = ", ".join(quote_identifier(c) for c in spec.column_names)
    checked = _checked_table(spec)
    con.execute(vendor_table_ddl(spec))
    con.execute(
        f"""INSERT INTO {raw_table_name(spec.name)}
        SELECT {names}, _delivery, _source_file, _row_number, now(), true, _exported_at
        FROM {checked} WHERE _reason IS NULL"""
    )
    mark_latest_of_repeated(con, spec, raw_table_name(spec.name), raw_table_name(spec.name))
    read, loaded, quarantined = record_vendor_load(con, spec, checked, latest_marked=True)
    return VendorTableLoad(spec.name, read, loaded, quarantined)


def record_vendor_load(
    con: duckdb.DuckDBPyConnection, spec: Table, checked: str = "_vendor_checked", *, latest_marked: bool = False
) -> tuple[int, int, int]:
    """With `raw.<spec>` just rebuilt from the temp table `checked` (one row per delivered row:
    _delivery, _source_file, _row_number, and _reason and _raw_row when rejected): mark its latest rows
    (unless `latest_marked`), replace the table's quarantine and load-log rows, drop the temp table and
    return (rows read, loaded, quarantined). Inside the caller's transaction."""
    if not latest_marked:
        mark_latest(con, spec, raw_table_name(spec.name), None)
    for log in ("raw.quarantine", "raw.load_log"):
        con.execute(f"DELETE FROM {log} WHERE table_name = $table", {"table": spec.name})
    con.execute(
        f"""INSERT INTO raw.quarantine
        SELECT $table, _delivery, _source_file, _row_number, split_part(_reason, ':', 1), _reason, _raw_row, now()
        FROM {checked} WHERE _reason IS NOT NULL ORDER BY _delivery, _row_number""",
        {"table": spec.name},
    )
    con.execute(
        f"""INSERT INTO raw.load_log
        SELECT $table, _delivery, _source_file, count(*), count(*) FILTER (WHERE _reason IS NULL),
               count(_reason), now()
        FROM {checked} GROUP BY ALL ORDER BY _delivery""",
        {"table": spec.name},
    )
    read, loaded, quarantined = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE _reason IS NULL), count(_reason) FROM {checked}"
    ).fetchall()[0]
    con.execute(f"DROP TABLE {checked}")
    return read, loaded, quarantined


def _check_file(con: duckdb.DuckDBPyConnection, spec: Table, delivery: Delivery, path: Path) -> None:
    """Type one delivery's file into its table's temp table: each value, and the first column's reason to
    reject the row. The lineage is the vendor's own file and row (the Parquet file is our copy)."""
    params = Parameters(path=str(path), delivery=delivery.name, exported_at=delivery.manifest.exported_at)
    # No check against `exported_at`: a vendor's records hold instants that lie ahead (a ticket's due date,
    # the daylight-saving periods of coming years).
    rules = FileRules(params, delivery.manifest.timezone)
    values, reasons = [], []
    for column in spec.columns:
        value = Delivered(quote_identifier(column.name))
        typed, reason = _typed_and_reason(column, value, rules)
        values.append(f"{typed} AS {quote_identifier(column.name)}")
        if reason is not None:
            reasons.append(reason)
    # The row as delivered, as JSON, only for a rejected row: the quarantine keeps it, nothing else reads it.
    con.execute(
        f"""INSERT INTO {_checked_table(spec)} BY NAME
        SELECT * EXCLUDE (_delivered), CASE WHEN _reason IS NOT NULL THEN to_json(_delivered) END AS _raw_row
        FROM (
            SELECT $delivery AS _delivery, source_file AS _source_file, source_row AS _row_number,
                   CAST($exported_at AS TIMESTAMPTZ) AS _exported_at, v AS _delivered,
                   coalesce({", ".join([*reasons, "NULL::VARCHAR"])}) AS _reason, {", ".join(values)}
            FROM read_parquet($path) AS v
        )""",
        params.values,
    )


def _typed_and_reason(column: Column, value: Delivered, rules: FileRules) -> tuple[str, str | None]:
    """SQL for the typed value and for why it is rejected (NULL when it passes); no reason when any value
    passes."""
    if column.type not in _EXTRA_TYPES:
        typed = typed_value(column, value, rules)
        valid = passes(column, value, typed, rules)
        reason = None if valid is None else f"CASE WHEN NOT ({valid}) THEN {failure_reason(column, value, typed, rules)} END"
        return typed, reason
    typed = _EXTRA_VALUES[column.type].format(v=value.sql)
    message = rules.params.bind(f"{column.name}: '{{}}' is not {_EXTRA_EXPECTED[column.type]}")
    required = ""
    if column.required:
        required = f"WHEN {value.absent} THEN {rules.params.bind(f'{column.name}: required value is missing')} "
    reason = f"CASE {required}WHEN NOT {value.absent} AND {typed} IS NULL THEN format({message}, {value.sql}) END"
    return typed, reason


def _sql_type(column: Column) -> str:
    return _EXTRA_TYPES.get(column.type) or RAW_TYPES[column.type]
