{#- G(x): G0 minus the business time of holidays before x; flat inside a holiday period. -#}
{% macro business_hours_g_us(relation, schedule_column, local_us_column, output_column) %}
select
    {{ star_except('_bh_g', ['_bh_g0_us']) }},
    case
        when _bh_g.{{ adapter.quote(local_us_column) }} is null then null
        when _bh_g.{{ adapter.quote(local_us_column) }} < _bh_holiday.end_local_us then _bh_holiday.g_at_start_us
        else _bh_g._bh_g0_us - coalesce(_bh_holiday.cum_through_us, 0)
    end as {{ adapter.quote(output_column) }}
from (
    {{ business_hours_g0_us(relation, schedule_column, local_us_column, '_bh_g0_us') }}
) as _bh_g
{{ asof_left_join(ref('int_business_holiday_periods'), '_bh_holiday',
    [('schedule_id', '_bh_g.' ~ adapter.quote(schedule_column))],
    '_bh_g.' ~ adapter.quote(local_us_column), '>=', 'start_local_us') }}
{% endmacro %}
