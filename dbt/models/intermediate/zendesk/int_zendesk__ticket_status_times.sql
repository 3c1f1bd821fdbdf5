{#- The status-time family of zendesk__ticket_metrics, one row per ticket of int_zendesk__ticket_resolutions
    (every ticket created by the as-of instant has a status span) with the reference's column names: the
    minutes it spent in each of Zendesk's status buckets (macro ticket_status_buckets: agent wait = pending,
    requester wait = new + open + on_hold, ...) over int_ticket_status_spans, the current status up to the
    as-of instant, in calendar and in business minutes. Business minutes are the spans' own readings of the
    business clock on the ticket's schedule (int_ticket_status_spans: started_at_business_us,
    ended_at_business_us); NULL for a ticket without a schedule (int_schedules_matched_to_tickets). With var
    zendesk_compat (macro zendesk_compat; docs/zendesk-parity.md) calendar minutes count the minute boundaries
    crossed (minute_boundaries) and business minutes follow the reference's schedule periods, a current status
    running to the end of the last one (definitions; zendesk_reference_business_minutes). Empty unless var
    zendesk_marts. -#}
/* depends_on (refs under the compat switch, the business clock's included): {{ ref('int_zendesk__ticket_schedule_periods') }},
   {{ ref('int_as_of') }}, {{ ref('int_business_time_segments') }}, {{ ref('int_business_schedule_versions') }},
   {{ ref('int_business_week_intervals') }}, {{ ref('int_business_holiday_periods') }} */

{%- set minute_boundaries = zendesk_compat('minute_boundaries') -%}
{%- set compat = zendesk_compat('definitions') -%}

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
{#- calendar_minutes.format(start_at, end_at): elapsed minutes, or the minute boundaries crossed -#}
{%- set calendar_minutes = "cast(date_diff('minute', {0}, {1}) as double)" if minute_boundaries
    else minutes_between('{0}', '{1}') -%}

with spans as (

    select * from {{ tickets_in_scope(ref('int_ticket_status_spans')) }}

),

calendar as (

    select
        ticket_id,
        {%- for column, statuses in status_buckets %}
        coalesce({{ sum_minutes(calendar_minutes.format('started_at', 'ended_at'),
            "status in ('" ~ statuses | join("', '") ~ "')") }}, 0) as {{ column }}_in_calendar_minutes
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from spans
    group by ticket_id

),

{%- if compat %}

business as (

    {{ zendesk_reference_business_minutes(
        '(select ticket_id, status as measure, started_at, case when not is_current then ended_at end as ended_at from spans)',
        status_buckets) }}

)
{%- else %}

business as (

    -- the spans' own readings of the business clock (int_ticket_status_spans), for the tickets with a
    -- schedule; summed in whole microseconds: exact, whatever order the spans are added in
    select
        spans.ticket_id,
        {%- for column, statuses in status_buckets %}
        coalesce(sum(spans.ended_at_business_us - spans.started_at_business_us)
            filter (where spans.status in ('{{ statuses | join("', '") }}')), 0)
            / 60000000.0 as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from spans
    inner join {{ tickets_in_scope(ref('int_schedules_matched_to_tickets')) }} as schedules on schedules.ticket_id = spans.ticket_id
    where schedules.schedule_id is not null
    group by spans.ticket_id

)
{%- endif %}

select
    calendar.*,
    {%- for column, statuses in status_buckets %}
    {%- if compat %}
    coalesce(business.{{ column }}, 0) as {{ column }}_in_business_minutes
    {%- else %}
    business.{{ column }} as {{ column }}_in_business_minutes
    {%- endif %}
    {{- ',' if not loop.last }}
    {%- endfor %}
from calendar
left join business on business.ticket_id = calendar.ticket_id
{{ zendesk_marts_only() }}
