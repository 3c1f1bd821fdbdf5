"""The per-channel summary `make run` prints, read back from the warehouse."""

from __future__ import annotations

import duckdb

from dagster_project.warehouse import scalar

CHANNEL_SUMMARY_SQL = """
with first_response_slas as (
    select channel,
           avg(case when is_met then 1.0 else 0.0 end) filter (where is_met or is_breached) as sla_attainment
    from marts.fct_sla_events
    where metric = 'first_response'
    group by channel
)
select
    tickets.channel,
    count(*) as tickets,
    quantile_cont(tickets.first_response_minutes, 0.5) as first_response_p50_minutes,
    quantile_cont(tickets.first_response_minutes, 0.9) as first_response_p90_minutes,
    quantile_cont(tickets.first_response_business_minutes, 0.5) as first_response_business_p50_minutes,
    any_value(slas.sla_attainment) as first_response_sla_attainment,
    avg(case when tickets.is_resolved then 1.0 else 0.0 end) as resolution_rate,
    avg(tickets.csat_score) as csat_mean
from marts.fct_tickets as tickets
left join first_response_slas as slas using (channel)
group by tickets.channel
order by tickets desc, tickets.channel
"""


def channel_summary(con: duckdb.DuckDBPyConnection) -> list[dict[str, object]]:
    cursor = con.execute(CHANNEL_SUMMARY_SQL)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def quarantined_rows(con: duckdb.DuckDBPyConnection) -> int:
    return int(scalar(con, "select count(*) from raw.quarantine"))
