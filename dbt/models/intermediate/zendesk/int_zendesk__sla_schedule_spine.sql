{#- The reference's weekly schedule spine, on which its business-hours SLAs count (under var zendesk_compat;
    docs/zendesk-parity.md, rules H and T): each open interval of a schedule as UTC minutes from Sunday 00:00,
    valid over a range of Sunday-based (UTC) weeks [valid_from, valid_until). The offset of a range is the zone's
    (time_zone, daylight_time) from the day of a daylight-saving change on; in a week that holds a holiday the
    intervals that overlap it (its days in local time) are missing, the others valid for that week alone. An
    interval that crosses the week's edge in UTC is split in two. As the reference, a holiday marked deleted
    still counts, and a holiday of several weeks is cut at each Sunday.
    A zone the account's time_zone table lacks (a zendesk_api delivery has none) takes the offsets of the IANA
    zone its schedules' zone maps to (int_zendesk__business_schedules), as the Fivetran connector's tables hold
    them: the standard offset, and each daylight-saving period that starts in the six years either side of the
    as-of year, from the instants DuckDB's time zone data changes the zone's offset (found to the quarter hour:
    a change is on a day whose UTC midnights differ in offset). -#}
with as_of as (

    select as_of_at from {{ ref('int_zendesk__as_of') }}

),

derived_zones as (

    select distinct schedules.time_zone, business.timezone
    from {{ ref('stg_zendesk__schedule') }} as schedules
    inner join {{ ref('int_zendesk__business_schedules') }} as business
        on business.schedule_id = cast(schedules.schedule_id as string)
    where not exists (
        select 1 from {{ ref('stg_zendesk__time_zone') }} as zones where lower(zones.time_zone) = lower(schedules.time_zone)
    )

),

-- the zone's offset at each UTC midnight from six years before the as-of year to the end of six years after
-- (and one more, where the last period ends)
midnights as (

    select
        derived_zones.time_zone,
        derived_zones.timezone,
        midnight,
        {{ boundaries_between('minute', local_timestamp("'UTC'", 'midnight'),
            local_timestamp('derived_zones.timezone', 'midnight')) }} as offset_minutes
    from derived_zones
    cross join (
        select cast(make_date(year(as_of_at) - 6, 1, 1) as {{ type_timestamptz() }})
            + {{ interval_of('cast(day as integer)', 'day') }} as midnight
        from as_of
        cross join range(0, 14 * 366) as days(day)
        where cast(make_date(year(as_of_at) - 6, 1, 1) as {{ type_timestamptz() }})
            + {{ interval_of('cast(day as integer)', 'day') }}
            < cast(make_date(year(as_of_at) + 8, 1, 1) as {{ type_timestamptz() }})
    )

),

-- each change of offset: the earliest quarter hour with the new offset in the day before the midnight that has it
changes as (

    select time_zone, min(changed_at) as changed_at, offset_minutes
    from (
        select
            changed.time_zone,
            changed.midnight,
            changed.offset_minutes,
            changed.midnight - {{ interval_of('cast(quarter * 15 as integer)', 'minute') }} as changed_at,
            changed.timezone
        from (
            select *, lag(offset_minutes) over (partition by time_zone order by midnight) as previous_offset_minutes
            from midnights
        ) as changed
        cross join range(0, 96) as quarters(quarter)
        where changed.offset_minutes != changed.previous_offset_minutes
    )
    where {{ boundaries_between('minute', local_timestamp("'UTC'", 'changed_at'), local_timestamp('timezone', 'changed_at')) }}
        = offset_minutes
    group by time_zone, midnight, offset_minutes

),

derived_standard as (

    select time_zone, min(offset_minutes) as standard_offset_minutes
    from midnights
    group by time_zone

),

-- a period with more than the standard offset, from its change to the next
derived_daylight as (

    select *
    from (
        select
            changes.time_zone,
            changes.changed_at as daylight_start_utc,
            lead(changes.changed_at) over (partition by changes.time_zone order by changes.changed_at) as daylight_end_utc,
            changes.offset_minutes - derived_standard.standard_offset_minutes as daylight_offset_minutes
        from changes
        inner join derived_standard on derived_standard.time_zone = changes.time_zone
    )
    where daylight_offset_minutes > 0
        and year(daylight_start_utc) <= (select year(as_of_at) + 6 from as_of)

),

