{#- One row per reply cycle of the tickets in fct_tickets: the grain behind "average response time" and
    the next-reply SLA. Cycle 1 is the first response; later cycles are next responses. -#}

with cycles as (

    select * from {{ ref('int_reply_cycles') }}

),

tickets as (

    select ticket_id, channel, team_id, priority, category
    from {{ ref('fct_tickets') }}

)

select
    cycles.ticket_id,
    cycles.cycle_number,
    tickets.channel,
    tickets.team_id,
    tickets.priority,
    tickets.category,
    case when cycles.cycle_number = 1 then 'first_response' else 'next_response' end as response_kind,
    cycles.cycle_started_at,
    cycles.customer_messages,
    cycles.replied_at,
    cycles.replied_by_agent_id,
    cycles.is_replied,
    cycles.response_minutes
from cycles
inner join tickets on tickets.ticket_id = cycles.ticket_id
