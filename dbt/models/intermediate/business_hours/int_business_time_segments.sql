-- Per schedule, the stretches of UTC time with one UTC offset (from 1970 to 2100), and the DST correction
-- that turns G over the local wall clock into F over real time: F(t) = G(t + utc_offset) + correction.
-- At each change the wall clock jumps from clock_before to clock_after; business time that G counts between
-- the two (spring forward) never elapsed, and business time the clock repeats (fall back) elapsed twice, so
-- the correction grows by G(clock_before) - G(clock_after) in both cases.

with zones as (
    select schedule_id, timezone
    from {{ ref('int_business_schedule_zones') }}
),

segment_starts as (
    select
        schedule_id,
        {{ business_hours_range_start_us() }} as segment_start_us,
        {{ business_hours_utc_offset_us('timezone', business_hours_range_start_us()) }} as utc_offset_us,
        cast(null as bigint) as clock_before_us
    from zones
    union all
    select
        zones.schedule_id,
        changes.changed_at_us,
        changes.offset_after_us,
        changes.changed_at_us + changes.offset_before_us
    from zones
    inner join {{ ref('int_business_utc_offset_changes') }} as changes on changes.timezone = zones.timezone
),

clocked as (
    select *, segment_start_us + utc_offset_us as clock_at_start_us
    from segment_starts
),

g_at_start as (
    {{ business_hours_g_us('clocked', 'schedule_id', 'clock_at_start_us', 'g_at_start_us') }}
),

g_both as (
    {{ business_hours_g_us('g_at_start', 'schedule_id', 'clock_before_us', 'g_before_us') }}
),

corrected as (
    select
        *,
        cast(sum(coalesce(g_before_us - g_at_start_us, 0)) over (
            partition by schedule_id order by segment_start_us rows unbounded preceding
        ) as bigint) as correction_us,
        lead(segment_start_us, 1, {{ business_hours_range_end_us() }}) over (
            partition by schedule_id order by segment_start_us
        ) as segment_end_us
    from g_both
),

valued as (
    select
        schedule_id,
        {{ timestamptz_from_epoch_us('segment_start_us') }} as segment_start_at,
        segment_start_us,
        segment_end_us,
        utc_offset_us,
        correction_us,
        g_at_start_us + correction_us as f_at_start_us
    from corrected
)

select
    *,
    row_number() over (partition by schedule_id, f_at_start_us order by segment_start_us desc) = 1
        as is_inverse_candidate
from valued
