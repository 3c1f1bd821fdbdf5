{#- Exact elapsed minutes between two instants: elapsed microseconds / 60e6 (45 s -> 0.75).
    dbt.datediff('minute') counts minute boundaries crossed, which is not a duration; never use it here. -#}
{% macro minutes_between(start_at, end_at) -%}
    ({{ microseconds_between(start_at, end_at) }} / {{ double_literal('60000000.0') }})
{%- endmacro %}
