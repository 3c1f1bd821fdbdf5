{#- Each reply cycle's response time in business time, on the ticket's business clock (its schedule periods,
    int_ticket_schedule_periods). NULL when the ticket has no schedule or the cycle has no reply yet. -#}

with cycles as (

    select
        cycles.ticket_id,
        cycles.cycle_number,
        cycles.cycle_started_at,
        cycles.replied_at
    from {{ tickets_in_scope(ref('int_reply_cycles')) }} as cycles

),

timed as (

    -- starts and replies in one pass; they seldom share an instant (a reply closes a cycle, a customer
    -- message opens the next), so this saves a pass, not pairs
    {{ business_hours_ticket_clock_at('cycles', ['cycle_started_at', 'replied_at']) }}

)

select
    ticket_id,
    cycle_number,
    {{ business_hours_minutes_between('cycle_started_at_business_us', 'replied_at_business_us') }}
        as response_business_minutes
from timed
