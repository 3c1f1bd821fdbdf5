{#- The comment family of zendesk__ticket_metrics, one row per ticket of int_zendesk__ticket_resolutions
    (every ticket created by the as-of instant) with the reference's column names: its messages counted by
    kind (int_ticket_first_responses), 0 for a ticket without any. Empty unless var zendesk_marts. -#}

with tickets as (

    select ticket_id
    from {{ tickets_in_scope(ref('stg_helpdesk__tickets')) }}
    where created_at <= (select as_of_at from {{ ref('int_as_of') }})

)

select
    tickets.ticket_id,
    coalesce(first_responses.agent_messages, 0) as count_agent_comments,
    coalesce(first_responses.agent_replies, 0) as count_public_agent_comments,
    coalesce(first_responses.customer_authored_messages, 0) as count_end_user_comments,
    coalesce(first_responses.public_messages, 0) as count_public_comments,
    coalesce(first_responses.non_public_messages, 0) as count_internal_comments,
    coalesce(first_responses.messages, 0) as total_comments,
    coalesce(first_responses.writing_agents, 0) as count_ticket_handoffs,
    first_responses.last_message_at as ticket_last_comment_date
from tickets
left join {{ tickets_in_scope(ref('int_ticket_first_responses')) }} as first_responses
    on first_responses.ticket_id = tickets.ticket_id
{{ zendesk_marts_only() }}
