{#- One row per day (reporting time zone) and channel with any activity. Ticket measures group tickets
    by the day they were created (their cohort); flow measures group events by the day they happened. -#}

with tickets as (

    select
        *,
        {{ reporting_date('created_at') }} as created_day
    from {{ ref('fct_tickets') }}

),

cohorts as (

    select
        created_day as date_day,
        channel,
        count(*) as tickets_created,
        count(*) filter (where is_answered) as tickets_answered,
        {{ mean_minutes("first_response_minutes") }} as first_response_mean_minutes,
        quantile_cont(first_response_minutes, 0.5) as first_response_p50_minutes,
        quantile_cont(first_response_minutes, 0.9) as first_response_p90_minutes,
        avg(case when is_resolved then 1.0 else 0.0 end) as resolution_rate,
        avg(case when reopen_count > 0 then 1.0 else 0.0 end) as reopen_rate,
        avg(case when is_one_touch then 1.0 else 0.0 end) as one_touch_rate,
        quantile_cont(full_resolution_minutes, 0.5) as full_resolution_p50_minutes,
        count(csat_score) as csat_responses,
        avg(csat_score) as csat_mean,
        avg(case when csat_score >= 4 then 1.0 else 0.0 end) filter (where csat_score is not null)
            as csat_satisfied_share
    from tickets
    group by all

),

first_resolutions as (

    select
        {{ reporting_date('first_resolved_at') }} as date_day,
        channel,
        count(*) as tickets_first_resolved
    from tickets
    where first_resolved_at is not null
    group by all

),

reply_cycles as (

    select
        {{ reporting_date('cycles.cycle_started_at') }} as date_day,
        tickets.channel,
        {{ mean_minutes("cycles.response_minutes") }} as avg_response_minutes
    from {{ ref('int_reply_cycles') }} as cycles
    inner join tickets on tickets.ticket_id = cycles.ticket_id
    group by all

),

active_days as (

    select date_day, channel from cohorts
    union
    select date_day, channel from first_resolutions
    union
    select date_day, channel from reply_cycles

)

select
    active_days.date_day,
    active_days.channel,
    cast(coalesce(cohorts.tickets_created, 0) as integer) as tickets_created,
    cast(coalesce(cohorts.tickets_answered, 0) as integer) as tickets_answered,
    cohorts.first_response_mean_minutes,
    cohorts.first_response_p50_minutes,
    cohorts.first_response_p90_minutes,
    cohorts.resolution_rate,
    cohorts.reopen_rate,
    cohorts.one_touch_rate,
    cohorts.full_resolution_p50_minutes,
    cast(coalesce(cohorts.csat_responses, 0) as integer) as csat_responses,
    cohorts.csat_mean,
    cohorts.csat_satisfied_share,
    cast(coalesce(first_resolutions.tickets_first_resolved, 0) as integer) as tickets_first_resolved,
    reply_cycles.avg_response_minutes
from active_days
left join cohorts using (date_day, channel)
left join first_resolutions using (date_day, channel)
left join reply_cycles using (date_day, channel)
