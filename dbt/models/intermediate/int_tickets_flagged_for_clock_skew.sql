{#- One row per ticket with a message or event stamped before the ticket's creation: the exporting systems'
    clocks disagree. int_ticket_status_transitions counts such status changes at creation. -#}

with tickets as (

    select ticket_id, created_at
    from {{ tickets_in_scope(ref('stg_helpdesk__tickets')) }}

)

select ticket_id, true as has_clock_skew
from (
    select messages.ticket_id
    from {{ tickets_in_scope(ref('stg_helpdesk__messages')) }} as messages
    inner join tickets on tickets.ticket_id = messages.ticket_id
    where messages.created_at < tickets.created_at
    union
    select events.ticket_id
    from {{ tickets_in_scope(ref('stg_helpdesk__ticket_events')) }} as events
    inner join tickets on tickets.ticket_id = events.ticket_id
    where events.occurred_at < tickets.created_at
)
