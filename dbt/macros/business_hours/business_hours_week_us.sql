{#- One week of local wall-clock time in microseconds (weeks counted from business_hours_week_anchor_us). -#}
{% macro business_hours_week_us() %}cast(604800000000 as bigint){% endmacro %}
