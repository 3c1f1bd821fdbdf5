{#- The first instant business time is measured at (UTC): instants before it get NULL, since UTC-offset changes
    are enumerated from here (int_business_utc_offset_changes). -#}
{% macro business_hours_range_start_us() %}{{ epoch_us(timestamptz_literal('1970-01-01 00:00:00+00')) }}{% endmacro %}
