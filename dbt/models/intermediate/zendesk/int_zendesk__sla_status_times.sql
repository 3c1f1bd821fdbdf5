{#- The status-time SLAs in calendar hours, as the reference's int_zendesk__agent_work_time_calendar_hours and
    _requester_wait_time_calendar_hours: from each target's application, the spans the ticket spent in the
    metric's statuses (agent work: new, open; requester wait: new, open, hold) that have ended (as the
    reference: a status still current counts nothing); the minutes each span counts are the minute
    boundaries it crosses. Per target: the running total, whether a span exhausted it, and the
    breach instant that span gives. Targets in business hours are listed with no breach or elapsed time
    (not built yet, docs/zendesk-parity.md). -#}
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

flagged as (

    select
        *,
        target - running_total_calendar_minutes as remaining_target_minutes,
        target - running_total_calendar_minutes < 0
            and coalesce(lag(target - running_total_calendar_minutes) over (
                partition by ticket_id, metric, sla_applied_at order by valid_starting_at
            ) >= 0, true) as is_breached_during_schedule
    from running

)

select
    ticket_id,
    sla_policy_name,
    metric,
    sla_applied_at,
    target,
    in_business_hours,
    priority_applied,
    case when not in_business_hours then
        max(valid_starting_at + to_seconds(cast((remaining_target_minutes + calendar_minutes) * 60 as bigint)))
    end as sla_breach_at,
    case when not in_business_hours then max(running_total_calendar_minutes) end as sla_elapsed_time,
    case when not in_business_hours then bool_or(is_breached_during_schedule) end as is_sla_breached
from flagged
group by 1, 2, 3, 4, 5, 6, 7
