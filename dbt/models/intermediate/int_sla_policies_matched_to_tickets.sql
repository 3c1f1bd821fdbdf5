{#- The SLA target each ticket is held to, per metric (seed sla_policies). A policy row names a priority,
    a channel, both or neither (blank = any); the most specific matching row wins: priority and channel,
    then channel alone, then priority alone, then the default.
    With var zendesk_account_schedules a Zendesk ticket's own SLA policy wins for the metrics it sets
    (int_zendesk__sla_policy_applied): its latest first_reply_time target is our first_response, its latest
    next_reply_time target our next_response, in business or calendar time as the policy says. Zendesk has
    no resolution target, so full_resolution stays the seed's. -#}
{{ depends_on_zendesk_model('int_zendesk__sla_policy_applied') }}

with policies as (

    select
        nullif(lower(trim(priority)), '') as priority,
        nullif(lower(trim(channel)), '') as channel,
        lower(trim(metric)) as metric,
        cast(target_minutes as double) as target_minutes,
        lower(trim(time_basis)) as time_basis
    from {{ ref('sla_policies') }}

),

tickets as (

    select ticket_id, priority, channel
    from {{ tickets_in_scope(ref('stg_helpdesk__tickets')) }}

),

matches as (

    select
        tickets.ticket_id,
        policies.metric,
        policies.target_minutes,
        policies.time_basis,
        (case when policies.channel is not null then 2 else 0 end)
            + (case when policies.priority is not null then 1 else 0 end) as specificity
    from tickets
    inner join policies
        on (policies.priority is null or policies.priority = tickets.priority)
        and (policies.channel is null or policies.channel = tickets.channel)

),

{%- if var('zendesk_account_schedules') %}

account_targets as (

    select
        applied.ticket_id,
        case applied.metric when 'first_reply_time' then 'first_response' else 'next_response' end as metric,
        {{ arg_max('cast(applied.target as double)', 'applied.sla_applied_at') }} as target_minutes,
        {{ arg_max("case when applied.in_business_hours then 'business' else 'calendar' end", 'applied.sla_applied_at') }}
            as time_basis
    from {{ ref('int_zendesk__sla_policy_applied') }} as applied
    inner join tickets on tickets.ticket_id = applied.ticket_id
    where applied.metric in ('first_reply_time', 'next_reply_time')
    group by 1, 2

),
{%- endif %}

seed_targets as (

    select
        ticket_id,
        metric,
        {{ arg_max('target_minutes', 'specificity') }} as target_minutes,
        {{ arg_max('time_basis', 'specificity') }} as time_basis
    from matches
    group by ticket_id, metric

)

{%- if var('zendesk_account_schedules') %}
select * from account_targets
union all
select seed_targets.*
from seed_targets
anti join account_targets
    on account_targets.ticket_id = seed_targets.ticket_id and account_targets.metric = seed_targets.metric
{%- else %}
select * from seed_targets
{%- endif %}
