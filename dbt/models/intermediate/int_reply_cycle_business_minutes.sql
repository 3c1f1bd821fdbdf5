{#- Each reply cycle's response time in business time, on the schedule of the ticket (int_ticket_schedules).
    NULL when the ticket's team has no schedule or the cycle has no reply yet. -#}

with cycles as (

    select
        cycles.ticket_id,
        cycles.cycle_number,
        cycles.cycle_started_at,
        cycles.replied_at,
        schedules.schedule_id
    from {{ tickets_in_scope(ref('int_reply_cycles')) }} as cycles
    left join {{ tickets_in_scope(ref('int_ticket_schedules')) }} as schedules
        on schedules.ticket_id = cycles.ticket_id

),

clock as (

    -- starts and replies in one pass; they seldom share an instant (a reply closes a cycle, a customer
    -- message opens the next), so this saves a pass, not pairs
    {{ business_hours_clock([
        ('cycles', 'schedule_id', 'cycle_started_at'),
        ('cycles', 'schedule_id', 'replied_at'),
    ]) }}

)

select
    cycles.ticket_id,
    cycles.cycle_number,
    {{ business_hours_minutes_between('started.business_us', 'replied.business_us') }} as response_business_minutes
from cycles
left join clock as started
    on started.schedule_id = cycles.schedule_id
    and started.instant_at = cycles.cycle_started_at
left join clock as replied
    on replied.schedule_id = cycles.schedule_id
    and replied.instant_at = cycles.replied_at
