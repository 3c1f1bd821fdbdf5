{#- The status-time SLAs, as the reference's int_zendesk__agent_work_time_* and _requester_wait_time_* models:
    from each target's application, the spans the ticket spent in the metric's statuses (agent work: new, open;
    requester wait: new, open, hold) that have ended (as the reference: a status still current counts
    nothing). In calendar hours each span counts the minute boundaries it crosses; per target the running
    total, whether a span exhausted it, and the breach instant that span gives. In business hours each span
    counts its business minutes on the ticket's schedule periods (macro zendesk_schedule_pieces), the
    target is breached once they reach it, and the breach instant is the reference's: the end of business
    time in the last (Sunday-based, UTC) week of the last span, plus the target minus the total, in calendar
    minutes (its latest per-window projection; docs/zendesk-parity.md, rule W). -#}
with statuses as (

    select ticket_id, value as status, valid_starting_at, valid_ending_at
    from {{ ref('stg_zendesk__ticket_field_history') }}
    where field_name = 'status'

),

spans as (

    select
        targets.ticket_id,
        targets.sla_policy_name,
        targets.metric,
        targets.sla_applied_at,
        targets.target,
        targets.in_business_hours,
        targets.priority_applied,
        greatest(statuses.valid_starting_at, targets.sla_applied_at) as valid_starting_at,
        statuses.valid_ending_at
    from {{ ref('int_zendesk__sla_policy_applied') }} as targets
    inner join statuses
        on statuses.ticket_id = targets.ticket_id
        and (
            (targets.metric = 'agent_work_time' and statuses.status in ('new', 'open'))
            or (targets.metric = 'requester_wait_time' and statuses.status in ('new', 'open', 'on-hold', 'hold'))
        )
        -- the reference means a current status to run on 30 days past now, but its filter compares with the
        -- span's own end, NULL for a current status: such a span counts nothing (#1963, docs/zendesk-parity.md)
        and targets.sla_applied_at < statuses.valid_ending_at

),

running as (

    select
        *,
        date_diff('minute', valid_starting_at, valid_ending_at) as calendar_minutes,
        sum(date_diff('minute', valid_starting_at, valid_ending_at)) over (
            partition by ticket_id, metric, sla_applied_at order by valid_starting_at rows unbounded preceding
        ) as running_total_calendar_minutes
    from spans

),

-- a span's time in each schedule period it spends time in: a period that lasts no time would tie with the
-- next one as the span's last piece
pieces as (

    select *
    from (
        {{ zendesk_schedule_pieces('(select * from spans where in_business_hours)', 'valid_starting_at', 'valid_ending_at') }}
    )
    where piece_started_at < piece_ended_at

),

piece_clock as (

    {{ business_hours_clock_at('pieces', 'schedule_id', ['piece_started_at', 'piece_ended_at']) }}

),

business_totals as (

    select
        ticket_id,
        metric,
        sla_applied_at,
        cast(sum(piece_ended_at_business_us - piece_started_at_business_us) as bigint) as total_us,
        arg_max(schedule_id, piece_started_at) as last_schedule_id,
        arg_max(piece_ended_at, piece_started_at) as last_ended_at,
        -- the reference counts in weeks from Sunday 00:00 UTC: the last span's last week
        greatest(
            max(piece_started_at),
            date_trunc('week', arg_max(piece_ended_at, piece_started_at) + interval 1 day) - interval 1 day
        ) as last_week_started_at
    from piece_clock
    group by ticket_id, metric, sla_applied_at

),

last_week_clock as (

    {{ business_hours_clock_at('business_totals', 'last_schedule_id', ['last_week_started_at', 'last_ended_at']) }}

),

last_week_minutes as (

    select
        *,
        {{ business_hours_minutes_between('last_week_started_at_business_us', 'last_ended_at_business_us') }}
            as last_week_business_minutes
    from last_week_clock

),

-- the end of the last business stretch of that week: the earliest instant with all its business minutes
business_ends as (

    {{ business_hours_instant_after('last_week_minutes', schedule_column='last_schedule_id',
        start_column='last_week_started_at', minutes_column='last_week_business_minutes') }}

),

flagged as (

    select
        *,
        target - running_total_calendar_minutes as remaining_target_minutes,
        target - running_total_calendar_minutes < 0
            and coalesce(lag(target - running_total_calendar_minutes) over (
                partition by ticket_id, metric, sla_applied_at order by valid_starting_at
            ) >= 0, true) as is_breached_during_schedule
    from running

),

calendar as (

    select
        ticket_id,
        sla_policy_name,
        metric,
        sla_applied_at,
        target,
        in_business_hours,
        priority_applied,
        max(valid_starting_at + to_seconds(cast((remaining_target_minutes + calendar_minutes) * 60 as bigint)))
            as sla_breach_at,
        max(running_total_calendar_minutes) as sla_elapsed_time,
        bool_or(is_breached_during_schedule) as is_sla_breached
    from flagged
    group by 1, 2, 3, 4, 5, 6, 7

)

select
    calendar.ticket_id,
    calendar.sla_policy_name,
    calendar.metric,
    calendar.sla_applied_at,
    calendar.target,
    calendar.in_business_hours,
    calendar.priority_applied,
    case
        when not calendar.in_business_hours then calendar.sla_breach_at
        else business_ends.business_deadline_at
            + to_microseconds(cast(calendar.target as bigint) * 60000000 - business_ends.total_us)
    end as sla_breach_at,
    case
        when not calendar.in_business_hours then calendar.sla_elapsed_time
        else coalesce(business_ends.total_us, 0) / 60000000.0
    end as sla_elapsed_time,
    case
        when not calendar.in_business_hours then calendar.is_sla_breached
        else coalesce(business_ends.total_us, 0) >= cast(calendar.target as bigint) * 60000000
    end as is_sla_breached
from calendar
left join business_ends
    on business_ends.ticket_id = calendar.ticket_id
    and business_ends.metric = calendar.metric
    and business_ends.sla_applied_at = calendar.sla_applied_at
