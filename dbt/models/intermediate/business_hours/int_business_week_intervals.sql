-- The weekly pattern of each schedule version as positions in a Monday-00:00-based local week, with
-- overlapping or touching intervals merged and the business time of the week before each interval.
{%- set minute_of_day = "cast(split_part({0}, ':', 1) as bigint) * 60 + cast(split_part({0}, ':', 2) as bigint)" %}

with intervals as (
    select
        schedule_id,
        valid_from,
        coalesce({{ epoch_us('cast(valid_from as timestamp)') }}, {{ business_hours_open_start_us() }}) as valid_from_us,
        ((weekday - 1) * 1440 + {{ minute_of_day.format('start_local') }}) * 60000000 as start_us,
        ((weekday - 1) * 1440 + {{ minute_of_day.format('end_local') }}) * 60000000 as end_us
    from {{ ref('int_business_schedules') }}
),

flagged as (
    select
        *,
        coalesce(
            start_us > max(end_us) over (
                partition by schedule_id, valid_from_us order by start_us, end_us
                rows between unbounded preceding and 1 preceding
            ),
            true
        ) as opens_interval
    from intervals
    where end_us > start_us
),

numbered as (
    select
        *,
        sum(cast(opens_interval as integer)) over (
            partition by schedule_id, valid_from_us order by start_us, end_us rows unbounded preceding
        ) as interval_number
    from flagged
),

merged as (
    select schedule_id, valid_from, valid_from_us, min(start_us) as start_us, max(end_us) as end_us
    from numbered
    group by schedule_id, valid_from, valid_from_us, interval_number
)

select
    schedule_id,
    valid_from,
    valid_from_us,
    cast({{ integer_divide('start_us', '86400000000') }} + 1 as integer) as weekday,
    start_us,
    end_us,
    cast(coalesce(
        sum(end_us - start_us) over (
            partition by schedule_id, valid_from_us order by start_us
            rows between unbounded preceding and 1 preceding
        ),
        0
    ) as bigint) as cum_before_us
from merged
