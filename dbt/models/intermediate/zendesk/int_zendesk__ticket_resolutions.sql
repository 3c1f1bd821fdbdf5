{#- The resolution family of zendesk__ticket_metrics, one row per ticket with the reference's column names and
    our definitions (docs/metrics.md): its status now, first and last solve, resolutions and reopens, deletions
    and recoveries, the resolution times in calendar and business minutes, the touch flags and the unsolved
    ages. Its rows are the mart's tickets: every ticket created by the as-of instant, deleted tickets included
    as in the reference, with status 'deleted' while deleted (is_deleted events); a deleted ticket is not
    solved. Business minutes run on the ticket's clock over its schedule periods (int_ticket_schedule_periods,
    as fct_tickets'); NULL for a ticket without a schedule.
    Where we deliberately differ (docs/zendesk-parity.md), var zendesk_compat gives the reference's numbers
    (macro zendesk_compat): minute_boundaries counts the minute boundaries the calendar durations cross
    (dbt's datediff('minute')) instead of elapsed time; definitions starts the resolution clock at creation,
    keeps final resolution and last solve for tickets no longer solved, counts 'solved' status changes as
    resolutions and solves minus one as reopens (NULL when never solved), a deletion or restore as a status
    change, uses Zendesk's statuses ('hold') and the reference's schedule periods for business minutes
    (zendesk_reference_business_minutes). Empty unless var zendesk_marts (set by the refresh for Zendesk
    accounts). -#}
{{ config(post_hook="{{ refresh_as_of() }}") }}
/* depends_on: {{ ref('int_zendesk__ticket_schedule_periods') }} (a ref under the compat switch) */

{%- set minute_boundaries = zendesk_compat('minute_boundaries') -%}
{%- set compat = zendesk_compat('definitions') -%}
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

resolved as (

    select
        tickets.ticket_id,
        tickets.created_at,
        tickets.updated_at,
        coalesce(resolutions.status_at_as_of, tickets.status, 'new') as current_status,
        coalesce(resolutions.is_resolved, false) and not coalesce(deletions.is_deleted_now, false) as is_solved,
        {%- if compat %}
        tickets.created_at as resolution_clock_started_at,
        -- the reference's first and last solve: 'solved' changes, or 'closed' ones for a ticket never solved
        coalesce(resolutions.first_set_solved_at, resolutions.first_set_closed_at) as first_solved_at,
        coalesce(resolutions.last_set_solved_at, resolutions.last_set_closed_at) as last_solved_at,
        -- NULL for a ticket never solved or closed
        case when resolutions.resolved_entries > 0 then resolutions.set_solved_count end as count_resolutions,
        case when resolutions.resolved_entries > 0 then greatest(resolutions.set_solved_count - 1, 0) end
            as count_reopens,
        {%- else %}
        -- fct_tickets' resolution clock; a ticket it leaves out (deleted, merged) is timed from creation
        coalesce(facts.resolution_started_at, tickets.created_at) as resolution_clock_started_at,
        resolutions.first_resolved_at as first_solved_at,
        resolutions.last_entered_resolved_at as last_solved_at,
        coalesce(resolutions.resolved_entries, 0) as count_resolutions,
        coalesce(resolutions.reopen_count, 0) as count_reopens,
        {%- endif %}
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
    left join {{ tickets_in_scope(ref('int_ticket_resolutions')) }} as resolutions on resolutions.ticket_id = tickets.ticket_id
    left join deletions on deletions.ticket_id = tickets.ticket_id
    left join {{ tickets_in_scope(ref('fct_tickets')) }} as facts on facts.ticket_id = tickets.ticket_id

),

timed as (

    {{ business_hours_ticket_clock_at('resolved', ['resolution_clock_started_at', 'first_solved_at', 'last_solved_at']) }}

)
{%- if compat %},

durations as (

    {%- for measure, end_column in [('first_resolution', 'first_solved_at'), ('full_resolution', 'last_solved_at')] %}
    select ticket_id, '{{ measure }}' as measure, created_at as started_at, {{ end_column }} as ended_at
    from resolved
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

reference_business_minutes as (

    {{ zendesk_reference_business_minutes('durations',
        [('first_resolution', ['first_resolution']), ('full_resolution', ['full_resolution'])]) }}

)
{%- endif %}

select
    timed.ticket_id,
    {%- if compat %}
    case
        when timed.is_deleted_now then 'deleted'
        when timed.current_status = 'on_hold' then 'hold'
        else timed.current_status
    end as status,
    {%- else %}
    case when timed.is_deleted_now then 'deleted' else timed.current_status end as status,
    {%- endif %}
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
    case when not timed.is_solved
        then {{ minutes_between('timed.created_at', '(select as_of_at from as_of)') }}
    end as unsolved_ticket_age_minutes,
    case when not timed.is_solved
        then {{ minutes_between('timed.updated_at', '(select as_of_at from as_of)') }}
    end as unsolved_ticket_age_since_update_minutes,
    -- touches: public agent messages (int_ticket_first_responses)
    timed.is_solved and coalesce(first_responses.agent_replies, 0) = 1 as is_one_touch_resolution,
    timed.is_solved and coalesce(first_responses.agent_replies, 0) = 2 as is_two_touch_resolution,
    timed.is_solved and coalesce(first_responses.agent_replies, 0) not in (1, 2) as is_multi_touch_resolution,
    {%- if compat %}
    -- the reference's: a solved or closed ticket's resolution
    case when timed.current_status in ('solved', 'closed') and not timed.is_deleted_now
        then coalesce(reference_business_minutes.first_resolution, 0)
    end as first_resolution_business_minutes,
    case when timed.current_status in ('solved', 'closed') and not timed.is_deleted_now
        then coalesce(reference_business_minutes.full_resolution, 0)
    end as full_resolution_business_minutes,
    {%- else %}
    case when timed.is_solved then
        {{ business_hours_minutes_between('timed.resolution_clock_started_at_business_us', 'timed.first_solved_at_business_us') }}
    end as first_resolution_business_minutes,
    case when timed.is_solved then
        {{ business_hours_minutes_between('timed.resolution_clock_started_at_business_us', 'timed.last_solved_at_business_us') }}
    end as full_resolution_business_minutes,
    {%- endif %}
    (select as_of_at from as_of) as as_of_at
from timed
left join {{ tickets_in_scope(ref('int_ticket_first_responses')) }} as first_responses
    on first_responses.ticket_id = timed.ticket_id
left join {{ tickets_in_scope(ref('int_ticket_assignments')) }} as assignments on assignments.ticket_id = timed.ticket_id
{%- if compat %}
left join reference_business_minutes on reference_business_minutes.ticket_id = timed.ticket_id
{%- endif %}
{{ zendesk_marts_only() }}
