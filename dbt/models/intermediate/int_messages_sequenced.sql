{#- Every message known at the as-of time, classified by its role in the conversation and numbered in
    conversation order. At equal timestamps a customer message sorts before an agent's, so a reply
    stamped in the same second as the question answers it. A table rather than a view: three per-ticket
    models read it, and the numbering sorts every message of the tickets it covers. -#}

with messages as (

    select messages.*
    from {{ tickets_in_scope(ref('stg_helpdesk__messages')) }} as messages
    where messages.created_at <= (select as_of_at from {{ ref('int_as_of') }})

),

classified as (

    select
        message_id,
        ticket_id,
        created_at,
        author_type,
        author_id,
        is_public,
        author_type = 'customer' and is_public as is_customer_message,
        author_type = 'agent' and is_public as is_agent_reply,
        author_type = 'bot' and is_public as is_bot_message,
        author_type = 'agent' and not is_public as is_internal_note,
        case author_type when 'customer' then 0 when 'agent' then 1 else 2 end as author_rank
    from messages

)

select
    message_id,
    ticket_id,
    created_at,
    author_type,
    author_id,
    is_public,
    is_customer_message,
    is_agent_reply,
    is_bot_message,
    is_internal_note,
    row_number() over (
        partition by ticket_id
        order by created_at, author_rank, message_id
    ) as message_sequence
from classified
