{#- The headline numbers per channel, team and week, with the change from the calendar week before (NULL
    when that week had no activity for the channel and team). -#}

{%- set headline = [
    'tickets_created',
    'first_response_p50_minutes',
    'first_response_business_p50_minutes',
    'avg_response_minutes',
    'resolution_rate',
    'first_response_sla_attainment',
    'csat_mean',
] %}

with weekly as (

    select * from {{ ref('agg_channel_team_weekly') }}

)

select
    this_week.week_start,
    this_week.channel,
    this_week.team_id,
    {%- for column in headline %}
    this_week.{{ column }},
    this_week.{{ column }} - previous_week.{{ column }} as {{ column }}_change{{ ',' if not loop.last }}
    {%- endfor %}
from weekly as this_week
left join weekly as previous_week
    on previous_week.week_start = this_week.week_start - interval 7 day
    and previous_week.channel = this_week.channel
    and previous_week.team_id is not distinct from this_week.team_id
