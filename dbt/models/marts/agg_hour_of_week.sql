{#- The staffing heatmap: per channel, team, weekday and hour of the week (in the team's time zone; the
    reporting time zone for tickets without a team zone), arrivals per hour averaged over the weeks in range,
    first-response percentiles and SLA attainment of the tickets that arrived in that hour. Every hour of the
    week is present for every channel and team seen, with 0 arrivals where none came. -#}

with tickets as (

    select
        tickets.*,
        {{ local_timestamp("coalesce(teams.timezone, '" ~ var("reporting_timezone", "UTC") ~ "')", 'tickets.created_at') }}
            as created_local
    from {{ ref('fct_tickets') }} as tickets
    left join {{ ref('stg_helpdesk__teams') }} as teams
        on teams.team_id = tickets.team_id
        and teams.timezone is not null

),

range_weeks as (

    -- the length of the observed period in weeks: arrivals are averaged over it
    select
        greatest(
            {{ minutes_between('min(created_at)', 'max(as_of_at)') }} / (7 * 24 * {{ double_literal('60.0') }}),
            {{ double_literal('1.0') }} / (7 * 24)
        ) as weeks_in_range
    from tickets

),

first_response_slas as (

    select ticket_id, is_met, is_breached
    from {{ ref('fct_sla_events') }}
    where metric = 'first_response'

),

slots as (

    select
        tickets.channel,
        tickets.team_id,
        cast({{ isodow('tickets.created_local') }} as integer) as weekday,
        cast(hour(tickets.created_local) as integer) as hour_of_day,
        count(*) as arrivals,
        {{ quantile_cont('tickets.first_response_minutes', 0.5) }} as first_response_p50_minutes,
        {{ quantile_cont('tickets.first_response_minutes', 0.9) }} as first_response_p90_minutes,
        {{ quantile_cont('tickets.first_response_business_minutes', 0.5) }} as first_response_business_p50_minutes,
        avg(case when slas.is_met then {{ double_literal('1.0') }} else {{ double_literal('0.0') }} end) filter (where slas.is_met or slas.is_breached)
            as first_response_sla_attainment
    from tickets
    left join first_response_slas as slas on slas.ticket_id = tickets.ticket_id
    group by all

),

grid as (

    -- every hour of the week for every channel and team that had tickets: a heatmap has no holes
    select channels_teams.channel, channels_teams.team_id, weekdays.weekday, hours.hour_of_day
    from (select distinct channel, team_id from tickets) as channels_teams
    cross join (select cast(weekday as integer) as weekday from {{ range_series(1, 8, 1) }} as days(weekday)) as weekdays
    cross join (select cast(hour_of_day as integer) as hour_of_day from {{ range_series(0, 24, 1) }} as day_hours(hour_of_day)) as hours

)

select
    grid.channel,
    grid.team_id,
    grid.weekday,
    grid.hour_of_day,
    cast(coalesce(slots.arrivals, 0) as integer) as arrivals,
    coalesce(slots.arrivals, 0) / range_weeks.weeks_in_range as arrivals_per_hour,
    range_weeks.weeks_in_range,
    slots.first_response_p50_minutes,
    slots.first_response_p90_minutes,
    slots.first_response_business_p50_minutes,
    slots.first_response_sla_attainment
from grid
cross join range_weeks
left join slots
    on slots.channel = grid.channel
    and slots.team_id is not distinct from grid.team_id
    and slots.weekday = grid.weekday
    and slots.hour_of_day = grid.hour_of_day
