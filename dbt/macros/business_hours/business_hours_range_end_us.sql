{#- The end (exclusive, UTC) of the range business time is measured in: instants from here on get NULL, since
    UTC-offset changes are enumerated up to here (int_business_utc_offset_changes). -#}
{% macro business_hours_range_end_us() %}{{ epoch_us(timestamptz_literal('2100-01-01 00:00:00+00')) }}{% endmacro %}
