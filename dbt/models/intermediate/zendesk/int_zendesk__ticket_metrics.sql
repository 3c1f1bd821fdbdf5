{#- The metric columns of fivetran/dbt_zendesk's zendesk__ticket_metrics (the mart adds the enriched attributes),
    one row per ticket with the reference's column names, computed by our definitions (docs/metrics.md). Deleted tickets stay in, as in
    the reference, with status 'deleted' while deleted (is_deleted events); a deleted ticket is not solved.
    Where we deliberately differ (docs/zendesk-parity.md), var zendesk_compat gives the reference's numbers;
    it is two parts (macro zendesk_compat), each settable alone:
    - zendesk_compat_minute_boundaries: resolution, status and assignment durations count the minute
      boundaries crossed (dbt's datediff('minute')) instead of elapsed time;
    - zendesk_compat_definitions: clocks start at ticket creation, an outbound ticket's wait from creation
      is added to its total reply time, final resolution and last solve are kept for tickets no longer
      solved, resolutions are 'solved' status changes and reopens are solves minus one (NULL when never
      solved), a deletion or restore is a status change, statuses are Zendesk's ('hold').
    Business minutes use the ticket's schedule (int_schedules_matched_to_tickets: the one at the request); NULL
    for a ticket without one. With zendesk_compat_definitions they follow the reference's schedule periods.
    Empty unless var zendesk_marts (set by the refresh for Zendesk accounts). -#}
{{ config(post_hook="{{ refresh_as_of() }}") }}
/* depends_on: {{ ref('int_zendesk__ticket_schedule_periods') }} (a ref under the compat switch) */

{%- set minute_boundaries = zendesk_compat('minute_boundaries') -%}
{%- set compat = zendesk_compat('definitions') -%}

{#- Zendesk's status buckets, (column, statuses): agent wait = pending, requester wait = new + open + hold, ... -#}
{%- set buckets = ticket_status_buckets() -%}
{%- set status_buckets = [
    ('new_status_duration', buckets['new']),
    ('open_status_duration', buckets['open']),
    ('agent_wait_time', buckets['agent_wait']),
    ('requester_wait_time', buckets['requester_wait']),
    ('solve_time', buckets['solve']),
    ('agent_work_time', buckets['agent_work']),
    ('on_hold_time', buckets['on_hold']),
] -%}
{#- the ticket's instants a business duration starts or ends at -#}
{%- set business_instants = ['reply_clock_started_at', 'first_response_at', 'resolution_clock_started_at',
    'first_solved_at', 'last_solved_at'] -%}
{#- calendar_minutes.format(start_at, end_at): elapsed minutes, or the minute boundaries crossed -#}
{%- set calendar_minutes = "cast(date_diff('minute', {0}, {1}) as double)" if minute_boundaries
    else minutes_between('{0}', '{1}') -%}

with as_of as (

    select as_of_at from {{ ref('int_as_of') }}

),

tickets as (

    select *
    from {{ tickets_in_scope(ref('stg_helpdesk__tickets')) }}
    where created_at <= (select as_of_at from as_of)

),

comments as (

    select
        ticket_id,
        agent_messages as count_agent_comments,
        agent_replies as count_public_agent_comments,
        customer_authored_messages as count_end_user_comments,
        public_messages as count_public_comments,
        non_public_messages as count_internal_comments,
        messages as total_comments,
        writing_agents as count_ticket_handoffs,
        last_message_at as ticket_last_comment_date
    from {{ tickets_in_scope(ref('int_ticket_first_responses')) }}

),

replies as (

    select
        first_responses.ticket_id,
        first_responses.is_outbound,
        first_responses.requested_at,
        first_responses.first_response_at,
        -- an outbound ticket's opening message is not a reply to anything
        first_responses.agent_replies - case when first_responses.is_outbound then 1 else 0 end
            as total_agent_replies,
        cycles.first_cycle_started_at,
        cycles.total_response_minutes
    from {{ tickets_in_scope(ref('int_ticket_first_responses')) }} as first_responses
    left join (
        select
            ticket_id,
            min(cycle_started_at) as first_cycle_started_at,
            {{ sum_minutes('response_minutes') }} as total_response_minutes
        from {{ tickets_in_scope(ref('int_reply_cycles')) }}
        group by ticket_id
    ) as cycles on cycles.ticket_id = first_responses.ticket_id

),

deletions as (

    -- a deletion is an is_deleted event; the ticket is back once its status changes again (or is_deleted
    -- turns false)
    select
        ticket_id,
        count(*) filter (where is_deletion) as ticket_deleted_count,
        -- every deletion but one that is the ticket's last status event has been followed by a change
        count(*) filter (where is_deletion)
            - case when arg_max(is_deletion, (occurred_at, event_id)) then 1 else 0 end
            as total_ticket_recoveries,
        arg_max(is_deletion, (occurred_at, event_id)) as is_deleted_now,
        max(occurred_at) as last_status_event_at
    from (
        select ticket_id, occurred_at, event_id, is_deletion
        from {{ tickets_in_scope(ref('stg_helpdesk__ticket_events')) }}
        where field in ('status', 'is_deleted')
            and occurred_at <= (select as_of_at from as_of)
    )
    group by ticket_id

),

status_minutes as (

    select
        ticket_id,
        {%- for column, statuses in status_buckets %}
        coalesce({{ sum_minutes(calendar_minutes.format('started_at', 'ended_at'),
            "status in ('" ~ statuses | join("', '") ~ "')") }}, 0) as {{ column }}_in_calendar_minutes
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ tickets_in_scope(ref('int_ticket_status_spans')) }}
    group by ticket_id

),

joined as (

    select
        tickets.*,
        coalesce(resolutions.status_at_as_of, tickets.status, 'new') as current_status,
        coalesce(resolutions.is_resolved, false) and not coalesce(deletions.is_deleted_now, false) as is_solved,
        {%- if compat %}
        tickets.created_at as reply_clock_started_at,
        tickets.created_at as resolution_clock_started_at,
        -- the reference's first and last solve: 'solved' changes, or 'closed' ones for a ticket never solved
        coalesce(resolutions.first_set_solved_at, resolutions.first_set_closed_at) as first_solved_at,
        coalesce(resolutions.last_set_solved_at, resolutions.last_set_closed_at) as last_solved_at,
        -- NULL for a ticket never solved or closed
        case when resolutions.resolved_entries > 0 then resolutions.set_solved_count end as count_resolutions,
        case when resolutions.resolved_entries > 0 then greatest(resolutions.set_solved_count - 1, 0) end
            as count_reopens,
        {%- else %}
        replies.requested_at as reply_clock_started_at,
        -- fct_tickets' resolution clock; a ticket it leaves out (deleted, merged) is timed from creation
        coalesce(facts.resolution_started_at, tickets.created_at) as resolution_clock_started_at,
        resolutions.first_resolved_at as first_solved_at,
        resolutions.last_entered_resolved_at as last_solved_at,
        coalesce(resolutions.resolved_entries, 0) as count_resolutions,
        coalesce(resolutions.reopen_count, 0) as count_reopens,
        {%- endif %}
        replies.is_outbound,
        replies.first_response_at,
        replies.first_cycle_started_at,
        replies.total_response_minutes,
        replies.total_agent_replies,
        deletions.ticket_deleted_count,
        deletions.total_ticket_recoveries,
        coalesce(deletions.is_deleted_now, false) as is_deleted_now,
        {%- if compat %}
        -- Zendesk's last setting of the status field, even to the status it had (a restore) or 'deleted'
        deletions.last_status_event_at
        {%- else %}
        resolutions.last_status_changed_at
        {%- endif %}
            as last_status_assignment_date
    from tickets
    left join replies on replies.ticket_id = tickets.ticket_id
    left join {{ tickets_in_scope(ref('int_ticket_resolutions')) }} as resolutions on resolutions.ticket_id = tickets.ticket_id
    left join deletions on deletions.ticket_id = tickets.ticket_id
    left join {{ tickets_in_scope(ref('fct_tickets')) }} as facts on facts.ticket_id = tickets.ticket_id

),

scheduled as (

    select joined.*, schedules.schedule_id
    from joined
    left join {{ tickets_in_scope(ref('int_schedules_matched_to_tickets')) }} as schedules on schedules.ticket_id = joined.ticket_id

),

scheduled_spans as (

    select spans.ticket_id, spans.status, spans.started_at, spans.ended_at, schedules.schedule_id
    from {{ tickets_in_scope(ref('int_ticket_status_spans')) }} as spans
    inner join {{ tickets_in_scope(ref('int_schedules_matched_to_tickets')) }} as schedules on schedules.ticket_id = spans.ticket_id
    where schedules.schedule_id is not null

),

clock as (

    -- F once per distinct (schedule, instant) a business duration starts or ends at: a status span ends where
    -- the next begins, and solves are status changes
    {%- set sources = [('scheduled_spans', 'schedule_id', 'started_at'), ('scheduled_spans', 'schedule_id', 'ended_at')] %}
    {%- for instant in business_instants %}{% do sources.append(('scheduled', 'schedule_id', instant)) %}{% endfor %}
    {{ business_hours_clock(sources) }}

),

timed as (

    {{ business_hours_clock_at('scheduled', 'schedule_id', business_instants, clock='clock') }}

),

status_business_minutes as (

    -- summed in whole microseconds: exact, whatever order the spans are added in
    select
        ticket_id,
        {%- for column, statuses in status_buckets %}
        coalesce(sum(ended_at_business_us - started_at_business_us)
            filter (where status in ('{{ statuses | join("', '") }}')), 0)
            / 60000000.0 as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        {{ business_hours_clock_at('scheduled_spans', 'schedule_id', ['started_at', 'ended_at'], clock='clock') }}
    )
    group by ticket_id

)
{%- if compat %},

{#- The reference's business time (rule B): each duration is cut by the periods of the ticket's schedules
    (macro zendesk_schedule_pieces: a trigger's schedule counts from its stamp, a few seconds after creation,
    and a ticket moves to each later schedule), and whatever is still running - a current status, a reply or a
    solve that has not happened - runs to the end of the last period, which the reference puts 1000 hours
    after now. -#}
durations as (

    {%- for measure, end_column in [('first_reply', 'first_response_at'), ('first_resolution', 'first_solved_at'),
                                    ('full_resolution', 'last_solved_at')] %}
    select ticket_id, '{{ measure }}' as measure, created_at as started_at, {{ end_column }} as ended_at
    from joined
    union all
    {%- endfor %}
    select
        ticket_id,
        status as measure,
        started_at,
        case when not is_current then ended_at end as ended_at
    from {{ tickets_in_scope(ref('int_ticket_status_spans')) }}

),

scheduled_durations as (

    {{ zendesk_schedule_pieces('durations', 'started_at', 'ended_at',
        last_period_ended_at='(select as_of_at from as_of) + interval 1000 hour') }}

),

reference_business_minutes as (

    select
        ticket_id,
        {%- for measure in ['first_reply', 'first_resolution', 'full_resolution'] %}
        coalesce(sum(piece_ended_at_business_us - piece_started_at_business_us)
            filter (where measure = '{{ measure }}'), 0) / 60000000.0 as {{ measure }},
        {%- endfor %}
        {%- for column, statuses in status_buckets %}
        coalesce(sum(piece_ended_at_business_us - piece_started_at_business_us)
            filter (where measure in ('{{ statuses | join("', '") }}')), 0)
            / 60000000.0 as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        {{ business_hours_clock_at('scheduled_durations', 'schedule_id', ['piece_started_at', 'piece_ended_at']) }}
    )
    group by ticket_id

)
{%- endif %}

select
    timed.ticket_id,
    timed.created_at,
    timed.updated_at,
    {%- if compat %}
    case
        when timed.is_deleted_now then 'deleted'
        when timed.current_status = 'on_hold' then 'hold'
        else timed.current_status
    end as status,
    {%- else %}
    case when timed.is_deleted_now then 'deleted' else timed.current_status end as status,
    {%- endif %}
    timed.priority,
    timed.subject,
    timed.channel_raw as created_channel,
    timed.requester_id,
    timed.assignee_id,
    timed.team_id as group_id,
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
    coalesce(comments.count_agent_comments, 0) as count_agent_comments,
    coalesce(comments.count_public_agent_comments, 0) as count_public_agent_comments,
    coalesce(comments.count_end_user_comments, 0) as count_end_user_comments,
    coalesce(comments.count_public_comments, 0) as count_public_comments,
    coalesce(comments.count_internal_comments, 0) as count_internal_comments,
    coalesce(comments.total_comments, 0) as total_comments,
    coalesce(comments.count_ticket_handoffs, 0) as count_ticket_handoffs,
    comments.ticket_last_comment_date,
    assignments.unique_assignee_count,
    assignments.assignee_stations_count,
    assignments.group_stations_count,
    assignments.first_assignee_id,
    assignments.last_assignee_id,
    assignments.first_agent_assignment_date,
    assignments.last_agent_assignment_date,
    timed.first_solved_at,
    {%- if compat %}
    timed.last_solved_at,
    {%- else %}
    -- solved now: a ticket reopened since has no last solve that still stands
    case when timed.is_solved then timed.last_solved_at end as last_solved_at,
    {%- endif %}
    case when timed.is_solved
        then {{ calendar_minutes.format('assignments.first_agent_assignment_date', 'timed.last_solved_at') }}
    end as first_assignment_to_resolution_calendar_minutes,
    case when timed.is_solved
        then {{ calendar_minutes.format('assignments.last_agent_assignment_date', 'timed.last_solved_at') }}
    end as last_assignment_to_resolution_calendar_minutes,
    assignments.unassigned_minutes as ticket_unassigned_duration_calendar_minutes,
    {{ calendar_minutes.format('timed.resolution_clock_started_at', 'timed.first_solved_at') }}
        as first_resolution_calendar_minutes,
    {%- if compat %}
    {{ calendar_minutes.format('timed.resolution_clock_started_at', 'timed.last_solved_at') }}
    {%- else %}
    case when timed.is_solved
        then {{ calendar_minutes.format('timed.resolution_clock_started_at', 'timed.last_solved_at') }}
    end
    {%- endif %}
        as final_resolution_calendar_minutes,
    timed.count_resolutions,
    timed.count_reopens,
    coalesce(timed.ticket_deleted_count, 0) as ticket_deleted_count,
    coalesce(timed.total_ticket_recoveries, 0) as total_ticket_recoveries,
    coalesce(timed.last_status_assignment_date, timed.created_at) as last_status_assignment_date,
    status_minutes.new_status_duration_in_calendar_minutes,
    status_minutes.open_status_duration_in_calendar_minutes,
    status_minutes.agent_wait_time_in_calendar_minutes,
    status_minutes.requester_wait_time_in_calendar_minutes,
    status_minutes.solve_time_in_calendar_minutes,
    status_minutes.agent_work_time_in_calendar_minutes,
    status_minutes.on_hold_time_in_calendar_minutes,
    coalesce(timed.total_agent_replies, 0) as total_agent_replies,
    case when not timed.is_solved
        then {{ minutes_between('timed.created_at', '(select as_of_at from as_of)') }}
    end as unsolved_ticket_age_minutes,
    case when not timed.is_solved
        then {{ minutes_between('timed.updated_at', '(select as_of_at from as_of)') }}
    end as unsolved_ticket_age_since_update_minutes,
    timed.is_solved and coalesce(comments.count_public_agent_comments, 0) = 1 as is_one_touch_resolution,
    timed.is_solved and coalesce(comments.count_public_agent_comments, 0) = 2 as is_two_touch_resolution,
    timed.is_solved and coalesce(comments.count_public_agent_comments, 0) not in (1, 2)
        as is_multi_touch_resolution,
    {%- if compat %}
    -- the reference's: a solved or closed ticket's resolution, a reply once an agent commented publicly
    case when timed.current_status in ('solved', 'closed') and not timed.is_deleted_now
        then coalesce(reference_business_minutes.first_resolution, 0)
    end as first_resolution_business_minutes,
    case when timed.current_status in ('solved', 'closed') and not timed.is_deleted_now
        then coalesce(reference_business_minutes.full_resolution, 0)
    end as full_resolution_business_minutes,
    case when coalesce(comments.count_public_agent_comments, 0) > 0
        then coalesce(reference_business_minutes.first_reply, 0)
    end as first_reply_time_business_minutes,
    {%- for column, statuses in status_buckets %}
    coalesce(reference_business_minutes.{{ column }}, 0) as {{ column }}_in_business_minutes,
    {%- endfor %}
    {%- else %}
    case when timed.is_solved then
        {{ business_hours_minutes_between('timed.resolution_clock_started_at_business_us', 'timed.first_solved_at_business_us') }}
    end as first_resolution_business_minutes,
    case when timed.is_solved then
        {{ business_hours_minutes_between('timed.resolution_clock_started_at_business_us', 'timed.last_solved_at_business_us') }}
    end as full_resolution_business_minutes,
    {{ business_hours_minutes_between('timed.reply_clock_started_at_business_us', 'timed.first_response_at_business_us') }}
        as first_reply_time_business_minutes,
    {%- for column, statuses in status_buckets %}
    status_business_minutes.{{ column }} as {{ column }}_in_business_minutes,
    {%- endfor %}
    {%- endif %}
    (select as_of_at from as_of) as as_of_at
from timed
left join comments on comments.ticket_id = timed.ticket_id
left join {{ tickets_in_scope(ref('int_ticket_assignments')) }} as assignments on assignments.ticket_id = timed.ticket_id
left join status_minutes on status_minutes.ticket_id = timed.ticket_id
left join status_business_minutes on status_business_minutes.ticket_id = timed.ticket_id
{%- if compat %}
left join reference_business_minutes on reference_business_minutes.ticket_id = timed.ticket_id
{%- endif %}
{%- if not var('zendesk_marts') %}
-- The Zendesk parity marts are off for this account (var zendesk_marts): the table keeps its columns and
-- no rows; DuckDB runs nothing under a constant false filter.
where false
{%- endif %}
