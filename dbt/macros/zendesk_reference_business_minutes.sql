{#- fivetran/dbt_zendesk's business minutes of a Zendesk ticket's durations, for var zendesk_compat
    (docs/zendesk-parity.md, rules B1-B3): each duration is cut by the periods of the ticket's schedules
    (zendesk_schedule_pieces: a trigger's schedule counts from its stamp, a few seconds after creation, and a
    ticket moves to each later schedule), and whatever is still running - a current status, a reply or a
    solve that has not happened - runs to the end of the last period, which the reference puts 1000 hours
    after now.
        reference_business_minutes as ({{ zendesk_reference_business_minutes('durations',
            [('first_reply', ['first_reply'])]) }})
    `durations` has ticket_id, measure, started_at and ended_at (NULL: still running); `columns` lists
    (output column, the measures it adds up). One row per ticket with a piece, each column summed in whole
    microseconds (0 where none of its measures has a piece). -#}
{% macro zendesk_reference_business_minutes(durations, columns) %}
with _pieces as (

    {{ zendesk_schedule_pieces(durations, 'started_at', 'ended_at',
        last_period_ended_at='(select as_of_at from ' ~ ref('int_as_of') ~ ') + interval 1000 hour') }}

),

_timed as (

    {{ business_hours_clock_at('_pieces', 'schedule_id', ['piece_started_at', 'piece_ended_at']) }}

)

select
    ticket_id,
    {%- for column, measures in columns %}
    coalesce(sum(piece_ended_at_business_us - piece_started_at_business_us)
        filter (where measure in ('{{ measures | join("', '") }}')), 0)
        / 60000000.0 as {{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
from _timed
group by ticket_id
{%- endmacro %}
