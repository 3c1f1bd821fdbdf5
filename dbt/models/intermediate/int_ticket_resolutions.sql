{#- One row per ticket with status changes: its status at the as-of time, when it was first and last
    resolved, and how often it was reopened. Solved and closed both count as resolved; solved -> closed
    is not a new resolution. Also what Zendesk counts (zendesk__ticket_metrics): every entry into solved or
    closed, not only while it lasts, and the changes to solved and to closed. -#}

with transitions as (

    select
        *,
        to_status in ('solved', 'closed') as enters_resolved,
        from_status in ('solved', 'closed') as leaves_resolved
    from {{ tickets_in_scope(ref('int_ticket_status_transitions')) }}

)

select
    ticket_id,
    {{ arg_max('to_status', 'transition_sequence') }} as status_at_as_of,
    {{ arg_max('to_status', 'transition_sequence') }} in ('solved', 'closed') as is_resolved,
    min(changed_at) filter (where enters_resolved and not leaves_resolved) as first_resolved_at,
    case
        when {{ arg_max('to_status', 'transition_sequence') }} in ('solved', 'closed')
            then max(changed_at) filter (where enters_resolved and not leaves_resolved)
    end as resolved_at,
    cast(count(*) filter (where leaves_resolved and not enters_resolved) as integer) as reopen_count,
    bool_or(is_inferred) as has_inferred_status,
    max(changed_at) filter (where enters_resolved and not leaves_resolved) as last_entered_resolved_at,
    count(*) filter (where enters_resolved and not leaves_resolved) as resolved_entries,
    min(changed_at) filter (where to_status = 'solved') as first_set_solved_at,
    max(changed_at) filter (where to_status = 'solved') as last_set_solved_at,
    min(changed_at) filter (where to_status = 'closed') as first_set_closed_at,
    max(changed_at) filter (where to_status = 'closed') as last_set_closed_at,
    count(*) filter (where to_status = 'solved') as set_solved_count,
    max(changed_at) as last_status_changed_at
from transitions
group by ticket_id
