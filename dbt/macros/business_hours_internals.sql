{#-
  Building blocks of business-minute arithmetic (docs/business-hours.md explains the method). Everything is
  integer microseconds so sums and differences are exact; only business_minutes_at divides by 60e6.

  F(schedule, t)  = G(local(t)) + correction(t)     cumulative business time at instant t
  G(schedule, x)  = G0(x) - holiday time before x    over local wall-clock time x (flat inside a holiday)
  G0(schedule, x) = offset(version) + whole weeks * weekly time + time inside the week up to x
  correction(t)   = sum over UTC-offset changes before t of G(clock before) - G(clock after)
  Each step is one ASOF join on a small table, so every instant costs O(log k).

  The macros below take a relation (a CTE name or a parenthesised subquery) and return all its columns plus
  one output column; helper columns are prefixed _bh_ and removed again.
-#}

{#- Instants outside [1970-01-01, 2100-01-01) UTC get NULL: UTC-offset changes are enumerated in that range. -#}
{% macro business_hours_range_start_us() %}epoch_us(timestamptz '1970-01-01 00:00:00+00'){% endmacro %}
{% macro business_hours_range_end_us() %}epoch_us(timestamptz '2100-01-01 00:00:00+00'){% endmacro %}

{#- Weeks are counted in local wall-clock time from a Monday 00:00 (a naive timestamp: no DST inside). -#}
{% macro business_hours_week_anchor_us() %}epoch_us(timestamp '1969-12-29 00:00:00'){% endmacro %}
{% macro business_hours_week_us() %}cast(604800000000 as bigint){% endmacro %}

{#- An open valid_from sorts before every local time; a sentinel keeps ASOF keys non-NULL. -#}
{% macro business_hours_open_start_us() %}cast(-4611686018427387904 as bigint){% endmacro %}

{#- Floor division and modulo for BIGINT (DuckDB's // and % truncate towards zero). -#}
{% macro business_hours__floor_mod(a, b) %}((({{ a }}) % ({{ b }}) + ({{ b }})) % ({{ b }})){% endmacro %}
{% macro business_hours__floor_div(a, b) %}((({{ a }}) - {{ business_hours__floor_mod(a, b) }}) // ({{ b }})){% endmacro %}


{#- raw(x): business time of one schedule version's weekly pattern from the anchor to local time x.
    Needs the version's valid_from_us (key of its week intervals) and weekly_us on each row. -#}
{% macro business_hours__week_raw_us(relation, schedule_column, version_column, weekly_column, local_us_column, output_column) %}
{%- set local = '_bh_raw.' ~ adapter.quote(local_us_column) -%}
{%- set since_anchor = '_bh_located.' ~ adapter.quote(local_us_column) ~ ' - ' ~ business_hours_week_anchor_us() -%}
select
    _bh_raw.* exclude (_bh_weeks, _bh_position_us),
    case
        when {{ local }} is null or _bh_raw.{{ adapter.quote(version_column) }} is null then null
        else _bh_raw._bh_weeks * _bh_raw.{{ adapter.quote(weekly_column) }}
            + coalesce(
                _bh_week.cum_before_us
                + least(_bh_raw._bh_position_us - _bh_week.start_us, _bh_week.end_us - _bh_week.start_us),
                0
            )
    end as {{ adapter.quote(output_column) }}
from (
    select
        _bh_located.*,
        {{ business_hours__floor_div(since_anchor, business_hours_week_us()) }} as _bh_weeks,
        {{ business_hours__floor_mod(since_anchor, business_hours_week_us()) }} as _bh_position_us
    from {{ relation }} as _bh_located
) as _bh_raw
asof left join {{ ref('int_business_week_intervals') }} as _bh_week
    on _bh_week.schedule_id = _bh_raw.{{ adapter.quote(schedule_column) }}
    and _bh_week.valid_from_us = _bh_raw.{{ adapter.quote(version_column) }}
    and _bh_raw._bh_position_us >= _bh_week.start_us
{% endmacro %}


{#- G0(x): cumulative business time at local time x across schedule versions, holidays ignored. -#}
{% macro business_hours__g0_us(relation, schedule_column, local_us_column, output_column) %}
{%- set located -%}
(
    select
        _bh_src.*,
        _bh_version.valid_from_us as _bh_valid_from_us,
        _bh_version.valid_to_us as _bh_valid_to_us,
        _bh_version.weekly_us as _bh_weekly_us,
        _bh_version.offset_us as _bh_offset_us,
        _bh_version.g0_at_to_us as _bh_g0_at_to_us
    from {{ relation }} as _bh_src
    asof left join {{ ref('int_business_schedule_versions') }} as _bh_version
        on _bh_version.schedule_id = _bh_src.{{ adapter.quote(schedule_column) }}
        and _bh_src.{{ adapter.quote(local_us_column) }} >= _bh_version.valid_from_us
)
{%- endset -%}
select
    _bh_g0.* exclude (_bh_valid_from_us, _bh_valid_to_us, _bh_weekly_us, _bh_offset_us, _bh_g0_at_to_us, _bh_raw_us),
    case
        when _bh_g0.{{ adapter.quote(local_us_column) }} is null then null
        -- before the first version (or no version at all): nothing has been business time yet
        when _bh_g0._bh_valid_from_us is null then cast(0 as bigint)
        -- after a version ends and before the next starts: flat at the version's end value
        when _bh_g0.{{ adapter.quote(local_us_column) }} >= _bh_g0._bh_valid_to_us then _bh_g0._bh_g0_at_to_us
        else _bh_g0._bh_offset_us + _bh_g0._bh_raw_us
    end as {{ adapter.quote(output_column) }}
from (
    {{ business_hours__week_raw_us(located, schedule_column, '_bh_valid_from_us', '_bh_weekly_us', local_us_column, '_bh_raw_us') }}
) as _bh_g0
{% endmacro %}


{#- G(x): G0 minus the business time of holidays before x; flat inside a holiday period. -#}
{% macro business_hours__g_us(relation, schedule_column, local_us_column, output_column) %}
select
    _bh_g.* exclude (_bh_g0_us),
    case
        when _bh_g.{{ adapter.quote(local_us_column) }} is null then null
        when _bh_g.{{ adapter.quote(local_us_column) }} < _bh_holiday.end_local_us then _bh_holiday.g_at_start_us
        else _bh_g._bh_g0_us - coalesce(_bh_holiday.cum_through_us, 0)
    end as {{ adapter.quote(output_column) }}
from (
    {{ business_hours__g0_us(relation, schedule_column, local_us_column, '_bh_g0_us') }}
) as _bh_g
asof left join {{ ref('int_business_holiday_periods') }} as _bh_holiday
    on _bh_holiday.schedule_id = _bh_g.{{ adapter.quote(schedule_column) }}
    and _bh_g.{{ adapter.quote(local_us_column) }} >= _bh_holiday.start_local_us
{% endmacro %}


{#- F(t): cumulative business time at instant t (NULL for a NULL instant, an unknown schedule, or an
    instant outside the supported range), as one more column of `relation`: business_hours__clock over its one
    instant column, joined back by equality. Callers pass wide rows (a mart's every column), and carrying them
    through four ASOF joins cost more than the joins themselves. -#}
{% macro business_hours__f_us(relation, schedule_column, at_column, output_column) %}
select _bh_rows.*, _bh_clock.business_us as {{ adapter.quote(output_column) }}
from {{ relation }} as _bh_rows
left join (
    {{ business_hours__clock([(relation, schedule_column, at_column)]) }}
) as _bh_clock
    on _bh_clock.schedule_id = _bh_rows.{{ adapter.quote(schedule_column) }}
    and _bh_clock.instant_at = cast(_bh_rows.{{ adapter.quote(at_column) }} as timestamptz)
{% endmacro %}


{#- The business clock: F once per distinct (schedule, instant) over the instant columns a model reads it at.
        clock as ({{ business_hours__clock([('spans', 'schedule_id', 'started_at'),
                                             ('spans', 'schedule_id', 'ended_at')]) }})
    `sources` lists (relation, schedule column, instant column); the result has one row per distinct pair,
    columns schedule_id, instant_at (TIMESTAMPTZ) and business_us, and the model joins it back by equality once
    per instant column. One pass over the union costs one set of ASOF joins, and instants the columns share
    (a status span ends where the next begins) are computed once. Pairs with a NULL schedule or instant are
    left out: their F is NULL, which a left join back gives them. -#}
{% macro business_hours__clock(sources) %}
{%- set instants -%}
(
    select distinct schedule_id, instant_at
    from (
        {%- for relation, schedule_column, at_column in sources %}
        select
            {{ adapter.quote(schedule_column) }} as schedule_id,
            cast({{ adapter.quote(at_column) }} as timestamptz) as instant_at
        from {{ relation }}
        where {{ adapter.quote(schedule_column) }} is not null and {{ adapter.quote(at_column) }} is not null
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    )
)
{%- endset -%}
{{ business_hours__f_us_each(instants, 'schedule_id', 'instant_at', 'business_us') }}
{% endmacro %}


{#- F(t) row by row: four ASOF joins that carry every column of `relation`, so only for a narrow relation of
    distinct (schedule, instant) rows (business_hours__clock). -#}
{% macro business_hours__f_us_each(relation, schedule_column, at_column, output_column) %}
{%- set at_us = 'epoch_us(cast(_bh_src.' ~ adapter.quote(at_column) ~ ' as timestamptz))' -%}
{%- set located -%}
(
    select
        _bh_src.*,
        case when {{ at_us }} < _bh_segment.segment_end_us then {{ at_us }} + _bh_segment.utc_offset_us end
            as _bh_local_us,
        _bh_segment.correction_us as _bh_correction_us
    from {{ relation }} as _bh_src
    asof left join {{ ref('int_business_time_segments') }} as _bh_segment
        on _bh_segment.schedule_id = _bh_src.{{ adapter.quote(schedule_column) }}
        and {{ at_us }} >= _bh_segment.segment_start_us
)
{%- endset -%}
select
    _bh_f.* exclude (_bh_local_us, _bh_correction_us, _bh_g_us),
    _bh_f._bh_g_us + _bh_f._bh_correction_us as {{ adapter.quote(output_column) }}
from (
    {{ business_hours__g_us(located, schedule_column, '_bh_local_us', '_bh_g_us') }}
) as _bh_f
{% endmacro %}


{#- The UTC offset of a time zone at an instant, in microseconds (local wall clock minus UTC). -#}
{% macro business_hours__utc_offset_us(timezone, at_us) %}(epoch_us(timezone({{ timezone }}, make_timestamptz({{ at_us }}))) - ({{ at_us }})){% endmacro %}
