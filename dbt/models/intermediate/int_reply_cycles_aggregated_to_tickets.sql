{#- One row per ticket with reply cycles: how many it has, and the mean response time of those that got a
    reply, in calendar and in business minutes. -#}

select
    cycles.ticket_id,
    count(*) as reply_cycles,
    {{ mean_minutes("cycles.response_minutes") }} as avg_response_minutes,
    {{ mean_minutes("business.response_business_minutes") }} as avg_response_business_minutes
from {{ tickets_in_scope(ref('int_reply_cycles')) }} as cycles
left join {{ tickets_in_scope(ref('int_reply_cycles_timed_in_business_hours')) }} as business
    on business.ticket_id = cycles.ticket_id
    and business.cycle_number = cycles.cycle_number
group by cycles.ticket_id
