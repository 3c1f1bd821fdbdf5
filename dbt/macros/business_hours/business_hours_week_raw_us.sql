{#- raw(x): business time of one schedule version's weekly pattern from the anchor to local time x.
    Needs the version's valid_from_us (key of its week intervals) and weekly_us on each row. -#}
{% macro business_hours_week_raw_us(relation, schedule_column, version_column, weekly_column, local_us_column, output_column) %}
{%- set local = '_bh_raw.' ~ adapter.quote(local_us_column) -%}
{%- set since_anchor = '_bh_located.' ~ adapter.quote(local_us_column) ~ ' - ' ~ business_hours_week_anchor_us() -%}
select
    {{ star_except('_bh_raw', ['_bh_weeks', '_bh_position_us']) }},
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
        {{ business_hours_floor_div(since_anchor, business_hours_week_us()) }} as _bh_weeks,
        {{ business_hours_floor_mod(since_anchor, business_hours_week_us()) }} as _bh_position_us
    from {{ relation }} as _bh_located
) as _bh_raw
{{ asof_left_join(ref('int_business_week_intervals'), '_bh_week',
    [('schedule_id', '_bh_raw.' ~ adapter.quote(schedule_column)), ('valid_from_us', '_bh_raw.' ~ adapter.quote(version_column))],
    '_bh_raw._bh_position_us', '>=', 'start_us') }}
{% endmacro %}
