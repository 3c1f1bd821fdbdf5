{#- G0(x): cumulative business time at local time x across schedule versions, holidays ignored. -#}
{% macro business_hours_g0_us(relation, schedule_column, local_us_column, output_column) %}
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
    {{ asof_left_join(ref('int_business_schedule_versions'), '_bh_version',
        [('schedule_id', '_bh_src.' ~ adapter.quote(schedule_column))],
        '_bh_src.' ~ adapter.quote(local_us_column), '>=', 'valid_from_us') }}
)
{%- endset -%}
select
    {{ star_except('_bh_g0', ['_bh_valid_from_us', '_bh_valid_to_us', '_bh_weekly_us', '_bh_offset_us', '_bh_g0_at_to_us', '_bh_raw_us']) }},
    case
        when _bh_g0.{{ adapter.quote(local_us_column) }} is null then null
        -- before the first version (or no version at all): nothing has been business time yet
        when _bh_g0._bh_valid_from_us is null then cast(0 as bigint)
        -- after a version ends and before the next starts: flat at the version's end value
        when _bh_g0.{{ adapter.quote(local_us_column) }} >= _bh_g0._bh_valid_to_us then _bh_g0._bh_g0_at_to_us
        else _bh_g0._bh_offset_us + _bh_g0._bh_raw_us
    end as {{ adapter.quote(output_column) }}
from (
    {{ business_hours_week_raw_us(located, schedule_column, '_bh_valid_from_us', '_bh_weekly_us', local_us_column, '_bh_raw_us') }}
) as _bh_g0
{% endmacro %}
