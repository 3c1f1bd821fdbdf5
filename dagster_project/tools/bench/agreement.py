"""Do the baselines compute the same facts as marts.fct_tickets? Counted per ticket, never asserted."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from dagster_project.ingest.sql import quote_identifier
from dagster_project.tools.bench.baselines import CORE_COLUMNS

# Minutes are microseconds / 60e6 on both sides; the tolerance only absorbs float formatting.
MINUTES_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Agreement:
    # Tickets in the mart or the baseline.
    tickets: int
    # Tickets in both whose every core column is equal.
    agreeing: int
    # Per core column, tickets where it differs (a ticket missing on one side differs in every column).
    differing: dict[str, int]

    @property
    def share(self) -> float:
        return self.agreeing / self.tickets if self.tickets else 1.0


def _equal(column: str) -> str:
    mart, baseline = f"mart.{quote_identifier(column)}", f"baseline.{quote_identifier(column)}"
    if column.endswith("_minutes"):
        return f"coalesce(abs({mart} - {baseline}) < {MINUTES_TOLERANCE}, {mart} is null and {baseline} is null)"
    return f"{mart} is not distinct from {baseline}"


def compare_with_mart(con: duckdb.DuckDBPyConnection, baseline_table: str) -> Agreement:
    """Compare `baseline_table` (one of ours, e.g. bench.lower_bound) with marts.fct_tickets on CORE_COLUMNS."""
    both = "mart.ticket_id is not null and baseline.ticket_id is not null"
    same = [f"({both} and {_equal(c)})" for c in CORE_COLUMNS]
    counts = con.execute(
        f"""
        select
            count(*),
            count(*) filter (where {' and '.join(same)}),
            {', '.join(f'count(*) filter (where not {s})' for s in same)}
        from marts.fct_tickets as mart
        full outer join {baseline_table} as baseline on baseline.ticket_id = mart.ticket_id
        """
    ).fetchall()[0]
    return Agreement(counts[0], counts[1], dict(zip(CORE_COLUMNS, counts[2:], strict=True)))
