{#- F(t) row by row: four ASOF joins that carry every column of `relation`, so only for a narrow relation of
    distinct (schedule, instant) rows (business_hours_clock). -#}
{% macro business_hours_f_us_each(relation, schedule_column, at_column, output_column) %}
{%- set at_us = epoch_us('cast(_bh_src.' ~ adapter.quote(at_column) ~ ' as ' ~ type_timestamptz() ~ ')') -%}
{%- set located -%}
(
    select
        _bh_src.*,
        case when {{ at_us }} < _bh_segment.segment_end_us then {{ at_us }} + _bh_segment.utc_offset_us end
            as _bh_local_us,
        _bh_segment.correction_us as _bh_correction_us
    from {{ relation }} as _bh_src
    {{ asof_left_join(ref('int_business_time_segments'), '_bh_segment',
        [('schedule_id', '_bh_src.' ~ adapter.quote(schedule_column))], at_us, '>=', 'segment_start_us') }}
)
{%- endset -%}
select
    {{ star_except('_bh_f', ['_bh_local_us', '_bh_correction_us', '_bh_g_us']) }},
    _bh_f._bh_g_us + _bh_f._bh_correction_us as {{ adapter.quote(output_column) }}
from (
    {{ business_hours_g_us(located, schedule_column, '_bh_local_us', '_bh_g_us') }}
) as _bh_f
{% endmacro %}
