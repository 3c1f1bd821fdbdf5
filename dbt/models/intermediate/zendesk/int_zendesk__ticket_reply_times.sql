{#- The reply-time family of zendesk__ticket_metrics, one row per ticket of int_zendesk__ticket_resolutions
    (every ticket created by the as-of instant) with the reference's column names and our definitions
    (docs/metrics.md): the first reply time in calendar and business minutes, the total reply time and the
    agent replies. Business minutes run on the ticket's clock over its schedule periods (int_ticket_schedule_periods,
    as fct_tickets'); NULL for a ticket without a schedule. With var zendesk_compat (macro zendesk_compat, part definitions; docs/zendesk-parity.md)
    the reply clock starts at creation, an outbound ticket's wait from creation is added to its total reply
    time, and business minutes follow the reference's schedule periods (zendesk_reference_business_minutes).
    Empty unless var zendesk_marts. -#}
/* depends_on: {{ ref('int_zendesk__ticket_schedule_periods') }} (a ref under the compat switch) */

{%- set compat = zendesk_compat('definitions') -%}

with tickets as (

    select *
    from {{ tickets_in_scope(ref('stg_helpdesk__tickets')) }}
    where created_at <= (select as_of_at from {{ ref('int_as_of') }})

),

replies as (

    select
        tickets.ticket_id,
        tickets.created_at,
        {%- if compat %}
        tickets.created_at as reply_clock_started_at,
        {%- else %}
        first_responses.requested_at as reply_clock_started_at,
        {%- endif %}
        first_responses.is_outbound,
        first_responses.first_response_at,
        first_responses.agent_replies,
        -- an outbound ticket's opening message is not a reply to anything
        first_responses.agent_replies - case when first_responses.is_outbound then 1 else 0 end
            as total_agent_replies,
        cycles.first_cycle_started_at,
        cycles.total_response_minutes
    from tickets
    left join {{ tickets_in_scope(ref('int_ticket_first_responses')) }} as first_responses
        on first_responses.ticket_id = tickets.ticket_id
    left join (
        select
            ticket_id,
            min(cycle_started_at) as first_cycle_started_at,
            {{ sum_minutes('response_minutes') }} as total_response_minutes
        from {{ tickets_in_scope(ref('int_reply_cycles')) }}
        group by ticket_id
    ) as cycles on cycles.ticket_id = first_responses.ticket_id

),

timed as (

    {{ business_hours_ticket_clock_at('replies', ['reply_clock_started_at', 'first_response_at']) }}

)
{%- if compat %},

reference_business_minutes as (

    {{ zendesk_reference_business_minutes(
        "(select ticket_id, 'first_reply' as measure, created_at as started_at, first_response_at as ended_at from replies)",
        [('first_reply', ['first_reply'])]) }}

)
{%- endif %}

select
    timed.ticket_id,
    {{ minutes_between('timed.reply_clock_started_at', 'timed.first_response_at') }}
        as first_reply_time_calendar_minutes,
    {%- if compat %}
    -- the first cycle is timed from creation; an outbound ticket also counts its wait from creation
    timed.total_response_minutes
        + {{ minutes_between('timed.created_at', 'timed.first_cycle_started_at') }}
        * case when timed.is_outbound or timed.first_response_at is null then 0 else 1 end
        + case when timed.is_outbound
            then coalesce({{ minutes_between('timed.created_at', 'timed.first_response_at') }}, 0) else 0 end
        as total_reply_time_calendar_minutes,
    {%- else %}
    timed.total_response_minutes as total_reply_time_calendar_minutes,
    {%- endif %}
    coalesce(timed.total_agent_replies, 0) as total_agent_replies,
    {%- if compat %}
    -- the reference's: a reply once an agent commented publicly
    case when coalesce(timed.agent_replies, 0) > 0
        then coalesce(reference_business_minutes.first_reply, 0)
    end
    {%- else %}
    {{ business_hours_minutes_between('timed.reply_clock_started_at_business_us', 'timed.first_response_at_business_us') }}
    {%- endif %}
        as first_reply_time_business_minutes
from timed
{%- if compat %}
left join reference_business_minutes on reference_business_minutes.ticket_id = timed.ticket_id
{%- endif %}
{{ zendesk_marts_only() }}
