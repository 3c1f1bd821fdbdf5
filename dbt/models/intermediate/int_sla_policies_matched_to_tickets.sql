{#- The SLA target each ticket is held to, per metric (seed sla_policies). A policy row names a priority,
    a channel, both or neither (blank = any); the most specific matching row wins: priority and channel,
    then channel alone, then priority alone, then the default. -#}

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

)

select
    ticket_id,
    metric,
    {{ arg_max('target_minutes', 'specificity') }} as target_minutes,
    {{ arg_max('time_basis', 'specificity') }} as time_basis
from matches
group by ticket_id, metric
