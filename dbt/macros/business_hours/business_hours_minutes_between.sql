{#- Business minutes between two instants whose cumulative business time (integer microseconds, from
    business_hours_clock_at) is known: exact and independent of summation order. -#}
{% macro business_hours_minutes_between(start_business_us, end_business_us) -%}
    (({{ end_business_us }} - {{ start_business_us }}) / {{ double_literal('60000000.0') }})
{%- endmacro %}
