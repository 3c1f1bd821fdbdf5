{#- One row per reply cycle. A cycle starts with a public customer message when no cycle is open and
    ends at the next public message by a human agent; customer messages in between join the open cycle;
    bot and system messages and internal notes neither open nor close a cycle. -#}

with conversation as (

    select
        ticket_id,
        message_id,
        created_at,
        author_id,
        is_customer_message,
        message_sequence,
        -- agent replies seen so far: customer messages sharing this count wait for the same reply
        count(*) filter (where is_agent_reply) over (
            partition by ticket_id
            order by message_sequence
            rows between unbounded preceding and current row
        ) as agent_replies_so_far
    from {{ tickets_in_scope(ref('int_messages_sequenced')) }}
    where is_customer_message or is_agent_reply

),

cycles as (

    select
        ticket_id,
        agent_replies_so_far,
        min(created_at) as cycle_started_at,
        count(*) as customer_messages
    from conversation
    where is_customer_message
    group by ticket_id, agent_replies_so_far

),

replies as (

    select
        ticket_id,
        -- the reply closing the cycle that waited while agent_replies_so_far was one less
        agent_replies_so_far - 1 as answers_cycle_at,
        created_at as replied_at,
        author_id as replied_by_agent_id,
        message_id as reply_message_id
    from conversation
    where not is_customer_message

)

select
    cycles.ticket_id,
    cast(row_number() over (partition by cycles.ticket_id order by cycles.agent_replies_so_far) as integer)
        as cycle_number,
    cycles.cycle_started_at,
    cast(cycles.customer_messages as integer) as customer_messages,
    replies.replied_at,
    replies.replied_by_agent_id,
    replies.reply_message_id,
    replies.replied_at is not null as is_replied,
    {{ minutes_between('cycles.cycle_started_at', 'replies.replied_at') }} as response_minutes
from cycles
left join replies
    on replies.ticket_id = cycles.ticket_id
    and replies.answers_cycle_at = cycles.agent_replies_so_far
