{#- An open valid_from sorts before every local time; a sentinel keeps ASOF keys non-NULL. -#}
{% macro business_hours_open_start_us() %}cast(-4611686018427387904 as bigint){% endmacro %}
