{#- The status-time SLAs, as the reference's int_zendesk__agent_work_time_* and _requester_wait_time_* models:
    from each target's application, the spans the ticket spent in the metric's statuses (agent work: new, open;
    requester wait: new, open, hold) that have ended (as the reference: a status still current counts
    nothing). In calendar hours each span counts the minute boundaries it crosses; per target the running
    total, whether a span exhausted it, and the breach instant that span gives. In business hours each span
    counts its business minutes on the ticket's schedule periods (macro zendesk_schedule_pieces), the
    target is breached once they reach it, and the breach instant is the reference's: the end of business
    time in the last (Sunday-based, UTC) week of the last span, plus the target minus the total, in calendar
    minutes (its latest per-window projection; docs/zendesk-parity.md, rule W). Under var zendesk_compat the
    business-hours targets are counted as the reference counts them, week by week on its schedule spine
    (int_zendesk__sla_schedule_spine): a span's part in a week that meets no open interval of the spine counts
    all its minutes (rule H). -#}
-- depends_on: {{ ref('int_zendesk__sla_schedule_spine') }}
-- depends_on: {{ ref('int_zendesk__ticket_schedule_periods') }}
with as_of as (

    select as_of_at from {{ ref('int_zendesk__as_of') }}

),

statuses as (

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
        {{ boundaries_between('minute', 'valid_starting_at', 'valid_ending_at') }} as calendar_minutes,
        sum({{ boundaries_between('minute', 'valid_starting_at', 'valid_ending_at') }}) over (
            partition by ticket_id, metric, sla_applied_at order by valid_starting_at rows unbounded preceding
        ) as running_total_calendar_minutes
    from spans
    -- the running totals are for calendar targets only: business ones are counted below
    where not in_business_hours

),

{% if zendesk_compat('definitions') %}

-- the reference's business-hours status SLAs (its int_zendesk__agent_work_time_business_hours and
-- _requester_wait_time_business_hours): each span's part in each schedule period, cut into Sunday-based weeks
period_spans as (

    select
        spans.ticket_id,
        spans.metric,
        spans.sla_applied_at,
        spans.target,
        periods.schedule_id,
        greatest(spans.valid_starting_at, periods.schedule_started_at) as part_started_at,
        least(spans.valid_ending_at, coalesce(periods.schedule_ended_at, (select as_of_at from as_of) + interval 1000 hour))
            as part_ended_at
    from spans
    inner join {{ ref('int_zendesk__ticket_schedule_periods') }} as periods on periods.ticket_id = spans.ticket_id
    where spans.in_business_hours
        and greatest(spans.valid_starting_at, periods.schedule_started_at)
            < least(spans.valid_ending_at, coalesce(periods.schedule_ended_at, (select as_of_at from as_of) + interval 1000 hour))

),

part_weeks as (

    select
        *,
        started_minute + part_minutes as ended_minute
    from (
        select
            *,
            {{ zendesk_sunday('part_started_at') }} as week_started_on,
            {{ boundaries_between('second', 'cast(' ~ zendesk_sunday('part_started_at') ~ ' as ' ~ type_timestamptz() ~ ')',
                'part_started_at') }} / {{ double_literal('60.0') }} as started_minute,
            {{ boundaries_between('second', 'part_started_at', 'part_ended_at') }} / {{ double_literal('60.0') }} as part_minutes
        from period_spans
    )

),

weekly_parts as (

    {{ zendesk_sla_weekly_spine('part_weeks', 'week_number <= floor(ended_minute / 10080)', 'left') }}

),

-- the spine's intervals the week's part meets: where it meets none, least() and greatest() skip the missing
-- interval and the part counts all its minutes, as in the reference (rule H)
scheduled as (

    select
        *,
        coalesce(start_time_utc, 0) as interval_start_minute,
        end_time_utc as interval_end_minute,
        coalesce(least(week_ended_minute, end_time_utc) - greatest(week_started_minute, start_time_utc), 0)
            as scheduled_minutes
    from weekly_parts

),

scheduled_running as (

    select
        *,
        sum(scheduled_minutes) over (
            partition by ticket_id, metric, sla_applied_at
            order by part_started_at, week_number, interval_end_minute
            rows unbounded preceding
        ) as running_scheduled_minutes
    from scheduled

),

scheduled_flagged as (

    select
        *,
        target - running_scheduled_minutes as remaining_target_minutes,
        lag(target - running_scheduled_minutes) over (
            partition by ticket_id, metric, sla_applied_at order by part_started_at, week_number, interval_end_minute
        ) as previous_remaining_minutes
    from scheduled_running

),

