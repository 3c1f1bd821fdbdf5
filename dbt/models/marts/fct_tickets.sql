{#- One row per ticket known at the as-of time; deleted tickets and tickets merged into another are
    left out (staging flags them). Definitions: docs/metrics.md. -#}
{{ config(post_hook="{{ refresh_as_of() }}") }}

{#- the ticket's instants a business duration starts or ends at -#}
{%- set business_instants = ['requested_at', 'first_response_at', 'last_bot_message_before_human_at',
    'resolution_clock_started_at', 'first_resolved_at', 'resolved_at'] %}
{#- the status times of the resolution window (macro ticket_status_buckets: which statuses each adds up) -#}
{%- set status_time_kinds = ['requester_wait', 'agent_wait', 'on_hold', 'resolved_before_reopen'] %}

with as_of as (

    select as_of_at from {{ ref('int_as_of') }}

),

tickets as (

    select *
    from {{ tickets_in_scope(ref('stg_helpdesk__tickets')) }}
    where not is_deleted
        and not is_merged
        and created_at <= (select as_of_at from as_of)

),

first_responses as (

    select * from {{ tickets_in_scope(ref('int_ticket_first_responses')) }}

),

reply_cycles as (

    select * from {{ tickets_in_scope(ref('int_reply_cycles_aggregated_to_tickets')) }}

),

resolutions as (

    select * from {{ tickets_in_scope(ref('int_ticket_resolutions')) }}

),

assignments as (

    select * from {{ tickets_in_scope(ref('int_ticket_assignments')) }}

),

latest_ratings as (

    select * from {{ tickets_in_scope(ref('int_satisfaction_ratings_aggregated_to_tickets')) }}

),

skew as (

    select * from {{ tickets_in_scope(ref('int_tickets_flagged_for_clock_skew')) }}

),

joined as (

    select
        tickets.ticket_id,
        tickets.channel,
        tickets.team_id,
        tickets.assignee_id,
        tickets.priority,
        tickets.category,
        coalesce(resolutions.status_at_as_of, 'new') as status,
        tickets.created_at,
        coalesce(first_responses.is_outbound, false) as is_outbound,
        first_responses.requested_at,
        first_responses.first_response_at,
        first_responses.first_response_agent_id,
        first_responses.first_bot_response_at,
        first_responses.first_response_minutes,
        first_responses.last_bot_message_before_human_at,
        first_responses.first_human_response_after_bot_minutes,
        coalesce(reply_cycles.reply_cycles, 0) as reply_cycles,
        reply_cycles.avg_response_minutes,
        reply_cycles.avg_response_business_minutes,
        schedules.schedule_id,
        coalesce(schedules.has_business_schedule, false) as has_business_schedule,
        resolutions.first_resolved_at,
        resolutions.resolved_at,
        coalesce(resolutions.is_resolved, false) as is_resolved,
        coalesce(resolutions.reopen_count, 0) as reopen_count,
        coalesce(first_responses.customer_messages, 0) as customer_messages,
        coalesce(first_responses.agent_replies, 0) as agent_replies,
        coalesce(first_responses.internal_notes, 0) as internal_notes,
        latest_ratings.csat_score,
        assignments.first_assigned_at,
        coalesce(assignments.assignee_changes, 0) as assignee_changes,
        coalesce(assignments.team_transfers, 0) as team_transfers,
        -- a ticket assigned without any recorded history has still been held by its assignee
        coalesce(assignments.assignee_stations, case when tickets.assignee_id is not null then 1 else 0 end)
            as assignee_stations,
        coalesce(resolutions.has_inferred_status, false) as has_inferred_status,
        -- resolution is timed from the customer's request; from creation when an agent reached out first,
        -- when there is no public customer message, or when the ticket was resolved before the customer's
        -- first message. A request stamped before creation (clock skew) starts at creation.
        case
            when coalesce(first_responses.is_outbound, false)
                or first_responses.requested_at is null
                or first_responses.requested_at > resolutions.first_resolved_at
                then tickets.created_at
            else greatest(first_responses.requested_at, tickets.created_at)
        end as resolution_clock_started_at,
        coalesce(skew.has_clock_skew, false) as has_clock_skew,
        (select as_of_at from as_of) as as_of_at
    from tickets
    left join first_responses on first_responses.ticket_id = tickets.ticket_id
    left join reply_cycles on reply_cycles.ticket_id = tickets.ticket_id
    left join resolutions on resolutions.ticket_id = tickets.ticket_id
    left join latest_ratings on latest_ratings.ticket_id = tickets.ticket_id
    left join assignments on assignments.ticket_id = tickets.ticket_id
    left join {{ tickets_in_scope(ref('int_schedules_matched_to_tickets')) }} as schedules on schedules.ticket_id = tickets.ticket_id
    left join skew on skew.ticket_id = tickets.ticket_id

),

timed as (

    -- the ticket's instants on its clock (its schedule periods): every business duration starts or ends at one
    {{ business_hours_ticket_clock_at('joined', business_instants) }}

),

status_times as (

    -- time in each status inside the resolution window: from the resolution clock's start to the
    -- (last) resolution, or to the as-of time while unresolved. A span cut by the window reads the clock at
    -- the cut, the ticket's instant; otherwise at its own ends (int_ticket_status_spans)
    select
        timed.ticket_id,
        spans.status,
        greatest(spans.started_at, timed.resolution_clock_started_at) as started_at,
        least(spans.ended_at, coalesce(timed.resolved_at, timed.as_of_at)) as ended_at,
        case
            when spans.started_at >= timed.resolution_clock_started_at then spans.started_at_business_us
            else timed.resolution_clock_started_at_business_us
        end as started_at_business_us,
        -- only a resolution cuts a span's end: unresolved, the window ends at the as-of time, as the last span
        case
            when spans.ended_at <= coalesce(timed.resolved_at, timed.as_of_at) then spans.ended_at_business_us
            else timed.resolved_at_business_us
        end as ended_at_business_us
    from timed
    inner join {{ tickets_in_scope(ref('int_ticket_status_spans')) }} as spans
        on spans.ticket_id = timed.ticket_id
        and spans.ended_at > timed.resolution_clock_started_at
        and spans.started_at < coalesce(timed.resolved_at, timed.as_of_at)

),

status_times_measured as (

    select
        *,
        {{ microseconds_between('started_at', 'ended_at') }} as elapsed_us,
        ended_at_business_us - started_at_business_us as business_us
    from status_times

),

status_minutes as (

    -- summed in whole microseconds: exact, whatever order the spans are added in
    select
        ticket_id,
        {%- for column in status_time_kinds %}
        {%- set statuses = ticket_status_buckets()[column] %}
        coalesce(sum(elapsed_us) filter (where status in ('{{ statuses | join("', '") }}')), 0) / {{ double_literal('60000000.0') }}
            as {{ column }}_minutes,
        sum(business_us) filter (where status in ('{{ statuses | join("', '") }}')) / {{ double_literal('60000000.0') }}
            as {{ column }}_business_minutes{{ ',' if not loop.last }}
        {%- endfor %}
    from status_times_measured
    group by ticket_id

)

select
    ticket_id,
    channel,
    team_id,
    assignee_id,
    priority,
    category,
    status,
    created_at,
    is_outbound,
    requested_at,
    first_response_at,
    first_response_agent_id,
    first_bot_response_at,
    first_response_minutes,
    {{ business_hours_minutes_between('requested_at_business_us', 'first_response_at_business_us') }}
        as first_response_business_minutes,
    last_bot_message_before_human_at,
    first_human_response_after_bot_minutes,
    {{ business_hours_minutes_between('last_bot_message_before_human_at_business_us', 'first_response_at_business_us') }}
        as first_human_response_after_bot_business_minutes,
    cast(reply_cycles as integer) as reply_cycles,
    avg_response_minutes,
    avg_response_business_minutes,
    resolution_clock_started_at as resolution_started_at,
    first_resolved_at,
    resolved_at,
    {{ minutes_between('resolution_clock_started_at', 'first_resolved_at') }} as first_resolution_minutes,
    {{ business_hours_minutes_between('resolution_clock_started_at_business_us', 'first_resolved_at_business_us') }}
        as first_resolution_business_minutes,
    {{ minutes_between('resolution_clock_started_at', 'resolved_at') }} as full_resolution_minutes,
    {{ business_hours_minutes_between('resolution_clock_started_at_business_us', 'resolved_at_business_us') }}
        as full_resolution_business_minutes,
    {%- for column in status_time_kinds %}
    coalesce(status_minutes.{{ column }}_minutes, 0) as {{ column }}_minutes,
    case when has_business_schedule then coalesce(status_minutes.{{ column }}_business_minutes, 0) end
        as {{ column }}_business_minutes,
    {%- endfor %}
    reopen_count,
    reopen_count > 0 as is_reopened,
    cast(customer_messages as integer) as customer_messages,
    cast(agent_replies as integer) as agent_replies,
    cast(internal_notes as integer) as internal_notes,
    is_resolved and agent_replies = 1 as is_one_touch,
    is_resolved and reopen_count = 0 and agent_replies = 1 as is_first_contact_resolution,
    csat_score,
    first_response_at is not null as is_answered,
    is_resolved,
    {{ minutes_between('created_at', 'coalesce(resolved_at, as_of_at)') }} as age_minutes,
    first_assigned_at,
    assignee_changes,
    team_transfers,
    team_transfers > 0 as is_escalated,
    assignee_stations,
    schedule_id,
    has_business_schedule,
    has_inferred_status,
    has_clock_skew,
    as_of_at
from timed
left join status_minutes using (ticket_id)
