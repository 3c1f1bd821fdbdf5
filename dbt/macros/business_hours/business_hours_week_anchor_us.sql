{#- Weeks are counted in local wall-clock time from this Monday 00:00 (a naive timestamp: no DST inside). -#}
{% macro business_hours_week_anchor_us() %}{{ epoch_us("timestamp '1969-12-29 00:00:00'") }}{% endmacro %}
