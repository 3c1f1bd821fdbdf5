{#- One row per SLA target Zendesk applied to a ticket (the field-history rows first_reply_time,
    next_reply_time, agent_work_time, requester_wait_time, whose value is JSON like
    {"minutes": 480, "in_business_hours": true}): when it applies, its policy's name at that moment, the
    ticket's priority then, and the target. As the reference (int_zendesk__sla_policy_applied): a first-reply
    target counts from ticket creation and only its latest application is kept; the target is the policy's
    own (sla_policy_metric_history, the revision valid then, for the priority then) when the ticket's
    ticket_sla_policy row is stamped at the application instant, else the field's. -#}
with as_of as (

    select as_of_at from {{ ref('int_zendesk__as_of') }}

),

targets as (

    select
        history.ticket_id,
        ticket.created_at as ticket_created_at,
        history.valid_starting_at,
        history.field_name as metric,
        case when history.field_name = 'first_reply_time' then ticket.created_at else history.valid_starting_at end
            as sla_applied_at,
        cast({{ json_extract_string('history.value', "'$.minutes'") }} as integer) as field_target,
        coalesce({{ json_extract_string('history.value', "'$.in_business_hours'") }} = 'true', false) as in_business_hours,
        ticket.priority as current_priority
    -- the field history read here and in policy_fields, not through one CTE: DuckDB materializes a CTE read
    -- twice, computing every row's end (the staging view's lead()) where only the policy and priority rows need it
    from {{ ref('stg_zendesk__ticket_field_history') }} as history
    inner join {{ ref('stg_zendesk__ticket') }} as ticket on ticket.ticket_id = history.ticket_id
    where history.value is not null
        and history.field_name in ('first_reply_time', 'next_reply_time', 'agent_work_time', 'requester_wait_time')

),

-- of a first-reply target only its latest application
applied as (

    select *
    from targets
    qualify metric != 'first_reply_time'
        or row_number() over (partition by ticket_id, metric order by valid_starting_at desc) = 1

),

-- the policy and priority rows, their bounds to the second (as the application instants are compared)
policy_fields as (

    select
        ticket_id,
        field_name,
        value,
        date_trunc('second', valid_starting_at) as started_at,
        coalesce(date_trunc('second', valid_ending_at), (select as_of_at from as_of)) as ended_at
    from {{ ref('stg_zendesk__ticket_field_history') }}
    where field_name in ('sla_policy', 'priority')

),

named as (

    select
        applied.*,
        policy_name.value as sla_policy_name,
        coalesce(priority.value, applied.current_priority) as priority_applied
    from applied
    left join policy_fields as policy_name
        on policy_name.field_name = 'sla_policy'
        and policy_name.ticket_id = applied.ticket_id
        and date_trunc('second', applied.valid_starting_at) >= policy_name.started_at
        and date_trunc('second', applied.valid_starting_at) < policy_name.ended_at
    left join policy_fields as priority
        on priority.field_name = 'priority'
        and priority.ticket_id = applied.ticket_id
        and date_trunc('second', applied.sla_applied_at) >= priority.started_at
        and date_trunc('second', applied.sla_applied_at) < priority.ended_at

)

select
    named.ticket_id,
    named.ticket_created_at,
    named.valid_starting_at,
    named.metric,
    named.sla_applied_at,
    coalesce(policy_targets.target, named.field_target) as target,
    named.in_business_hours,
    named.priority_applied,
    named.sla_policy_name
from named
left join {{ ref('stg_zendesk__ticket_sla_policy') }} as ticket_policy
    on ticket_policy.ticket_id = named.ticket_id and ticket_policy.policy_applied_at = named.sla_applied_at
left join {{ ref('stg_zendesk__sla_policy_metric_history') }} as policy_targets
    on policy_targets.metric = named.metric
    and policy_targets.sla_policy_id = ticket_policy.sla_policy_id
    and policy_targets.priority = named.priority_applied
    and named.sla_applied_at >= policy_targets.valid_starting_at
    and named.sla_applied_at < coalesce(policy_targets.valid_ending_at, (select as_of_at from as_of))
