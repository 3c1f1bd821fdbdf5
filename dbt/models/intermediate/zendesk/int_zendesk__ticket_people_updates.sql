{#- Per ticket, how often its requester and its current assignee updated it (field changes and comments)
    and when they last did.

    The reference counts the rows of a left join, so a requester who never updated the ticket still counts
    1 update (with no last update); its assignee count is 0 only for an unassigned ticket. Kept, since
    dashboards built on the reference read these numbers. -#}
with tickets as (

    select ticket_id, requester_id, assignee_id
    from {{ ref('stg_zendesk__ticket') }}

),

updates as (

    select ticket_id, user_id, count(*) as updates, max(valid_starting_at) as last_updated
    from {{ ref('int_zendesk__updates') }}
    group by 1, 2

)

select
    tickets.ticket_id,
    coalesce(by_requester.updates, 1) as requester_ticket_update_count,
    by_requester.last_updated as requester_ticket_last_update_at,
    case when tickets.assignee_id is null then 0 else coalesce(by_assignee.updates, 1) end
        as assignee_ticket_update_count,
    by_assignee.last_updated as assignee_ticket_last_update_at
from tickets
left join updates as by_requester
    on by_requester.ticket_id = tickets.ticket_id and by_requester.user_id = tickets.requester_id
left join updates as by_assignee
    on by_assignee.ticket_id = tickets.ticket_id and by_assignee.user_id = tickets.assignee_id
