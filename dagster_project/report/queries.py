"""What the report reads from the published warehouse: the marts' rows, and the few period statistics no mart
holds, computed in SQL from the facts with the definitions of docs/metrics.md (macro agg_ticket_metrics)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from dagster_project.report.period import ReportPeriod

Row = dict[str, object]


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> list[Row]:
    cursor = con.execute(sql, params or {})
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class Dimension:
    """A breakdown: its expression over fct_tickets and fct_sla_events, and over fct_reply_cycles (an agent's
    tickets are those assigned to them; an agent's reply cycles are those they replied to)."""

    ticket: str
    cycle: str


TOTAL = Dimension("'all'", "'all'")
CHANNEL = Dimension("channel", "channel")
TEAM = Dimension("team_id", "team_id")
AGENT = Dimension("assignee_id", "replied_by_agent_id")

# The day of an instant in the reporting time zone, as macro reporting_date computes it.
_DAY = "cast(timezone($tz, {}) as date)"
# A mean of minutes over whole microseconds, as macro mean_minutes computes it (independent of thread order).
_MEAN = "(avg(cast(round({} * 60000000.0) as bigint)) / 60000000.0)"
SLA_METRICS = ("first_response", "next_response", "full_resolution")


def _in_period(instant: str) -> str:
    day = _DAY.format(instant)
    return f"{day} >= $start and {day} < $end"


def period_metrics(
    con: duckdb.DuckDBPyConnection, dimension: Dimension, start: date, end: date, tz: str
) -> dict[object, Row]:
    """The measures of agg_channel_weekly over days `start`..`end` (exclusive) by `dimension`, plus the
    first-contact resolution rate (no mart holds it): ticket measures over the tickets created in the period,
    flow measures over reply cycles and SLA clocks started in it."""
    sla_columns = ",\n".join(
        f"avg(case when is_met then 1.0 else 0.0 end) filter (where metric = '{m}' and (is_met or is_breached))"
        f" as {m}_sla_attainment,\n count(*) filter (where metric = '{m}' and is_breached) as {m}_sla_breaches"
        for m in SLA_METRICS
    )
    sql = f"""
    with cohorts as (
        select {dimension.ticket} as key,
            count(*) as tickets_created,
            count(*) filter (where is_answered) as tickets_answered,
            {_MEAN.format('first_response_minutes')} as first_response_mean_minutes,
            quantile_cont(first_response_minutes, 0.5) as first_response_p50_minutes,
            quantile_cont(first_response_minutes, 0.9) as first_response_p90_minutes,
            quantile_cont(first_response_business_minutes, 0.5) as first_response_business_p50_minutes,
            quantile_cont(first_response_business_minutes, 0.9) as first_response_business_p90_minutes,
            avg(case when is_resolved then 1.0 else 0.0 end) as resolution_rate,
            avg(case when reopen_count > 0 then 1.0 else 0.0 end) as reopen_rate,
            avg(case when is_one_touch then 1.0 else 0.0 end) as one_touch_rate,
            avg(case when is_first_contact_resolution then 1.0 else 0.0 end) as first_contact_resolution_rate,
            quantile_cont(full_resolution_minutes, 0.5) as full_resolution_p50_minutes,
            count(csat_score) as csat_responses,
            avg(csat_score) as csat_mean,
            avg(case when csat_score >= 4 then 1.0 else 0.0 end) filter (where csat_score is not null)
                as csat_satisfied_share
        from marts.fct_tickets
        where {_in_period('created_at')}
        group by all
    ),
    responses as (
        select {dimension.cycle} as key,
            {_MEAN.format('response_minutes')} as avg_response_minutes
        from marts.fct_reply_cycles
        where {_in_period('cycle_started_at')}
        group by all
    ),
    slas as (
        select {dimension.ticket} as key, {sla_columns}
        from marts.fct_sla_events
        where {_in_period('started_at')}
        group by all
    ),
    keys as (select key from cohorts union select key from responses union select key from slas)
    select keys.key,
        coalesce(cohorts.tickets_created, 0) as tickets_created,
        coalesce(cohorts.tickets_answered, 0) as tickets_answered,
        cohorts.* exclude (key, tickets_created, tickets_answered),
        responses.avg_response_minutes,
        slas.* exclude (key)
    from keys
    left join cohorts on cohorts.key is not distinct from keys.key
    left join responses on responses.key is not distinct from keys.key
    left join slas on slas.key is not distinct from keys.key
    """
    found = rows(con, sql, {"tz": tz, "start": start, "end": end})
    return {row.pop("key"): row for row in found}


def channel_period_rows(con: duckdb.DuckDBPyConnection, period: ReportPeriod, tz: str) -> dict[object, Row]:
    """Per channel over the period: the mart's row when the period is one of its weeks or months
    (agg_channel_weekly, agg_channel_monthly), else the same measures from the facts; the first-contact
    resolution rate from the facts either way."""
    facts = period_metrics(con, CHANNEL, period.start, period.end, tz)
    mart = {"week": ("marts.agg_channel_weekly", "week_start"), "month": ("marts.agg_channel_monthly", "month_start")}
    if period.kind not in mart:
        return facts
    table, column = mart[period.kind]
    found = rows(con, f"select * exclude ({column}) from {table} where {column} = $start", {"start": period.start})
    by_channel: dict[object, Row] = {}
    for row in found:
        channel = row.pop("channel")
        row["first_contact_resolution_rate"] = facts.get(channel, {}).get("first_contact_resolution_rate")
        by_channel[channel] = row
    return by_channel


def channels(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every channel in the warehouse, busiest first: the order (and colour) the report keeps throughout."""
    found = rows(con, "select channel, count(*) as n from marts.fct_tickets group by channel order by n desc, channel")
    return [str(row["channel"]) for row in found]


def as_of(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """The as-of time the marts were built at (docs/metrics.md), None for a warehouse without tickets."""
    value = con.execute("select max(as_of_at) from marts.fct_tickets").fetchone()
    return None if value is None else value[0]


def weekly_trend(con: duckdb.DuckDBPyConnection, period: ReportPeriod, weeks: int = 13) -> list[Row]:
    """agg_channel_weekly for the `weeks` weeks up to the end of the period."""
    return rows(
        con,
        """
        select week_start, channel, tickets_created, first_response_p50_minutes, first_response_p90_minutes
        from marts.agg_channel_weekly
        where week_start < $end and week_start >= $end - to_weeks($weeks)
        order by week_start, channel
        """,
        {"end": period.end, "weeks": weeks},
    )


def daily_volume(con: duckdb.DuckDBPyConnection, period: ReportPeriod) -> list[Row]:
    """agg_channel_daily over the period and the one before it."""
    return rows(
        con,
        """
        select date_day, channel, tickets_created, first_response_p50_minutes
        from marts.agg_channel_daily
        where date_day >= $start and date_day < $end
        order by date_day, channel
        """,
        {"start": period.previous_start, "end": period.end},
    )


def hour_of_week(con: duckdb.DuckDBPyConnection, period: ReportPeriod, tz: str) -> list[Row]:
    """Tickets created per channel (and in all channels, 'all') and local weekday (ISO) and hour in the
    reporting time zone over the period, and their first-response median: from fct_tickets, since agg_hour_of_week counts hours in each team's
    own time zone over the whole range."""
    local = "timezone($tz, created_at)"
    return rows(
        con,
        f"""
        select case when grouping(channel) = 1 then 'all' else channel end as channel,
            isodow({local}) as weekday, hour({local}) as hour_of_day,
            count(*) as arrivals,
            quantile_cont(first_response_minutes, 0.5) as first_response_p50_minutes
        from marts.fct_tickets
        where {_in_period('created_at')}
        group by grouping sets ((channel, weekday, hour_of_day), (weekday, hour_of_day))
        order by channel, weekday, hour_of_day
        """,
        {"tz": tz, "start": period.start, "end": period.end},
    )


def staffing(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Agents needed per channel, team and hour of the team's week (marts.agg_staffing_hour_of_week)."""
    return rows(
        con,
        """
        select s.channel, s.team_id, coalesce(t.name, s.team_id, '–') as team_name,
            s.weekday, s.hour_of_day, s.arrivals_per_hour, s.agents_needed
        from marts.agg_staffing_hour_of_week as s
        left join (select distinct team_id, name from raw.teams where _is_latest) as t using (team_id)
        order by s.channel, team_name, s.weekday, s.hour_of_day
        """,
    )


def names(con: duckdb.DuckDBPyConnection, table: str, key: str, name: str) -> dict[object, str]:
    found = rows(con, f"select distinct {key} as key, {name} as name from raw.{table} where _is_latest")
    return {row["key"]: str(row["name"]) for row in found}


def csat_by_first_response(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """marts.agg_csat_by_first_response: every rated ticket of the warehouse, by first-response bucket."""
    return rows(con, "select * from marts.agg_csat_by_first_response order by channel, bucket_order")


def backlog(con: duckdb.DuckDBPyConnection, period: ReportPeriod) -> list[Row]:
    """Open tickets at the end of each day of the period and the one before it, by age bucket
    (marts.agg_backlog_daily summed over channel and status: counts add up)."""
    return rows(
        con,
        """
        select date_day, age_bucket, sum(open_tickets)::bigint as open_tickets
        from marts.agg_backlog_daily
        where date_day >= $start and date_day < $end
        group by all
        order by date_day, age_bucket
        """,
        {"start": period.previous_start, "end": period.end},
    )


def sla_daily(con: duckdb.DuckDBPyConnection, period: ReportPeriod) -> list[Row]:
    """marts.agg_priority_daily's SLA attainment per day and priority, over the period and the one before."""
    columns = ", ".join(f"{m}_sla_attainment" for m in SLA_METRICS)
    return rows(
        con,
        f"""
        select date_day, priority, {columns}
        from marts.agg_priority_daily
        where date_day >= $start and date_day < $end
        order by date_day, priority
        """,
        {"start": period.previous_start, "end": period.end},
    )


def sla_by_priority(con: duckdb.DuckDBPyConnection, period: ReportPeriod, tz: str) -> list[Row]:
    """Attainment (met / decided) and breaches per SLA metric and priority over the clocks started in the
    period, from fct_sla_events as the agg_* tables compute it."""
    return rows(
        con,
        f"""
        select metric, priority,
            count(*) filter (where is_met or is_breached) as decided,
            count(*) filter (where is_met) as met,
            count(*) filter (where is_breached) as breached,
            avg(case when is_met then 1.0 else 0.0 end) filter (where is_met or is_breached) as attainment
        from marts.fct_sla_events
        where {_in_period('started_at')}
        group by metric, priority
        order by list_position({list(SLA_METRICS)}, metric), priority
        """,
        {"tz": tz, "start": period.start, "end": period.end},
    )


def sla_breaches(con: duckdb.DuckDBPyConnection, period: ReportPeriod, tz: str, limit: int = 50) -> list[Row]:
    """The breached SLA clocks whose target ran out in the period, the longest overrun first."""
    return rows(
        con,
        f"""
        select ticket_id, metric, channel, priority, target_minutes, elapsed_minutes, breach_at, sla_status
        from marts.fct_sla_events
        where is_breached and {_in_period('breach_at')}
        order by elapsed_minutes - target_minutes desc, ticket_id, metric
        limit {int(limit)}
        """,
        {"tz": tz, "start": period.start, "end": period.end},
    )


def sla_breach_count(con: duckdb.DuckDBPyConnection, period: ReportPeriod, tz: str) -> int:
    sql = f"select count(*) from marts.fct_sla_events where is_breached and {_in_period('breach_at')}"
    return int(con.execute(sql, {"tz": tz, "start": period.start, "end": period.end}).fetchone()[0])


def bots(con: duckdb.DuckDBPyConnection, period: ReportPeriod, tz: str) -> list[Row]:
    """Tickets created in the period that a bot answered before any human: the customer's first response time
    (from the request, docs/metrics.md) against the wait for the first human after the bot's hand-off."""
    return rows(
        con,
        f"""
        select coalesce(channel, 'all') as channel, grouping(channel) = 1 as is_total,
            count(*) as tickets,
            count(first_human_response_after_bot_minutes) as handed_to_human,
            quantile_cont(first_response_minutes, 0.5) as first_response_p50_minutes,
            quantile_cont(first_response_minutes, 0.9) as first_response_p90_minutes,
            quantile_cont(first_human_response_after_bot_minutes, 0.5) as human_after_bot_p50_minutes,
            quantile_cont(first_human_response_after_bot_minutes, 0.9) as human_after_bot_p90_minutes
        from marts.fct_tickets
        where first_bot_response_at is not null and {_in_period('created_at')}
        group by grouping sets ((channel), ())
        order by is_total desc, tickets desc, channel
        """,
        {"tz": tz, "start": period.start, "end": period.end},
    )


def provenance(con: duckdb.DuckDBPyConnection) -> Row:
    """Which build the report reads: its publication, the deliveries and rows loaded, what was quarantined."""
    publication = rows(con, "select run_id, published_at from meta.publication")
    return {
        "publication": publication[0] if publication else {},
        "deliveries": rows(
            con,
            "select delivery, count(*) as files, sum(rows_loaded)::bigint as rows_loaded, max(loaded_at) as loaded_at "
            "from meta.loaded_files group by delivery order by delivery",
        ),
        "tables": rows(
            con,
            "select table_name, sum(rows_read)::bigint as rows_read, sum(rows_loaded)::bigint as rows_loaded, "
            "sum(rows_quarantined)::bigint as rows_quarantined from meta.loaded_files group by all order by 1",
        ),
        "quarantine": rows(
            con,
            "select table_name, column_name, reason, count(*) as rows_quarantined "
            "from raw.quarantine group by all order by rows_quarantined desc, table_name, column_name, reason",
        ),
    }
