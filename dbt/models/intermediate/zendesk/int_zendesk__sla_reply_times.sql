{#- The reply-time SLAs (first_reply_time, next_reply_time): each target's breach instant, the first public
    comment of an agent or admin after it was applied, and the first solve after it, as the reference's
    int_zendesk__reply_time_combined does. A target in calendar hours breaches at applied + target minutes.
    One in business hours counts business minutes on the ticket's schedules from the application on
    (macro zendesk_schedule_pieces: each schedule period from its start, so a trigger's schedule from its
    stamp, as the reference): it breaches when its minutes have run out, and its elapsed time is business
    minutes. -#}
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
        (target_us - before_us) / 60000000.0 as remaining_minutes
    from period_totals
    where before_us <= target_us
        and (piece_ended_at is null
             or before_us + piece_ended_at_business_us - piece_started_at_business_us >= target_us)
    qualify row_number() over (partition by ticket_id, metric, sla_applied_at order by period_number) = 1

),

deadlines as (

    {{ business_hours_instant_after('deadline_periods', schedule_column='schedule_id',
        start_column='piece_started_at', minutes_column='remaining_minutes') }}

),

business_elapsed as (

    select
        ticket_id,
        metric,
        sla_applied_at,
        sum(greatest(elapsed_ended_at_business_us - piece_started_at_business_us, 0)) / 60000000.0
            as elapsed_business_minutes
    from period_totals
    group by ticket_id, metric, sla_applied_at

),

targets as (

    select
        measured.*,
        case
            when measured.in_business_hours then deadlines.business_deadline_at
            else measured.sla_applied_at + to_seconds(measured.target * 60)
        end as target_breach_at,
        case
            when measured.in_business_hours then business_elapsed.elapsed_business_minutes
            else date_diff('second', measured.sla_applied_at, measured.elapsed_until_at) / 60.0
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

breached as (

    select
        *,
        (target_breach_at < agent_reply_at and target_breach_at < next_solved_at)
            or (target_breach_at < agent_reply_at and next_solved_at is null)
            or (agent_reply_at is null and target_breach_at < next_solved_at)
            or (agent_reply_at is null and next_solved_at is null)
            as is_sla_breached
    from targets

)

select
    ticket_id,
    sla_policy_name,
    metric,
    sla_applied_at,
    target,
    in_business_hours,
    priority_applied,
    -- a target met is resolved by the reply (or solve) that met it
    case when is_sla_breached then target_breach_at when not is_sla_breached then coalesce(agent_reply_at, next_solved_at) end
        as sla_breach_at,
    elapsed_minutes as sla_elapsed_time,
    is_sla_breached
from breached
