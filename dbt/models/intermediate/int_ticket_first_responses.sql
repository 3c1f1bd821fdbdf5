{#- One row per ticket with messages: who spoke first, when the customer first asked, the first human and
    bot answers at or after that, and how many messages of each kind the ticket has. -#}

with messages as (

    select * from {{ tickets_in_scope(ref('int_messages_sequenced')) }}

),

requests as (

    select
        ticket_id,
        min(created_at) filter (where is_customer_message) as requested_at,
        min(message_sequence) filter (where is_customer_message) as request_sequence,
        -- the earliest public message by a human decides who started the conversation
        {{ arg_min('author_type', 'message_sequence') }} filter (where is_customer_message or is_agent_reply)
            as first_speaker_type,
        count(*) filter (where is_customer_message) as customer_messages,
        count(*) filter (where is_agent_reply) as agent_replies,
        count(*) filter (where is_internal_note) as internal_notes,
        count(*) filter (where author_type = 'agent') as agent_messages,
        count(*) filter (where author_type = 'customer') as customer_authored_messages,
        count(*) filter (where is_public) as public_messages,
        count(*) filter (where not is_public) as non_public_messages,
        count(*) as messages,
        count(distinct author_id) filter (where author_type = 'agent') as writing_agents,
        max(created_at) as last_message_at
    from messages
    group by ticket_id

),

responses as (

    select
        requests.ticket_id,
        min(messages.created_at) filter (where messages.is_agent_reply) as first_response_at,
        min(messages.message_sequence) filter (where messages.is_agent_reply) as first_response_sequence,
        {{ arg_min('messages.author_id', 'messages.message_sequence') }} filter (where messages.is_agent_reply)
            as first_response_agent_id,
        min(messages.created_at) filter (where messages.is_bot_message) as first_bot_response_at
    from requests
    inner join messages
        on messages.ticket_id = requests.ticket_id
        and messages.message_sequence > requests.request_sequence
    group by requests.ticket_id

),

bot_handoffs as (

    -- the bot's last message before the first human reply: where the customer was handed to a human
    select
        responses.ticket_id,
        max(messages.created_at) as last_bot_message_before_human_at
    from responses
    inner join requests on requests.ticket_id = responses.ticket_id
    inner join messages
        on messages.ticket_id = responses.ticket_id
        and messages.is_bot_message
        and messages.message_sequence > requests.request_sequence
        and messages.message_sequence < responses.first_response_sequence
    group by responses.ticket_id

)

select
    requests.ticket_id,
    requests.first_speaker_type = 'agent' as is_outbound,
    requests.requested_at,
    responses.first_response_at,
    responses.first_response_agent_id,
    responses.first_bot_response_at,
    {{ minutes_between('requests.requested_at', 'responses.first_response_at') }} as first_response_minutes,
    bot_handoffs.last_bot_message_before_human_at,
    {{ minutes_between('bot_handoffs.last_bot_message_before_human_at', 'responses.first_response_at') }}
        as first_human_response_after_bot_minutes,
    requests.customer_messages,
    requests.agent_replies,
    requests.internal_notes,
    requests.agent_messages,
    requests.customer_authored_messages,
    requests.public_messages,
    requests.non_public_messages,
    requests.messages,
    requests.writing_agents,
    requests.last_message_at
from requests
left join responses
    on responses.ticket_id = requests.ticket_id
left join bot_handoffs
    on bot_handoffs.ticket_id = requests.ticket_id