daylight as (

    select
        zones.time_zone,
        zones.standard_offset_minutes,
        daylight.daylight_start_utc,
        daylight.daylight_end_utc,
        daylight.daylight_offset_minutes,
        lag(daylight.daylight_end_utc) over (
            partition by zones.time_zone order by daylight.daylight_end_utc
        ) as previous_daylight_end_utc
    from (
        select time_zone, standard_offset_minutes from {{ ref('stg_zendesk__time_zone') }}
        union all
        select time_zone, standard_offset_minutes from derived_standard
    ) as zones
    left join (
        select time_zone, daylight_start_utc, daylight_end_utc, daylight_offset_minutes
        from {{ ref('stg_zendesk__daylight_time') }}
        union all
        select time_zone, daylight_start_utc, daylight_end_utc, daylight_offset_minutes from derived_daylight
    ) as daylight on daylight.time_zone = zones.time_zone

),

-- standard time between two daylight-saving periods (to a year past now when there is none), and each one
zone_offsets as (

    select
        time_zone,
        standard_offset_minutes as offset_minutes,
        coalesce(previous_daylight_end_utc, {{ timestamptz_literal('1970-01-01') }}) as valid_from,
        coalesce(daylight_start_utc, cast(cast((select as_of_at from as_of) + interval 1 year as date) as {{ type_timestamptz() }}))
            as valid_until
    from daylight
    union all
    select time_zone, standard_offset_minutes + daylight_offset_minutes, daylight_start_utc, daylight_end_utc
    from daylight
    where daylight_offset_minutes is not null
    union all
    -- a zone whose daylight saving has stopped: standard time from its last end on
    select
        time_zone,
        standard_offset_minutes,
        max(daylight_end_utc),
        cast(cast((select as_of_at from as_of) + interval 1 year as date) as {{ type_timestamptz() }})
    from daylight
    group by time_zone, standard_offset_minutes
    having cast(max(daylight_end_utc) as date) < cast((select as_of_at from as_of) as date)

),

schedule_offsets as (

    select
        schedules.schedule_id,
        schedules.start_time - coalesce(zone_offsets.offset_minutes, 0) as start_time_utc,
        schedules.end_time - coalesce(zone_offsets.offset_minutes, 0) as end_time_utc,
        coalesce(zone_offsets.offset_minutes, 0) as offset_minutes,
        cast(zone_offsets.valid_from as date) as schedule_valid_from,
        cast(zone_offsets.valid_until as date) as schedule_valid_until,
        {{ zendesk_sunday('zone_offsets.valid_from') }} as schedule_starting_sunday,
        {{ zendesk_sunday('zone_offsets.valid_until') }} as schedule_ending_sunday
    from {{ ref('stg_zendesk__schedule') }} as schedules
    left join zone_offsets on lower(zone_offsets.time_zone) = lower(schedules.time_zone)

),

holidays as (

    select
        schedule_id,
        holiday_name,
        cast(holiday_start_date_at as date) as holiday_from,
        cast(holiday_end_date_at as date) as holiday_until,
        {{ zendesk_sunday('holiday_start_date_at') }} as holiday_starting_sunday,
        {{ zendesk_sunday('holiday_end_date_at + interval 7 day') }} as holiday_ending_sunday,
        cast(floor({{ days_between('cast(holiday_start_date_at as date)', 'cast(holiday_end_date_at as date)') }} / 7) as integer) + 1
            as weeks_spanned
    from {{ ref('stg_zendesk__schedule_holiday') }}

),

-- a holiday of several weeks as one piece per week (its first from its first day, its last to its last)
holiday_weeks as (

    select schedule_id, holiday_name, holiday_from, holiday_until, holiday_starting_sunday, holiday_ending_sunday
    from holidays
    where weeks_spanned = 1
    union all
    select
        schedule_id,
        holiday_name,
        case when week = 1 then holiday_from else holiday_starting_sunday + (week - 1) * 7 end,
        case when week = weeks_spanned then holiday_until else holiday_starting_sunday + week * 7 - 1 end,
        case when week = 1 then holiday_starting_sunday else holiday_starting_sunday + (week - 1) * 7 end,
        case when week = weeks_spanned then holiday_ending_sunday else holiday_starting_sunday + week * 7 end
    from holidays
    cross join (select cast(week as integer) as week from range(1, 53) as numbers(week)) as weeks
    where weeks_spanned > 1 and week <= weeks_spanned

),

