{#- The business schedule in force when each ticket was requested: the schedule of the team the ticket
    belonged to then (seed team_schedules). The team at that instant comes from the team_id events: the last
    change at or before it, else the value before the first change, else the ticket's exported team.
    With var zendesk_account_schedules a Zendesk ticket's own schedule instead
    (int_zendesk__ticket_schedule_periods): the one in force when it was requested, else its first (Zendesk
    stamps a trigger's schedule a few seconds after creation). A canonical ticket is measured on this schedule
    throughout, a Zendesk ticket on each of its periods in turn (int_ticket_schedule_periods). -#}
{{ depends_on_zendesk_model('int_zendesk__ticket_schedule_periods') }}

with tickets as (

    select
        tickets.ticket_id,
        tickets.team_id,
        coalesce(first_responses.requested_at, tickets.created_at) as requested_at
    from {{ tickets_in_scope(ref('stg_helpdesk__tickets')) }} as tickets
    left join {{ tickets_in_scope(ref('int_ticket_first_responses')) }} as first_responses
        on first_responses.ticket_id = tickets.ticket_id

),

team_events as (

    select ticket_id, occurred_at, event_id, nullif(trim(old_value), '') as old_value, nullif(trim(new_value), '') as new_value
    from {{ tickets_in_scope(ref('stg_helpdesk__ticket_events')) }}
    where field = 'team_id'

),

team_at_request as (

    select
        tickets.ticket_id,
        coalesce(
            {{ arg_max('team_events.new_value', '(team_events.occurred_at, team_events.event_id)') }}
                filter (where team_events.occurred_at <= tickets.requested_at),
            {{ arg_min('team_events.old_value', '(team_events.occurred_at, team_events.event_id)') }},
            any_value(tickets.team_id)
        ) as team_id
    from tickets
    left join team_events on team_events.ticket_id = tickets.ticket_id
    group by tickets.ticket_id

){%- if var('zendesk_account_schedules') %},

account_schedule_at_request as (

    select
        tickets.ticket_id,
        coalesce(
            {{ arg_max('periods.schedule_id', 'periods.period_number') }} filter (where periods.schedule_started_at <= tickets.requested_at),
            {{ arg_min('periods.schedule_id', 'periods.period_number') }}
        ) as schedule_id
    from tickets
    inner join {{ ref('int_zendesk__ticket_schedule_periods') }} as periods on periods.ticket_id = tickets.ticket_id
    group by tickets.ticket_id

)
{%- endif %}

select
    team_at_request.ticket_id,
    team_at_request.team_id as team_id_at_request,
{%- if var('zendesk_account_schedules') %}
    coalesce(account_schedule_at_request.schedule_id, team_schedules.schedule_id) as schedule_id,
    coalesce(account_schedule_at_request.schedule_id, team_schedules.schedule_id) is not null as has_business_schedule
{%- else %}
    team_schedules.schedule_id,
    team_schedules.schedule_id is not null as has_business_schedule
{%- endif %}
from team_at_request
left join {{ ref('team_schedules') }} as team_schedules
    on team_schedules.team_id = team_at_request.team_id
{%- if var('zendesk_account_schedules') %}
left join account_schedule_at_request on account_schedule_at_request.ticket_id = team_at_request.ticket_id
{%- endif %}
