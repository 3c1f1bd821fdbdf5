{#- One row per ticket with an assignment history: when it was first assigned, how often it moved between
    agents and teams, and how many agents held it; and the assignee history Zendesk reports
    (zendesk__ticket_metrics). Built from assignee_id and team_id events. -#}

with events as (

    select
        ticket_id,
        field,
        occurred_at,
        event_id,
        nullif(trim(old_value), '') as old_value,
        nullif(trim(new_value), '') as new_value,
        -- Zendesk counts a group station for every team event that names one, even a blank name
        new_value is not null as names_value
    from {{ tickets_in_scope(ref('stg_helpdesk__ticket_events')) }}
    where field in ('assignee_id', 'team_id')
        and occurred_at <= (select as_of_at from {{ ref('int_as_of') }})

),

changes as (

    select
        *,
        lag(new_value) over changes_in_order as previous_new_value,
        -- the value before this event: the previous event's new value, else what this event says it was
        coalesce(lag(new_value) over changes_in_order, old_value) as previous_value,
        lag(occurred_at) over changes_in_order as previous_changed_at,
        row_number() over changes_in_order as change_number
    from events
    window changes_in_order as (partition by ticket_id, field order by occurred_at, event_id)

),

tickets as (

    select ticket_id, created_at from {{ tickets_in_scope(ref('stg_helpdesk__tickets')) }}

)

select
    changes.ticket_id,
    min(changes.occurred_at) filter (where changes.field = 'assignee_id' and changes.new_value is not null)
        as first_assigned_at,
    cast(count(*) filter (
        where changes.field = 'assignee_id' and changes.previous_value is not null and changes.new_value is not null
            and changes.new_value != changes.previous_value
    ) as integer) as assignee_changes,
    cast(count(*) filter (
        where changes.field = 'team_id' and changes.previous_value is not null and changes.new_value is not null
            and changes.new_value != changes.previous_value
    ) as integer) as team_transfers,
    -- every agent who held the ticket, including one assigned before the history starts
    cast({{ count_distinct_values(['changes.new_value', 'changes.previous_value'], "changes.field = 'assignee_id'") }}
        as integer) as assignee_stations,
    -- Zendesk's assignee history: NULL for a ticket without assignee events (group stations: team events)
    {%- set has_assignee_events = "count(*) filter (where changes.field = 'assignee_id') > 0" %}
    case when {{ has_assignee_events }}
        then count(distinct changes.new_value) filter (where changes.field = 'assignee_id')
    end as unique_assignee_count,
    case when {{ has_assignee_events }}
        then count(changes.new_value) filter (where changes.field = 'assignee_id')
    end as assignee_stations_count,
    case when count(*) filter (where changes.field = 'team_id') > 0
        then count(*) filter (where changes.field = 'team_id' and changes.names_value)
    end as group_stations_count,
    {{ arg_min('changes.new_value', 'changes.change_number') }} filter (where changes.field = 'assignee_id')
        as first_assignee_id,
    {{ arg_max('changes.new_value', 'changes.change_number') }} filter (where changes.field = 'assignee_id')
        as last_assignee_id,
    min(changes.occurred_at) filter (where changes.field = 'assignee_id') as first_agent_assignment_date,
    max(changes.occurred_at) filter (where changes.field = 'assignee_id') as last_agent_assignment_date,
    -- time without an assignee: from creation (or the unassignment) until someone is assigned
    {{ sum_minutes(
        minutes_between('coalesce(changes.previous_changed_at, tickets.created_at)', 'changes.occurred_at'),
        "changes.field = 'assignee_id' and changes.new_value is not null and changes.previous_new_value is null"
    ) }} as unassigned_minutes
from changes
left join tickets on tickets.ticket_id = changes.ticket_id
group by changes.ticket_id
