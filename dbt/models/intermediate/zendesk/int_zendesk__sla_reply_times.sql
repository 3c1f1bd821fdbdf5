{#- The reply-time SLAs (first_reply_time, next_reply_time): each target's breach instant, the first public
    comment of an agent or admin after it was applied, and the first solve after it, as the reference's
    int_zendesk__reply_time_combined does. A target in calendar hours breaches at applied + target minutes.
    One in business hours counts business minutes on the ticket's schedules from the application on
    (macro zendesk_schedule_pieces: each schedule period from its start, so a trigger's schedule from its
    stamp, as the reference): it breaches when its minutes have run out, and its elapsed time is business
    minutes. Under var zendesk_compat a business-hours target is measured as the reference measures it
    (int_zendesk__reply_time_business_hours and _combined): week by week on its schedule spine
    (int_zendesk__sla_schedule_spine), each open interval of every schedule period from the application on a
    window with the business minutes up to its end; the reply (or solve, or now) is placed in a window, and a
    target with no window to place it in has no row (rules T, X in docs/zendesk-parity.md). -#}
-- depends_on: {{ ref('int_zendesk__sla_schedule_spine') }}
-- depends_on: {{ ref('int_zendesk__ticket_schedule_periods') }}
with as_of as (

    select as_of_at from {{ ref('int_zendesk__as_of') }}

),

agent_replies as (

    select comments.ticket_id, comments.created_at as reply_at
    from {{ ref('stg_zendesk__ticket_comment') }} as comments
    inner join {{ ref('int_zendesk__users') }} as users on users.user_id = comments.user_id
    where comments.is_public and users.is_internal_role

),

solves as (

    select ticket_id, valid_starting_at as solved_at
    from {{ ref('stg_zendesk__ticket_field_history') }}
    where field_name = 'status' and value in ('solved', 'closed')

),

answered as (

    select
        targets.*,
        (select min(reply_at) from agent_replies
         where agent_replies.ticket_id = targets.ticket_id and reply_at > targets.sla_applied_at) as agent_reply_at,
        (select min(solved_at) from solves
         where solves.ticket_id = targets.ticket_id and solved_at > targets.sla_applied_at) as next_solved_at
    from {{ ref('int_zendesk__sla_policy_applied') }} as targets
    where targets.metric in ('first_reply_time', 'next_reply_time')

),

measured as (

    select *, coalesce(agent_reply_at, next_solved_at, (select as_of_at from as_of)) as elapsed_until_at
    from answered

),

{% if zendesk_compat('definitions') %}

-- each schedule period the target runs into, from the application (or the period's start) on, in minutes from
-- the Sunday that starts the application's week
target_periods as (

    select
        *,
        started_minute
            + greatest(0, {{ boundaries_between('second', 'period_started_at', 'schedule_ended_at') }} / {{ double_literal('60.0') }})
            as ended_minute
    from (
        select
            measured.*,
            periods.schedule_id,
            coalesce(periods.schedule_ended_at, (select as_of_at from as_of) + interval 1000 hour) as schedule_ended_at,
            {{ zendesk_sunday('measured.sla_applied_at') }} as week_started_on,
            {{ boundaries_between(
                'second',
                'cast(' ~ zendesk_sunday('measured.sla_applied_at') ~ ' as ' ~ type_timestamptz() ~ ')',
                'greatest(measured.sla_applied_at, periods.schedule_started_at)'
            ) }} / {{ double_literal('60.0') }} as started_minute,
            greatest(measured.sla_applied_at, periods.schedule_started_at) as period_started_at,
            -- weeks from the application to the reply, solve or now (whole weeks between their days)
            cast(floor({{ days_between(
                'cast(measured.sla_applied_at as date)',
                'cast(least(coalesce(measured.agent_reply_at, (select as_of_at from as_of)),
                           coalesce(measured.next_solved_at, (select as_of_at from as_of))) as date)'
            ) }} / 7) as integer) + 1 as week_count
        from (
            -- the windows of a target are numbered and summed per target: one integer to partition on, not four
            -- columns (as many as the windows, the partitions were most of the model's time)
            select *, dense_rank() over (order by ticket_id, sla_policy_name, metric, sla_applied_at) as target_number
            from measured
            where in_business_hours
        ) as measured
        inner join {{ ref('int_zendesk__ticket_schedule_periods') }} as periods
            on periods.ticket_id = measured.ticket_id
            and coalesce(periods.schedule_ended_at, (select as_of_at from as_of) + interval 1000 hour) > measured.sla_applied_at
    )

),

weekly_windows as (

    {{ zendesk_sla_weekly_spine('target_periods', 'week_number <= week_count and ended_minute > week_number * 10080') }}

),

-- every open interval of the spine in those weeks, with the business minutes up to its end (the windows of all
-- periods in one sequence, by week and the interval's start)
windows as (

    select
        *,
        sum(least(week_ended_minute, end_time_utc) - greatest(week_started_minute, start_time_utc)) over (
            partition by target_number
            order by week_number, start_time_utc
            rows unbounded preceding
        ) as lapsed_minutes
    from weekly_windows

),

windows_flagged as (

    select
        *,
        target - lapsed_minutes < 0
            and coalesce(lag(target - lapsed_minutes) over (
                partition by target_number order by week_number, start_time_utc
            ) >= 0, true) as is_breached_in_window
    from windows

),

timed_windows as (

    select
        target_number,
        {{ zendesk_sla_target_columns() | join(', ') }},
        week_number,
        lapsed_minutes,
        agent_reply_at,
        next_solved_at,
        greatest(period_started_at, {{ zendesk_sla_week_instant('start_time_utc') }}) as window_started_at,
        least({{ zendesk_sla_week_instant('end_time_utc') }}, schedule_ended_at) as window_ended_at,
        -- the window's end less what the target overshot it by
        max(case when is_breached_in_window then {{ zendesk_sla_week_instant('end_time_utc + target - lapsed_minutes') }} end
        ) over (partition by target_number, target) as target_breach_at
    from windows_flagged

),

-- windows with the same running total in one week are one
merged_windows as (

    select
        target_number,
        {{ zendesk_sla_target_columns() | join(', ') }},
        lapsed_minutes,
        target_breach_at,
        week_number,
        min(window_started_at) as window_started_at,
        min(window_ended_at) as window_ended_at,
        min(agent_reply_at) as agent_reply_at,
        min(next_solved_at) as next_solved_at
    from timed_windows
    group by target_number, {{ zendesk_sla_target_columns() | join(', ') }}, lapsed_minutes, target_breach_at, week_number

),

sequenced_windows as (

    select
        *,
        row_number() over in_order as window_number,
        lead(window_started_at) over in_order as next_window_started_at,
        -- Spark takes no frame after a named window
        min(target_breach_at) over (partition by target_number order by window_started_at rows unbounded preceding)
            as first_breach_at,
        coalesce(lag(lapsed_minutes) over in_order, 0) as lapsed_before_minutes,
        {{ boundaries_between('second', 'window_started_at', 'agent_reply_at') }} / {{ double_literal('60.0') }} as runtime_minutes
    from merged_windows
    window in_order as (partition by target_number order by window_started_at)

),

-- the window the target ends in: the reply's, the one before it when replied before any window, the solve's
-- when there is no reply, now's while it runs
placed_windows as (

    select
        *,
        row_number() over (
            partition by target_number
            order by
                case when agent_reply_at >= window_started_at and agent_reply_at <= window_ended_at then 0 else 1 end,
                case when agent_reply_at is null and next_solved_at >= window_started_at
                    and (next_solved_at < next_window_started_at or next_window_started_at is null) then 0 else 1 end,
                window_started_at desc
        ) as preference
    from sequenced_windows
    where window_started_at <= (select as_of_at from as_of)
        and (
            (agent_reply_at >= window_started_at and agent_reply_at <= window_ended_at)
            or (agent_reply_at < window_started_at and lapsed_before_minutes = 0 and target_breach_at = first_breach_at
                and window_number = 1)
            or (agent_reply_at is null and next_solved_at >= window_started_at and next_solved_at < next_window_started_at)
            or (agent_reply_at is null and next_solved_at is null and (select as_of_at from as_of) >= window_started_at
                and ((select as_of_at from as_of) < next_window_started_at or next_window_started_at is null))
            or (agent_reply_at > window_ended_at and (agent_reply_at < next_window_started_at or next_window_started_at is null))
        )

),

business_replies as (

    select
        *,
        -- a target with no breach in its windows was met
        coalesce({{ zendesk_reply_sla_breached('target_breach_at') }}, false) as is_sla_breached,
        case
            when runtime_minutes < 0 then 0
            when lapsed_before_minutes + runtime_minutes > lapsed_minutes then lapsed_minutes
            else lapsed_before_minutes + {{ boundaries_between(
                'second', 'window_started_at', 'coalesce(agent_reply_at, next_solved_at, (select as_of_at from as_of))'
            ) }} / {{ double_literal('60.0') }}
        end as elapsed_minutes
    from placed_windows
    where preference = 1

),

-- targets in calendar hours: applied + target
targets as (

    select
        *,
        sla_applied_at + {{ interval_of('target * 60', 'second') }} as target_breach_at,
        {{ boundaries_between('second', 'sla_applied_at', 'elapsed_until_at') }} / {{ double_literal('60.0') }} as elapsed_minutes
    from measured
    where not in_business_hours

),

{% else %}

-- a business-hours target on each schedule period from its application on (a range with no end), with the
-- part of its elapsed time that falls in the period
target_periods as (

    select
        *,
        least(elapsed_until_at, coalesce(piece_ended_at, elapsed_until_at)) as elapsed_ended_at
    from (
        {{ zendesk_schedule_pieces('(select * from measured where in_business_hours)', 'sla_applied_at') }}
    )

),

period_clock as (

    {{ business_hours_clock_at('target_periods', 'schedule_id', ['piece_started_at', 'piece_ended_at', 'elapsed_ended_at']) }}

),

period_totals as (

    select
        *,
        cast(target as bigint) * 60000000 as target_us,
        -- business time of the periods before this one (the last period has no end)
        coalesce(sum(piece_ended_at_business_us - piece_started_at_business_us) over (
            partition by ticket_id, metric, sla_applied_at order by period_number
            rows between unbounded preceding and 1 preceding
        ), 0) as before_us
    from period_clock

),

-- the period in which the target runs out, and what is left of it there
deadline_periods as (

    select
        ticket_id,
        metric,
        sla_applied_at,
        schedule_id,
        piece_started_at,
        piece_started_at_business_us,
        (target_us - before_us) / {{ double_literal('60000000.0') }} as remaining_minutes
    from period_totals
    where before_us <= target_us
        and (piece_ended_at is null
             or before_us + piece_ended_at_business_us - piece_started_at_business_us >= target_us)
    qualify row_number() over (partition by ticket_id, metric, sla_applied_at order by period_number) = 1

),

deadlines as (

    {{ business_hours_instant_after('deadline_periods', schedule_column='schedule_id',
        start_column='piece_started_at', minutes_column='remaining_minutes',
        start_business_us_column='piece_started_at_business_us') }}

),

business_elapsed as (

    select
        ticket_id,
        metric,
        sla_applied_at,
        sum(greatest(elapsed_ended_at_business_us - piece_started_at_business_us, 0)) / {{ double_literal('60000000.0') }}
            as elapsed_business_minutes
    from period_totals
    group by ticket_id, metric, sla_applied_at

),

targets as (

    select
        measured.*,
        case
            when measured.in_business_hours then deadlines.business_deadline_at
            else measured.sla_applied_at + {{ interval_of('measured.target * 60', 'second') }}
        end as target_breach_at,
        case
            when measured.in_business_hours then business_elapsed.elapsed_business_minutes
            else {{ boundaries_between('second', 'measured.sla_applied_at', 'measured.elapsed_until_at') }} / {{ double_literal('60.0') }}
        end as elapsed_minutes
    from measured
    left join deadlines
        on deadlines.ticket_id = measured.ticket_id
        and deadlines.metric = measured.metric
        and deadlines.sla_applied_at = measured.sla_applied_at
    left join business_elapsed
        on business_elapsed.ticket_id = measured.ticket_id
        and business_elapsed.metric = measured.metric
        and business_elapsed.sla_applied_at = measured.sla_applied_at

),

{% endif %}

breached as (

    select
        *,
        {{ zendesk_reply_sla_breached('target_breach_at') }} as is_sla_breached
    from targets

)

select
    {{ zendesk_sla_target_columns() | join(', ') }},
    -- a target met is resolved by the reply (or solve) that met it
    case when is_sla_breached then target_breach_at when not is_sla_breached then coalesce(agent_reply_at, next_solved_at) end
        as sla_breach_at,
    elapsed_minutes as sla_elapsed_time,
    is_sla_breached
from (
    {%- set measured_columns = zendesk_sla_target_columns()
        + ['agent_reply_at', 'next_solved_at', 'target_breach_at', 'elapsed_minutes', 'is_sla_breached'] %}
    select {{ measured_columns | join(', ') }} from breached
    {%- if zendesk_compat('definitions') %}
    -- and the business-hours targets, counted in their windows
    union all
    select {{ measured_columns | join(', ') }} from business_replies
    {%- endif %}
) as measured_targets
