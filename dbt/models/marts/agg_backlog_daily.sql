{#- Tickets open at the end of each day (reporting time zone; the last day is cut at the as-of time), by
    channel, status and age. A ticket is open while its status is new, open, pending or on_hold. -#}

with bounds as (

    select
        {{ reporting_date('min(created_at)') }} as first_day,
        {{ reporting_date('max(as_of_at)') }} as last_day,
        max(as_of_at) as as_of_at
    from {{ ref('fct_tickets') }}

),

days as (

    -- one snapshot instant per day: the end of the day, or the as-of time on the last day
    select
        cast(day_start as date) as date_day,
        least(
            {{ instant_at_local("'" ~ var("reporting_timezone", "UTC") ~ "'", 'cast(day_start as timestamp) + interval 1 day') }},
            bounds.as_of_at
        ) as snapshot_at
    from bounds,
        {{ range_series('cast(bounds.first_day as timestamp)', 'cast(bounds.last_day as timestamp) + interval 1 day', 'interval 1 day') }}
            as days(day_start)

),

open_spans as (

    select spans.ticket_id, spans.status, spans.started_at, spans.ended_at, spans.is_current,
        tickets.channel, tickets.created_at
    from {{ ref('int_ticket_status_spans') }} as spans
    inner join {{ ref('fct_tickets') }} as tickets on tickets.ticket_id = spans.ticket_id
    where spans.status in ('new', 'open', 'pending', 'on_hold')

),

open_at_snapshot as (

    select
        days.date_day,
        open_spans.channel,
        open_spans.status,
        {{ minutes_between('open_spans.created_at', 'days.snapshot_at') }} / {{ double_literal('1440.0') }} as age_days
    from days
    inner join open_spans
        on open_spans.started_at <= days.snapshot_at
        -- the current span is still open at the as-of time itself
        and (days.snapshot_at < open_spans.ended_at or open_spans.is_current)

)

select
    date_day,
    channel,
    status,
    case
        when age_days < 1 then '0-1d'
        when age_days < 3 then '1-3d'
        when age_days < 7 then '3-7d'
        when age_days < 30 then '7-30d'
        else '30d+'
    end as age_bucket,
    cast(count(*) as integer) as open_tickets
from open_at_snapshot
group by all
