{#- One row per reply cycle of the tickets in fct_tickets: the grain behind "average response time" and
    the next-reply SLA. Cycle 1 is the first response; later cycles are next responses. -#}

with cycles as (

    select * from {{ tickets_in_scope(ref('int_reply_cycles')) }}

),

tickets as (

    select ticket_id, channel, team_id, priority, category, has_business_schedule
    from {{ tickets_in_scope(ref('fct_tickets')) }}

),

response_slas as (

    select
        ticket_id,
        coalesce(cycle_number, 1) as cycle_number,
        target_minutes,
        time_basis,
        sla_status,
        is_breached
    from {{ tickets_in_scope(ref('fct_sla_events')) }}
    where metric in ('first_response', 'next_response')

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
    cycles.response_minutes,
    business.response_business_minutes,
    tickets.has_business_schedule,
    response_slas.target_minutes as sla_target_minutes,
    response_slas.time_basis as sla_time_basis,
    response_slas.sla_status,
    response_slas.is_breached as is_sla_breached
from cycles
inner join tickets on tickets.ticket_id = cycles.ticket_id
left join {{ tickets_in_scope(ref('int_reply_cycles_timed_in_business_hours')) }} as business
    on business.ticket_id = cycles.ticket_id
    and business.cycle_number = cycles.cycle_number
left join response_slas
    on response_slas.ticket_id = cycles.ticket_id
    and response_slas.cycle_number = cycles.cycle_number
