"""A small, valid pair of marts in a temporary DuckDB file: five tickets over two UTC days."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dagster_project.warehouse import connect

MARTS_SQL = """
create schema marts;

create table marts.fct_tickets (
    ticket_id varchar, channel varchar, team_id varchar, assignee_id varchar, priority varchar,
    category varchar, status varchar, created_at timestamptz, is_outbound boolean, requested_at timestamptz,
    first_response_at timestamptz, first_bot_response_at timestamptz, first_response_minutes double,
    reply_cycles integer, avg_response_minutes double, first_resolved_at timestamptz, resolved_at timestamptz,
    first_resolution_minutes double, full_resolution_minutes double, reopen_count integer,
    customer_messages integer, agent_replies integer, internal_notes integer, is_one_touch boolean,
    csat_score integer, is_answered boolean, is_resolved boolean, age_minutes double
);

-- T2 is created at 23:30 UTC, the last half hour of 1 March; T4 is outbound (full resolution from
-- created_at, no request); T5's first response comes 120.5 s after the request.
insert into marts.fct_tickets by name
select * from (values
    ('T1', 'email', 'solved', timestamptz '2024-03-01 09:00:00+00', false, timestamptz '2024-03-01 09:00:00+00',
     timestamptz '2024-03-01 09:07:30+00', 7.5, 1, timestamptz '2024-03-01 10:00:00+00',
     timestamptz '2024-03-01 10:00:00+00', 60.0, 60.0, 0, true, 5, true, true),
    ('T2', 'email', 'open', timestamptz '2024-03-01 23:30:00+00', false, timestamptz '2024-03-01 23:30:00+00',
     null, null, 0, null, null, null, null, 0, false, null, false, false),
    ('T3', 'chat', 'solved', timestamptz '2024-03-01 12:00:00+00', false, timestamptz '2024-03-01 12:00:00+00',
     timestamptz '2024-03-01 12:00:45+00', 0.75, 2, timestamptz '2024-03-01 12:10:00+00',
     timestamptz '2024-03-02 08:00:00+00', 10.0, 1200.0, 1, false, 2, true, true),
    ('T4', 'phone', 'solved', timestamptz '2024-03-02 08:00:00+00', true, null,
     null, null, 0, timestamptz '2024-03-02 08:20:00+00',
     timestamptz '2024-03-02 08:20:00+00', null, 20.0, 0, false, null, false, true),
    ('T5', 'chat', 'pending', timestamptz '2024-03-02 14:00:00+00', false, timestamptz '2024-03-02 14:00:00+00',
     timestamptz '2024-03-02 14:02:00.5+00', 2.0083333333333333, 1, null,
     null, null, null, 0, false, null, true, false)
) as t(ticket_id, channel, status, created_at, is_outbound, requested_at,
       first_response_at, first_response_minutes, reply_cycles, first_resolved_at,
       resolved_at, first_resolution_minutes, full_resolution_minutes, reopen_count, is_one_touch, csat_score,
       is_answered, is_resolved);

create table marts.agg_channel_daily (
    date_day date, channel varchar, tickets_created bigint, tickets_answered bigint,
    first_response_mean_minutes double, first_response_p50_minutes double, first_response_p90_minutes double,
    resolution_rate double, reopen_rate double, one_touch_rate double, full_resolution_p50_minutes double,
    csat_responses bigint, csat_mean double, csat_satisfied_share double, tickets_first_resolved bigint,
    avg_response_minutes double
);

insert into marts.agg_channel_daily values
    (date '2024-03-01', 'email', 2, 1, 7.5, 7.5, 7.5, 0.5, 0.0, 0.5, 60.0, 1, 5.0, 1.0, 1, 7.5),
    (date '2024-03-01', 'chat', 1, 1, 0.75, 0.75, 0.75, 1.0, 1.0, 0.0, 1200.0, 1, 2.0, 0.0, 1, 0.75),
    (date '2024-03-02', 'phone', 1, 0, null, null, null, 1.0, 0.0, 0.0, 20.0, 0, null, null, 1, null),
    (date '2024-03-02', 'chat', 1, 1, 2.0083333333333333, 2.0083333333333333, 2.0083333333333333,
     0.0, 0.0, 0.0, null, 0, null, null, 0, 2.0083333333333333);

-- Business-time twins equal to their calendar minutes (a schedule open around the clock), status minutes
-- that add up to full resolution, and the reply cycles, SLA clocks and hour-of-week rows the cross-table
-- gates compare with.
alter table marts.fct_tickets add column first_human_response_after_bot_minutes double;
alter table marts.fct_tickets add column requester_wait_minutes double;
alter table marts.fct_tickets add column agent_wait_minutes double;
alter table marts.fct_tickets add column on_hold_minutes double;
alter table marts.fct_tickets add column resolved_before_reopen_minutes double;
update marts.fct_tickets set
    avg_response_minutes = first_response_minutes,
    requester_wait_minutes = coalesce(full_resolution_minutes, age_minutes),
    agent_wait_minutes = 0, on_hold_minutes = 0, resolved_before_reopen_minutes = 0;
alter table marts.fct_tickets add column first_response_business_minutes double;
alter table marts.fct_tickets add column first_human_response_after_bot_business_minutes double;
alter table marts.fct_tickets add column avg_response_business_minutes double;
alter table marts.fct_tickets add column first_resolution_business_minutes double;
alter table marts.fct_tickets add column full_resolution_business_minutes double;
alter table marts.fct_tickets add column requester_wait_business_minutes double;
alter table marts.fct_tickets add column agent_wait_business_minutes double;
alter table marts.fct_tickets add column on_hold_business_minutes double;
alter table marts.fct_tickets add column resolved_before_reopen_business_minutes double;
update marts.fct_tickets set
    first_response_business_minutes = first_response_minutes,
    avg_response_business_minutes = avg_response_minutes,
    first_resolution_business_minutes = first_resolution_minutes,
    full_resolution_business_minutes = full_resolution_minutes,
    requester_wait_business_minutes = requester_wait_minutes,
    agent_wait_business_minutes = 0, on_hold_business_minutes = 0, resolved_before_reopen_business_minutes = 0;

create table marts.fct_reply_cycles as
select ticket_id, cast(cycle.range + 1 as integer) as cycle_number
from marts.fct_tickets, range(reply_cycles) as cycle;

create table marts.fct_sla_events as
select
    ticket_id, 'first_response' as metric, 'business' as time_basis, 60.0 as target_minutes,
    requested_at as started_at, first_response_at as stopped_at, first_response_minutes as elapsed_minutes,
    requested_at + interval 60 minute as breach_at,
    case when first_response_minutes is null then 'running' when first_response_minutes > 60 then 'breached' else 'met' end
        as sla_status,
    first_response_minutes > 60 as is_breached
from marts.fct_tickets
where requested_at is not null;
update marts.fct_sla_events set elapsed_minutes = 30.0, is_breached = false where stopped_at is null;

create table marts.agg_hour_of_week as
select channel, cast(isodow(created_at) as integer) as weekday, cast(hour(created_at) as integer) as hour_of_day,
    cast(count(*) as integer) as arrivals, count(*) / 4.0 as arrivals_per_hour, 1.0 as first_response_sla_attainment
from marts.fct_tickets
group by all;
"""


@pytest.fixture
def marts(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(tmp_path / "warehouse.duckdb")
    con.execute(MARTS_SQL)
    yield con
    con.close()
