{#- One row per ticket with an assignment history: when it was first assigned, how often it moved between
    agents and teams, and how many agents held it. Built from assignee_id and team_id events. -#}

with events as (

    select
        ticket_id,
        field,
        occurred_at,
        event_id,
        nullif(trim(old_value), '') as old_value,
        nullif(trim(new_value), '') as new_value
    from {{ tickets_in_scope(ref('stg_helpdesk__ticket_events')) }}
    where field in ('assignee_id', 'team_id')
        and occurred_at <= (select as_of_at from {{ ref('int_as_of') }})

),

changes as (

    select
        *,
        -- the value before this event: the previous event's new value, else what this event says it was
        coalesce(
            lag(new_value) over (partition by ticket_id, field order by occurred_at, event_id),
            old_value
        ) as previous_value
    from events

)

select
    ticket_id,
    min(occurred_at) filter (where field = 'assignee_id' and new_value is not null) as first_assigned_at,
    cast(count(*) filter (
        where field = 'assignee_id' and previous_value is not null and new_value is not null
            and new_value != previous_value
    ) as integer) as assignee_changes,
    cast(count(*) filter (
        where field = 'team_id' and previous_value is not null and new_value is not null
            and new_value != previous_value
    ) as integer) as team_transfers,
    -- every agent who held the ticket, including one assigned before the history starts
    cast(length(list_distinct(flatten(
        list([new_value, previous_value]) filter (where field = 'assignee_id')
    ))) as integer) as assignee_stations
from changes
group by ticket_id
