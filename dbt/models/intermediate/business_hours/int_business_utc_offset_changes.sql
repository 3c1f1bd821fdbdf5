-- Every change of UTC offset of every schedule time zone between 1970 and 2100, exact to the second.
-- DuckDB (ICU) converts instants but does not list transitions, so they are found by sampling the offset
-- every three days (since 1970 no zone in tzdata changes twice within six days, so a window holds at most
-- one change) and narrowing each window with a change to the hour, the minute and the second:
-- 72 + 60 + 60 conversions per change, no time spine.
{%- set sample_us = 3 * 86400000000 %}
{#- (step, steps per window): three days -> hours -> minutes -> seconds -#}
{%- set refinements = [(3600000000, 72), (60000000, 60), (1000000, 60)] %}

with zones as (
    select distinct timezone
    from {{ ref('int_business_schedule_zones') }}
),

sampled as (
    select
        zones.timezone,
        sample.at_us,
        {{ business_hours_utc_offset_us('zones.timezone', 'sample.at_us') }} as offset_us
    from zones
    cross join {{ generate_series(
        business_hours_range_start_us(), business_hours_range_end_us() ~ ' + ' ~ sample_us, sample_us
    ) }} as sample(at_us)
),

-- the first sampled instant with the new offset: the change lies in the window before it
changed_0 as (
    select timezone, offset_before_us, offset_us as offset_after_us, at_us as changed_at_us
    from (
        select *, lag(offset_us) over (partition by timezone order by at_us) as offset_before_us
        from sampled
    )
    where offset_us <> offset_before_us
),

{%- for step_us, steps in refinements %}

changed_{{ loop.index }} as (
    select timezone, offset_before_us, offset_after_us, min(candidate_us) as changed_at_us
    from (
        select
            changed.timezone,
            changed.offset_before_us,
            changed.offset_after_us,
            changed.changed_at_us as window_end_us,
            changed.changed_at_us - {{ step_us * steps }} + step.number * {{ step_us }} as candidate_us
        from changed_{{ loop.index0 }} as changed
        cross join {{ generate_series(1, steps) }} as step(number)
    )
    where {{ business_hours_utc_offset_us('timezone', 'candidate_us') }} <> offset_before_us
    group by timezone, offset_before_us, offset_after_us, window_end_us
){{ "," if not loop.last }}
{%- endfor %}

select
    timezone,
    {{ timestamptz_from_epoch_us('changed_at_us') }} as changed_at,
    changed_at_us,
    offset_before_us,
    offset_after_us
from changed_{{ refinements | length }}
where changed_at_us < {{ business_hours_range_end_us() }}
