"""`_is_latest` on the raw tables: true on the one row per key that staging keeps, false on the others.

Exports are cumulative snapshots: a key delivered several times is taken from the latest delivery, and
within one file from its last row, i.e. the first row by `_delivery DESC, _row_number DESC` (a delivery has
one file per table, so that order has no ties). The loader keeps the flag up to date for the keys a load
touches, so readers filter on it instead of ranking every raw row on every read.
"""

from __future__ import annotations

import duckdb

from dagster_project.ingest.export_format import Table
from dagster_project.ingest.sql import quote_identifier
from dagster_project.warehouse import scalar

LATEST_COLUMN = ("_is_latest", "BOOLEAN")


def mark_latest(con: duckdb.DuckDBPyConnection, spec: Table, relation: str, touched_keys: str | None) -> None:
    """Recompute `_is_latest` of `relation`'s rows whose key is in the table `touched_keys` (every row when
    None). Only a row whose flag changes is written, so a load of new keys rewrites nothing."""
    keys = ", ".join(quote_identifier(k) for k in spec.key)
    # Key columns are required, so never NULL: an equi-join finds every row of a touched key.
    touched = f"SEMI JOIN (SELECT DISTINCT {keys} FROM {touched_keys}) USING ({keys})" if touched_keys else ""
    con.execute(
        f"""
        UPDATE {relation} AS target SET _is_latest = ranked.is_latest
        FROM (
            SELECT
                rowid AS row_id,
                _is_latest AS was_latest,
                row_number() OVER (PARTITION BY {keys} ORDER BY _delivery DESC, _row_number DESC) = 1 AS is_latest
            FROM {relation} {touched}
        ) AS ranked
        WHERE target.rowid = ranked.row_id AND ranked.was_latest IS DISTINCT FROM ranked.is_latest
        """
    )


def mark_latest_of_repeated(con: duckdb.DuckDBPyConnection, spec: Table, relation: str, rows: str) -> int:
    """`mark_latest` for a `relation` whose rows were all just written as latest from `rows` (a table or
    subquery with its key columns): only a key that `rows` holds more than once can have a row that is not.
    Usually none does, and finding that out is one grouping instead of ranking every row. Returns how many
    keys `rows` repeats."""
    keys = ", ".join(quote_identifier(k) for k in spec.key)
    repeated = f"(SELECT {keys} FROM {rows} GROUP BY ALL HAVING count(*) > 1)"
    count = int(scalar(con, f"SELECT count(*) FROM {repeated}"))  # type: ignore[arg-type]
    if count:
        mark_latest(con, spec, relation, repeated)
    return count
