{#- The reply-time SLAs (first_reply_time, next_reply_time) in calendar hours: each target's breach instant
    (applied + target minutes), the first public comment of an agent or admin after it was applied, and the
    first solve after it, as the reference's int_zendesk__reply_time_combined does for calendar targets.
    Targets in business hours are listed with no breach or elapsed time: measuring them on the account's
    schedules is not built yet (docs/zendesk-parity.md). -#}
with as_of as (

    select as_of_at from {{ ref('int_zendesk__as_of') }}

),

targets as (

    select
        *,
        case when not in_business_hours then sla_applied_at + to_seconds(target * 60) end as target_breach_at
    from {{ ref('int_zendesk__sla_policy_applied') }}
    where metric in ('first_reply_time', 'next_reply_time')

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
    from targets

),

breached as (

    select
        *,
        case when not in_business_hours then
            (target_breach_at < agent_reply_at and target_breach_at < next_solved_at)
            or (target_breach_at < agent_reply_at and next_solved_at is null)
            or (agent_reply_at is null and target_breach_at < next_solved_at)
            or (agent_reply_at is null and next_solved_at is null)
        end as is_sla_breached
    from answered

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
    case when not in_business_hours then
        date_diff('second', sla_applied_at, coalesce(agent_reply_at, next_solved_at, (select as_of_at from as_of))) / 60.0
    end as sla_elapsed_time,
    is_sla_breached
from breached
