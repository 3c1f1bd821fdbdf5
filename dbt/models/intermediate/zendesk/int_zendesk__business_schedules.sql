{#- The account's Zendesk schedules as rows of the business_schedules seed (docs/business-hours.md), so one
    business-hours engine measures them: Zendesk keeps a weekly open interval as minutes from Sunday 00:00
    local time; ours is one row per local day it touches (ISO weekday, 'HH:MM', '24:00' ends a day), in the
    IANA zone Rails maps Zendesk's zone name to (seed zendesk_time_zones). A zone Zendesk does not have, or
    an interval outside one week, stops the build with the schedule named. -#}

with schedules as (

    select
        cast(schedule.schedule_id as string) as schedule_id,
        schedule.time_zone,
        cast(schedule.start_time as integer) as start_minute,
        cast(schedule.end_time as integer) as end_minute,
        coalesce(
            zones.timezone,
            -- an IANA name already
            case when schedule.time_zone like '%/%' then schedule.time_zone end,
            {{ raise_error("'Zendesk schedule ' || schedule.schedule_id || ': unknown time zone ''' || schedule.time_zone || ''''") }}
        ) as timezone
    from {{ ref('stg_zendesk__schedule') }} as schedule
    left join {{ ref('zendesk_time_zones') }} as zones on zones.zendesk_time_zone = schedule.time_zone

),

checked as (

    select
        *,
        case
            when start_minute >= 0 and start_minute < end_minute and end_minute <= 7 * 1440 then true
            else {{ raise_error("'Zendesk schedule ' || schedule_id || ': interval ' || start_minute || '..' || end_minute
                       || ' is not inside one week'") }}
        end as is_inside_one_week
    from schedules

),

-- day 0 is Sunday, as Zendesk counts
days as (

    select
        checked.schedule_id,
        checked.timezone,
        day.number as day_number,
        greatest(checked.start_minute, day.number * 1440) - day.number * 1440 as start_minute_of_day,
        least(checked.end_minute, (day.number + 1) * 1440) - day.number * 1440 as end_minute_of_day
    from checked
    cross join {{ generate_series(0, 6) }} as day(number)
    where checked.is_inside_one_week
        and checked.start_minute < (day.number + 1) * 1440
        and checked.end_minute > day.number * 1440

)

select
    schedule_id,
    timezone,
    cast(case when day_number = 0 then 7 else day_number end as integer) as weekday,
    lpad(cast({{ integer_divide('start_minute_of_day', '60') }} as string), 2, '0') || ':' || lpad(cast(start_minute_of_day % 60 as string), 2, '0')
        as start_local,
    lpad(cast({{ integer_divide('end_minute_of_day', '60') }} as string), 2, '0') || ':' || lpad(cast(end_minute_of_day % 60 as string), 2, '0')
        as end_local,
    -- Zendesk's schedule table holds the current hours only
    cast(null as date) as valid_from,
    cast(null as date) as valid_to
from days
