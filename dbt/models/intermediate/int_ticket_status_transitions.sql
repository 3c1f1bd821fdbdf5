{#- One row per change of a ticket's status up to the as-of time, from the status events. Where the
    ticket's exported status disagrees with the last event (an export without full history), one
    inferred transition to the exported status is added at the ticket's updated_at, so the facts never
    contradict the ticket as the helpdesk shows it. -#}

with as_of as (

    select as_of_at from {{ ref('int_as_of') }}

),

status_events as (

    -- a change stamped before the ticket's creation (clock skew between systems) counts as happening at
    -- creation, so no status span has a negative length; int_tickets_flagged_for_clock_skew flags such tickets
    select
        events.ticket_id,
        events.event_id,
        greatest(events.occurred_at, tickets.created_at) as occurred_at,
        events.old_value,
        events.new_value
    from {{ tickets_in_scope(ref('stg_helpdesk__ticket_events')) }} as events
    inner join {{ tickets_in_scope(ref('stg_helpdesk__tickets')) }} as tickets on tickets.ticket_id = events.ticket_id
    where events.field = 'status'
        and events.new_value is not null
        and events.occurred_at <= (select as_of_at from as_of)

),

recorded as (

    select
        ticket_id,
        occurred_at as changed_at,
        coalesce(
            lag(new_value) over (partition by ticket_id order by occurred_at, event_id),
            old_value,
            'new'
        ) as from_status,
        new_value as to_status,
        false as is_inferred,
        event_id,
        row_number() over (partition by ticket_id order by occurred_at, event_id) as event_sequence
    from status_events

),

last_recorded as (

    select
        ticket_id,
        max(changed_at) as last_changed_at,
        {{ arg_max('to_status', 'event_sequence') }} as last_status
    from recorded
    group by ticket_id

),

inferred as (

    select
        tickets.ticket_id,
        greatest(
            coalesce(tickets.updated_at, tickets.created_at),
            coalesce(last_recorded.last_changed_at, tickets.created_at)
        ) as changed_at,
        coalesce(last_recorded.last_status, 'new') as from_status,
        tickets.status as to_status,
        true as is_inferred,
        cast(null as {{ dbt.type_string() }}) as event_id
    from {{ tickets_in_scope(ref('stg_helpdesk__tickets')) }} as tickets
    left join last_recorded
        on last_recorded.ticket_id = tickets.ticket_id
    where tickets.status is not null
        and tickets.status != coalesce(last_recorded.last_status, 'new')
        -- the export's status is the status now; it only describes the as-of time when that is the latest
        and greatest(
            coalesce(tickets.updated_at, tickets.created_at),
            coalesce(last_recorded.last_changed_at, tickets.created_at)
        ) <= (select as_of_at from as_of)

),

transitions as (

    select ticket_id, changed_at, from_status, to_status, is_inferred, event_id
    from recorded
    where from_status != to_status
    union all
    select ticket_id, changed_at, from_status, to_status, is_inferred, event_id
    from inferred

)

select
    ticket_id,
    cast(row_number() over (
        partition by ticket_id
        order by changed_at, is_inferred, event_id
    ) as integer) as transition_sequence,
    changed_at,
    from_status,
    to_status,
    is_inferred,
    event_id
from transitions
