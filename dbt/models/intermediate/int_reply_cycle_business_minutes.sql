{#- Each reply cycle's response time in business time, on the schedule of the ticket (int_ticket_schedules).
    NULL when the ticket's team has no schedule or the cycle has no reply yet. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ delete_tickets_in_scope() }}"
) }}

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

started as (

    {{ business_hours__f_us('cycles', 'schedule_id', 'cycle_started_at', 'started_business_us') }}

),

replied as (

    {{ business_hours__f_us('started', 'schedule_id', 'replied_at', 'replied_business_us') }}

)

select
    ticket_id,
    cycle_number,
    {{ business_minutes_between('started_business_us', 'replied_business_us') }} as response_business_minutes
from replied
