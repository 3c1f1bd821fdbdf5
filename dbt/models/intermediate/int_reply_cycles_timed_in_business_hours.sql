{#- Each reply cycle's response time in business time, on the schedule of the ticket (int_schedules_matched_to_tickets).
    NULL when the ticket's team has no schedule or the cycle has no reply yet. -#}

with cycles as (

    select
        cycles.ticket_id,
        cycles.cycle_number,
        cycles.cycle_started_at,
        cycles.replied_at,
        schedules.schedule_id
    from {{ tickets_in_scope(ref('int_reply_cycles')) }} as cycles
    left join {{ tickets_in_scope(ref('int_schedules_matched_to_tickets')) }} as schedules
        on schedules.ticket_id = cycles.ticket_id

),

timed as (

    -- starts and replies in one pass; they seldom share an instant (a reply closes a cycle, a customer
    -- message opens the next), so this saves a pass, not pairs
    {{ business_hours_clock_at('cycles', 'schedule_id', ['cycle_started_at', 'replied_at']) }}

)

select
    ticket_id,
    cycle_number,
    {{ business_hours_minutes_between('cycle_started_at_business_us', 'replied_at_business_us') }}
        as response_business_minutes
from timed