business_slas as (

    select
        ticket_id,
        metric,
        sla_applied_at,
        -- the interval's start (the part's, if later) plus what was left of the target there
        max({{ zendesk_sla_week_instant(
            'greatest(week_started_minute, interval_start_minute) + remaining_target_minutes + scheduled_minutes') }})
            as sla_breach_at,
        max(running_scheduled_minutes) as sla_elapsed_time,
        bool_or(
            remaining_target_minutes = 0
            or (remaining_target_minutes < 0 and coalesce(previous_remaining_minutes > 0, true))
        ) as is_sla_breached
    from scheduled_flagged
    group by ticket_id, metric, sla_applied_at

),

{% else %}

-- a span's time in each schedule period it spends time in: a period that lasts no time would tie with the
-- next one as the span's last piece
pieces as (

    select *
    from (
        {{ zendesk_schedule_pieces('(select * from spans where in_business_hours)', 'valid_starting_at', 'valid_ending_at') }}
    )
    where piece_started_at < piece_ended_at

),

-- per target its last piece and the start of that piece's last week: the reference counts in weeks from
-- Sunday 00:00 UTC
last_pieces as (

    select
        ticket_id,
        metric,
        sla_applied_at,
        {{ arg_max('schedule_id', 'piece_started_at') }} as last_schedule_id,
        {{ arg_max('piece_ended_at', 'piece_started_at') }} as last_ended_at,
        greatest(
            max(piece_started_at),
            date_trunc('week', {{ arg_max('piece_ended_at', 'piece_started_at') }} + interval 1 day) - interval 1 day
        ) as last_week_started_at
    from pieces
    group by ticket_id, metric, sla_applied_at

),

-- the business clock once for every instant read below (a last piece's end is one of the pieces' ends)
clock as (

    {{ business_hours_clock([('pieces', 'schedule_id', 'piece_started_at'), ('pieces', 'schedule_id', 'piece_ended_at'),
                             ('last_pieces', 'last_schedule_id', 'last_week_started_at')]) }}

),

piece_clock as (

    {{ business_hours_clock_at('pieces', 'schedule_id', ['piece_started_at', 'piece_ended_at'], clock='clock') }}

),

piece_totals as (

    select
        ticket_id,
        metric,
        sla_applied_at,
        cast(sum(piece_ended_at_business_us - piece_started_at_business_us) as bigint) as total_us
    from piece_clock
    group by ticket_id, metric, sla_applied_at

),

last_week_clock as (

    {{ business_hours_clock_at('last_pieces', 'last_schedule_id', ['last_week_started_at', 'last_ended_at'], clock='clock') }}

),

last_week_minutes as (

    select
        last_week_clock.*,
        piece_totals.total_us,
        {{ business_hours_minutes_between('last_week_started_at_business_us', 'last_ended_at_business_us') }}
            as last_week_business_minutes
    from last_week_clock
    inner join piece_totals
        on piece_totals.ticket_id = last_week_clock.ticket_id
        and piece_totals.metric = last_week_clock.metric
        and piece_totals.sla_applied_at = last_week_clock.sla_applied_at

),

-- the end of the last business stretch of that week: the earliest instant with all its business minutes
business_ends as (

    {{ business_hours_instant_after('last_week_minutes', schedule_column='last_schedule_id',
        start_column='last_week_started_at', minutes_column='last_week_business_minutes',
        start_business_us_column='last_week_started_at_business_us') }}

),

{% endif %}

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
        {{ zendesk_sla_target_columns() | join(', ') }},
        max(valid_starting_at + {{ interval_of('cast((remaining_target_minutes + calendar_minutes) * 60 as bigint)', 'second') }})
            as sla_breach_at,
        max(running_total_calendar_minutes) as sla_elapsed_time,
        bool_or(is_breached_during_schedule) as is_sla_breached
    from flagged
    group by {{ zendesk_sla_target_columns() | join(', ') }}

),

business_targets as (

    select distinct {{ zendesk_sla_target_columns() | join(', ') }}
    from spans
    where in_business_hours

)

select * from calendar
union all
select
    business_targets.*,
    {%- if zendesk_compat('definitions') %}
    measured.sla_breach_at,
    measured.sla_elapsed_time,
    measured.is_sla_breached
    {%- else %}
    {{ add_microseconds('measured.business_deadline_at',
        'cast(business_targets.target as bigint) * 60000000 - measured.total_us') }} as sla_breach_at,
    coalesce(measured.total_us, 0) / {{ double_literal('60000000.0') }} as sla_elapsed_time,
    coalesce(measured.total_us, 0) >= cast(business_targets.target as bigint) * 60000000 as is_sla_breached
    {%- endif %}
from business_targets
left join {{ 'business_slas' if zendesk_compat('definitions') else 'business_ends' }} as measured
    on measured.ticket_id = business_targets.ticket_id
    and measured.metric = business_targets.metric
    and measured.sla_applied_at = business_targets.sla_applied_at
