"""A vendor's own per-ticket metrics (Zendesk's ticket_metrics, an incident log's made_sla), loaded to `raw.vendor_ticket_metrics` so
`marts.fct_vendor_metric_reconciliation` can compare them with ours.

They are not part of the canonical export: the adapter writes them beside the canonical files
(`<delivery>/.canonical/vendor_ticket_metrics.parquet`, values as text with their source file and row) and
`load_vendor_ticket_metrics` loads every delivery's file. A value that is present but not a whole number or
an ISO 8601 instant quarantines its row, with the vendor's file and row, like the canonical ingest does.
"""

from __future__ import annotations

import duckdb

from dagster_project.ingest.adapters.canonical_output import canonical_folder
from dagster_project.ingest.adapters.vendor_tables import record_vendor_load
from dagster_project.ingest.deliveries import Delivery
from dagster_project.ingest.export_format import Column, Table
from dagster_project.ingest.raw_schema import (
    ensure_raw_schema,
    raw_table_ddl,
    raw_table_name,
)
from dagster_project.ingest.sql import Parameters, quote_identifier

_MINUTES = tuple(
    f"{metric}_{clock}_minutes"
    for metric in ("reply_time", "first_resolution", "full_resolution", "agent_wait", "requester_wait", "on_hold")
    for clock in ("calendar", "business")
)
VENDOR_TICKET_METRICS = Table(
    "vendor_ticket_metrics",
    (
        Column("ticket_id", "id", required=True),
        Column("vendor", "text", required=True),
        *(Column(c, "timestamp") for c in ("created_at", "updated_at", "solved_at")),
        *(Column(c, "integer") for c in ("replies", "reopens", "assignee_stations", "group_stations", *_MINUTES)),
        # The vendor's own SLA verdict for the ticket (ServiceNow's made_sla).
        Column("made_sla", "boolean"),
    ),
    key=("ticket_id",),
)
VENDOR_FILE = f"{VENDOR_TICKET_METRICS.name}.parquet"

# Vendor APIs deliver JSON numbers and ISO 8601 instants with an offset; nothing else is accepted.
_TYPED = {
    "integer": "CASE WHEN regexp_full_match(trim({v}), '[+-]?\\d+') THEN TRY_CAST(trim({v}) AS BIGINT) END",
    "timestamp": (
        "CASE WHEN regexp_full_match(trim({v}), '\\d{{4}}-\\d{{2}}-\\d{{2}}[T ]\\d{{2}}:\\d{{2}}:\\d{{2}}(\\.\\d+)?"
        "([Zz]|[+-]\\d{{2}}:?\\d{{2}})') THEN TRY_CAST(trim({v}) AS TIMESTAMPTZ) END"
    ),
    "boolean": "CASE lower(trim({v})) WHEN 'true' THEN true WHEN 'false' THEN false END",
    "id": "nullif(trim({v}), '')",
    "text": "nullif(trim({v}), '')",
}
_EXPECTED = {"integer": "a whole number", "timestamp": "an ISO 8601 instant", "boolean": "true or false"}


def load_vendor_ticket_metrics(
    con: duckdb.DuckDBPyConnection, deliveries: list[Delivery]
) -> tuple[int, int, int]:
    """Rebuild `raw.vendor_ticket_metrics` (plus its quarantine and load-log rows) from every adapted
    delivery's vendor metrics (`deliveries`, as discovery found them); return (rows read, rows loaded, rows quarantined). The table always exists,
    empty when no delivery has vendor metrics."""
    spec = VENDOR_TICKET_METRICS
    files = [
        (d.name, str(path))
        for d in deliveries
        if (path := canonical_folder(d.path) / VENDOR_FILE).exists()
    ]
    ensure_raw_schema(con)
    params = Parameters()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _vendor_checked AS
            WITH delivered AS ({_delivered_rows(spec, files, params)}),
            checked AS (SELECT *, {_checks(spec, params)} FROM delivered)
            SELECT *, coalesce({", ".join(quote_identifier(f"_failed_{c}") for c in spec.column_names)}) AS _reason
            FROM checked""",
            params.values,
        )
        con.execute(raw_table_ddl(spec, replace=True))
        values = ", ".join(_TYPED[c.type].format(v=quote_identifier(c.name)) for c in spec.columns)
        con.execute(
            f"""INSERT INTO {raw_table_name(spec.name)}
            SELECT {values}, _delivery, _source_file, _row_number, now(), NULL
            FROM _vendor_checked WHERE _reason IS NULL ORDER BY _delivery, _row_number"""
        )
        counts = record_vendor_load(con, spec)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts


def _delivered_rows(spec: Table, files: list[tuple[str, str]], params: Parameters) -> str:
    """The delivered text values; the vendor's own file and row are the lineage (the Parquet file is only
    our copy of them). A column an adapter does not fill (an incident log has no reply times) is NULL."""
    columns = ", ".join(f"CAST(NULL AS VARCHAR) AS {quote_identifier(c)}" for c in spec.column_names)
    empty = (
        "SELECT NULL::VARCHAR AS _delivery, NULL::VARCHAR AS _source_file, NULL::BIGINT AS _row_number,"
        f" NULL::JSON AS _raw_row, {columns} WHERE false"
    )
    selects = [
        f"""SELECT {params.bind(delivery)} AS _delivery, source_file AS _source_file, source_row AS _row_number,
                   to_json(v) AS _raw_row, v.* EXCLUDE (source_file, source_row)
            FROM read_parquet({params.bind(path)}) AS v"""
        for delivery, path in files
    ]
    return " UNION ALL BY NAME ".join([empty, *selects])


def _checks(spec: Table, params: Parameters) -> str:
    """Per column, why its value is rejected (NULL when it is fine): missing when required, else unreadable."""
    checks = []
    for column in spec.columns:
        v = quote_identifier(column.name)
        branches = []
        if column.required:
            missing = params.bind(f"{column.name}: required value is missing")
            branches.append(f"WHEN nullif(trim({v}), '') IS NULL THEN {missing}")
        if column.type in _EXPECTED:
            message = params.bind(f"{column.name}: '{{}}' is not {_EXPECTED[column.type]}")
            typed = _TYPED[column.type].format(v=v)
            branches.append(f"WHEN nullif(trim({v}), '') IS NOT NULL AND {typed} IS NULL THEN format({message}, {v})")
        reason = f"CASE {' '.join(branches)} END" if branches else "NULL::VARCHAR"
        checks.append(f"{reason} AS {quote_identifier(f'_failed_{column.name}')}")
    return ", ".join(checks)
