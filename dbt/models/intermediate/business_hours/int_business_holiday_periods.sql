-- Holidays per schedule merged into non-overlapping local periods, with the business time each one takes
-- out of the schedule, so G (cumulative business time net of holidays) is one ASOF join away.

with holidays as (
    select schedule_id, start_local, end_local, name
    from {{ ref('int_business_holidays') }}
    where end_local > start_local
),

flagged as (
    select
        *,
        coalesce(
            start_local > max(end_local) over (
                partition by schedule_id order by start_local, end_local
                rows between unbounded preceding and 1 preceding
            ),
            true
        ) as opens_period
    from holidays
),

numbered as (
    select
        *,
        sum(cast(opens_period as integer)) over (
            partition by schedule_id order by start_local, end_local rows unbounded preceding
        ) as period_number
    from flagged
),

periods as (
    select
        schedule_id,
        min(start_local) as start_local,
        max(end_local) as end_local,
        {{ epoch_us('min(start_local)') }} as start_local_us,
        {{ epoch_us('max(end_local)') }} as end_local_us,
        {{ string_agg_ordered('name', "'; '", 'start_local, name') }} as holiday_names
    from numbered
    group by schedule_id, period_number
),

g0_start as (
    {{ business_hours_g0_us('periods', 'schedule_id', 'start_local_us', 'g0_at_start_us') }}
),

g0_both as (
    {{ business_hours_g0_us('g0_start', 'schedule_id', 'end_local_us', 'g0_at_end_us') }}
),

accumulated as (
    select
        *,
        g0_at_end_us - g0_at_start_us as business_us,
        cast(sum(g0_at_end_us - g0_at_start_us) over (
            partition by schedule_id order by start_local_us rows unbounded preceding
        ) as bigint) as cum_through_us
    from g0_both
),

valued as (
    select
        schedule_id,
        start_local,
        end_local,
        holiday_names,
        start_local_us,
        end_local_us,
        business_us,
        cum_through_us,
        g0_at_start_us - (cum_through_us - business_us) as g_at_start_us
    from accumulated
)

select
    *,
    row_number() over (partition by schedule_id, g_at_start_us order by start_local_us desc) = 1
        as is_inverse_candidate
from valued
