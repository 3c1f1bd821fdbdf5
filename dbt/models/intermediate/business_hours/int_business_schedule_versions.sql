-- Schedule versions in force one after another, and the constants that make G0 (cumulative business time
-- over local wall-clock time) continuous across them: G0(x) = offset_us + raw(x) inside a version, flat
-- between versions, 0 before the first dated version.

with versions as (
    select distinct schedule_id, valid_from, valid_to
    from {{ ref('int_business_schedules') }}
),

ordered as (
    select
        schedule_id,
        row_number() over (
            partition by schedule_id order by valid_from nulls first, valid_to nulls last
        ) as version_number,
        valid_from,
        -- a later version supersedes an earlier one from its valid_from on (least() skips NULLs)
        least(
            valid_to,
            lead(valid_from) over (partition by schedule_id order by valid_from nulls first, valid_to nulls last)
        ) as valid_to
    from versions
),

weekly as (
    select schedule_id, valid_from_us, cast(sum(end_us - start_us) as bigint) as weekly_us
    from {{ ref('int_business_week_intervals') }}
    group by schedule_id, valid_from_us
),

bounded as (
    select
        ordered.*,
        coalesce({{ epoch_us('cast(ordered.valid_from as timestamp)') }}, {{ business_hours_open_start_us() }})
            as valid_from_us,
        {{ epoch_us('cast(ordered.valid_from as timestamp)') }} as from_local_us,
        {{ epoch_us('cast(ordered.valid_to as timestamp)') }} as valid_to_us,
        coalesce(weekly.weekly_us, 0) as weekly_us
    from ordered
    left join weekly
        on weekly.schedule_id = ordered.schedule_id
        and weekly.valid_from_us = coalesce(
            {{ epoch_us('cast(ordered.valid_from as timestamp)') }}, {{ business_hours_open_start_us() }}
        )
),

raw_from as (
    {{ business_hours_week_raw_us('bounded', 'schedule_id', 'valid_from_us', 'weekly_us', 'from_local_us', 'raw_from_us') }}
),

raw_both as (
    {{ business_hours_week_raw_us('raw_from', 'schedule_id', 'valid_from_us', 'weekly_us', 'valid_to_us', 'raw_to_us') }}
),

spanned as (
    select
        *,
        -- business time inside the version (NULL when it never ends)
        raw_to_us - coalesce(raw_from_us, 0) as span_us
    from raw_both
),

accumulated as (
    select
        *,
        cast(coalesce(
            sum(span_us) over (
                partition by schedule_id order by version_number rows between unbounded preceding and 1 preceding
            ),
            0
        ) as bigint) as g0_before_us
    from spanned
),

valued as (
    select
        schedule_id,
        version_number,
        valid_from,
        valid_to,
        valid_from_us,
        valid_to_us,
        weekly_us,
        g0_before_us - coalesce(raw_from_us, 0) as offset_us,
        case when valid_from is null then {{ business_hours_open_start_us() }} else g0_before_us end as g0_at_from_us,
        g0_before_us + span_us as g0_at_to_us
    from accumulated
)

select
    *,
    row_number() over (partition by schedule_id, g0_at_from_us order by version_number desc) = 1
        as is_inverse_candidate
from valued