-- each holiday week bounds the range before it ('0_gap', dated its first day) and its own ('1_holiday')
holiday_bounds as (

    select *, holiday_from as holiday_date, '0_gap' as bound from holiday_weeks
    union all
    select *, holiday_until, '1_holiday' from holiday_weeks

),

bounded as (

    select
        schedule_offsets.*,
        holiday_bounds.holiday_name,
        holiday_bounds.holiday_from,
        holiday_bounds.holiday_until,
        holiday_bounds.holiday_starting_sunday,
        holiday_bounds.holiday_ending_sunday,
        holiday_bounds.holiday_date,
        holiday_bounds.bound,
        row_number() over interval_bounds as bound_number,
        count(*) over (partition by schedule_offsets.schedule_id, start_time_utc, schedule_valid_from) as bounds
    from schedule_offsets
    left join holiday_bounds
        on holiday_bounds.schedule_id = schedule_offsets.schedule_id
        and holiday_bounds.holiday_date >= schedule_offsets.schedule_valid_from
        and holiday_bounds.holiday_date < schedule_offsets.schedule_valid_until
    window interval_bounds as (
        partition by schedule_offsets.schedule_id, start_time_utc, schedule_valid_from
        order by holiday_bounds.holiday_date, holiday_bounds.bound
    )

),

-- the first bound starts the offset's range, a last one (a copy of the last row) ends it
bounds_with_end as (

    select
        {{ star_except('bounded', ['bound', 'bound_number']) }},
        case when bound_number = 1 and bound is not null then 'partition_start' else bound end as bound,
        bound_number
    from bounded
    union all
    select {{ star_except('bounded', ['bound', 'bound_number']) }}, 'partition_end' as bound, bounds + 1 as bound_number
    from bounded
    where bounds > 1 and bound_number = bounds

),

ranges as (

    select
        *,
        case bound
            when '0_gap' then lag(holiday_ending_sunday) over interval_bounds
            when '1_holiday' then holiday_starting_sunday
            when 'partition_end' then holiday_ending_sunday
            else schedule_starting_sunday
        end as valid_from,
        case bound
            when 'partition_start' then holiday_starting_sunday
            when '0_gap' then lead(holiday_starting_sunday) over interval_bounds
            when '1_holiday' then holiday_ending_sunday
            else schedule_ending_sunday
        end as valid_until
    from bounds_with_end
    window interval_bounds as (partition by schedule_id, start_time_utc, schedule_valid_from order by bound_number)

),

-- in a holiday's range, whether the interval overlaps the holiday's local days (in UTC minutes of its week)
holiday_overlaps as (

    select
        schedule_id,
        valid_from,
        valid_until,
        start_time_utc,
        end_time_utc,
        case
            when bound = '1_holiday'
                and start_time_utc
                    < {{ boundaries_between('minute', 'holiday_starting_sunday', 'holiday_until') }} + 1440 - offset_minutes
                and end_time_utc
                    > {{ boundaries_between('minute', 'holiday_starting_sunday', 'holiday_from') }} - offset_minutes
                then holiday_name
        end as holiday_name
    from ranges
    where not (valid_from >= valid_until and holiday_date is not null)

),

-- an interval is kept for a range only when none of the range's holidays overlaps it
kept as (

    select schedule_id, valid_from, valid_until, start_time_utc, end_time_utc
    from holiday_overlaps
    group by schedule_id, valid_from, valid_until, start_time_utc, end_time_utc
    having count(*) filter (where holiday_name is not null) = 0

)

select schedule_id, valid_from, valid_until, greatest(start_time_utc, 0) as start_time_utc,
    least(end_time_utc, 10080) as end_time_utc
from kept
union all
-- the part of an interval before Sunday 00:00 UTC, at the end of the week
select schedule_id, valid_from, valid_until, 10080 + start_time_utc, 10080
from kept
where start_time_utc < 0
union all
-- the part after the next Sunday 00:00 UTC, at the start of the week
select schedule_id, valid_from, valid_until, 0, end_time_utc - 10080
from kept
where end_time_utc > 10080
