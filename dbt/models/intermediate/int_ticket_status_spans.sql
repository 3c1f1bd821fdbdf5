{#- One row per stretch of time a ticket spent in one status, from creation to the as-of time.
    The first span runs from created_at in the status before the first recorded change ('new' if unknown);
    the last span is still open and ends at the as-of time. Each span's start and end are read on the
    ticket's business clock (its schedule periods, int_ticket_schedule_periods), once for every consumer; the
    open span's end moves with the as-of instant, so the post-hooks move it and read the clock there again. -#}
{{ config(post_hook=[
    "{{ refresh_as_of('ended_at', 'is_current') }}",
    "{{ refresh_as_of_business_clock('ended_at', 'is_current') }}",
]) }}

with transitions as (

    select * from {{ tickets_in_scope(ref('int_ticket_status_transitions')) }}

),

tickets as (

    select ticket_id, created_at
    from {{ tickets_in_scope(ref('stg_helpdesk__tickets')) }}
    where created_at <= (select as_of_at from {{ ref('int_as_of') }})

),

boundaries as (

    -- the ticket's creation opens the first span
    select
        tickets.ticket_id,
        0 as transition_sequence,
        tickets.created_at as started_at,
        coalesce(first_transition.from_status, 'new') as status
    from tickets
    left join transitions as first_transition
        on first_transition.ticket_id = tickets.ticket_id
        and first_transition.transition_sequence = 1

    union all

    select ticket_id, transition_sequence, changed_at, to_status
    from transitions

),

spans as (

    select
        ticket_id,
        cast(row_number() over (partition by ticket_id order by transition_sequence) as integer) as span_number,
        status,
        started_at,
        coalesce(
            lead(started_at) over (partition by ticket_id order by transition_sequence),
            (select as_of_at from {{ ref('int_as_of') }})
        ) as ended_at,
        lead(started_at) over (partition by ticket_id order by transition_sequence) is null as is_current
    from boundaries

),

timed as (

    -- a span ends where the next begins, so the clock reads each instant once for both columns
    {{ business_hours_ticket_clock_at('spans', ['started_at', 'ended_at']) }}

)

select
    ticket_id,
    span_number,
    status,
    started_at,
    ended_at,
    is_current,
    started_at_business_us,
    ended_at_business_us
from timed
