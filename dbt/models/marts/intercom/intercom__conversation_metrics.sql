{#- fivetran/dbt_intercom's intercom__conversation_metrics, restated from our facts: one row per
    conversation (ticket), with the reference's column names for assignment, response, close and reopen
    times, plus who closed it (a teammate or a bot) and our business-hours figures, which the reference
    lacks. Who closed comes from the Intercom adapter's `closed_by` events (the closing part's author type)
    and, for other accounts, from whether the closing actor is an agent. Empty unless var intercom_marts
    (set by the refresh for Intercom accounts). -#}
with as_of as (

    select as_of_at from {{ ref('int_as_of') }}

),

tickets as (

    select * from {{ ref('fct_tickets') }}

),

events as (

    select * from {{ ref('stg_helpdesk__ticket_events') }}
    where occurred_at <= (select as_of_at from as_of)

),

closes as (

    select
        closes.ticket_id,
        closes.occurred_at,
        closes.actor_id,
        coalesce(
            lower(closers.new_value),
            case when agents.agent_id is not null then 'admin' end
        ) as author_type
    from events as closes
    left join events as closers
        on closers.ticket_id = closes.ticket_id
        and closers.field = 'closed_by'
        and closers.occurred_at = closes.occurred_at
    left join {{ ref('stg_helpdesk__agents') }} as agents on agents.agent_id = closes.actor_id
    where closes.field = 'status' and closes.new_value in ('solved', 'closed')

),

close_metrics as (

    select
        ticket_id,
        min(occurred_at) as first_close_at,
        max(occurred_at) as last_close_at,
        min(occurred_at) filter (where author_type = 'admin') as first_admin_close_at,
        max(occurred_at) filter (where author_type = 'admin') as last_admin_close_at,
        {{ arg_min('actor_id', 'occurred_at') }} as first_close_by_author_id,
        {{ arg_max('actor_id', 'occurred_at') }} as last_close_by_author_id,
        {{ arg_min('actor_id', 'occurred_at') }} filter (where author_type = 'admin') as first_close_by_admin_id,
        {{ arg_max('actor_id', 'occurred_at') }} filter (where author_type = 'admin') as last_close_by_admin_id,
        {{ arg_max(
            "case author_type when 'admin' then 'teammate' when 'bot' then 'bot' else coalesce(author_type, 'unknown') end",
            'occurred_at'
        ) }} as last_closed_by
    from closes
    group by ticket_id

),

assignments as (

    select
        ticket_id,
        min(occurred_at) as first_assignment_at,
        max(occurred_at) as last_assignment_at,
        cast(count(*) as integer) as count_assignments
    from events
    where field in ('assignee_id', 'team_id') and nullif(trim(new_value), '') is not null
    group by ticket_id

),

reopens as (

    select
        ticket_id,
        min(changed_at) as first_reopen_at,
        max(changed_at) as last_reopen_at
    from {{ ref('int_ticket_status_transitions') }}
    where from_status in ('solved', 'closed') and to_status not in ('solved', 'closed')
    group by ticket_id

),

messages as (

    select
        ticket_id,
        min(created_at) filter (where is_customer_message) as first_contact_reply_at,
        max(created_at) filter (where is_customer_message) as last_contact_reply_at,
        min(created_at) filter (where is_agent_reply) as first_admin_response_at,
        max(created_at) filter (where is_agent_reply) as last_admin_response_at
    from {{ ref('int_messages_sequenced') }}
    group by ticket_id

),

joined as (

    select
        tickets.ticket_id as conversation_id,
        tickets.created_at as conversation_created_at,
        tickets.status as conversation_state,
        tickets.channel,
        tickets.team_id,
        tickets.assignee_id as conversation_assignee_id,
        tickets.csat_score as conversation_rating,
        tickets.reopen_count as count_reopens,
        assignments.count_assignments,
        messages.first_contact_reply_at,
        assignments.first_assignment_at,
        messages.first_admin_response_at,
        close_metrics.first_close_at,
        close_metrics.first_admin_close_at,
        reopens.first_reopen_at,
        assignments.last_assignment_at,
        messages.last_contact_reply_at,
        messages.last_admin_response_at,
        reopens.last_reopen_at,
        close_metrics.last_close_at,
        close_metrics.last_admin_close_at,
        close_metrics.first_close_by_author_id,
        close_metrics.last_close_by_author_id,
        close_metrics.first_close_by_admin_id,
        close_metrics.last_close_by_admin_id,
        close_metrics.last_closed_by,
        tickets.first_response_business_minutes,
        tickets.full_resolution_business_minutes
    from tickets
    left join assignments on assignments.ticket_id = tickets.ticket_id
    left join close_metrics on close_metrics.ticket_id = tickets.ticket_id
    left join reopens on reopens.ticket_id = tickets.ticket_id
    left join messages on messages.ticket_id = tickets.ticket_id

)

select
    conversation_id,
    conversation_created_at,
    conversation_state,
    channel,
    team_id,
    conversation_assignee_id,
    conversation_rating,
    count_reopens,
    coalesce(count_assignments, 0) as count_assignments,
    first_contact_reply_at,
    first_assignment_at,
    round({{ minutes_between('conversation_created_at', 'first_assignment_at') }}, 2) as time_to_first_assignment_minutes,
    first_admin_response_at,
    round({{ minutes_between('conversation_created_at', 'first_admin_response_at') }}, 2) as time_to_first_response_minutes,
    round({{ minutes_between('first_contact_reply_at', 'first_admin_close_at') }}, 2) as time_to_admin_first_close_minutes,
    round({{ minutes_between('first_contact_reply_at', 'first_close_at') }}, 2) as time_to_first_close_minutes,
    first_reopen_at,
    last_assignment_at,
    round({{ minutes_between('conversation_created_at', 'last_assignment_at') }}, 2) as time_to_last_assignment_minutes,
    last_contact_reply_at,
    last_admin_response_at,
    last_reopen_at,
    round({{ minutes_between('first_contact_reply_at', 'last_admin_close_at') }}, 2) as time_to_admin_last_close_minutes,
    round({{ minutes_between('first_contact_reply_at', 'last_close_at') }}, 2) as time_to_last_close_minutes,
    first_close_at,
    last_close_at,
    first_admin_close_at,
    last_admin_close_at,
    first_close_by_author_id,
    last_close_by_author_id,
    first_close_by_admin_id,
    last_close_by_admin_id,
    last_closed_by,
    coalesce(last_closed_by = 'bot', false) as is_closed_by_bot,
    first_response_business_minutes,
    full_resolution_business_minutes
from joined
{%- if not var('intercom_marts') %}
-- The Intercom parity mart is off for this account (var intercom_marts): the table keeps its columns and
-- no rows.
where false
{%- endif %}
