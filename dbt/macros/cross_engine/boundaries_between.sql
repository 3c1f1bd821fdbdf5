{#- How many `unit` ('second' or 'minute') boundaries lie between `start_at` and `end_at` (instants, naive
    timestamps or dates; an integer), as DuckDB's date_diff counts them: 10:00:59.9 to 10:01:00 is one minute,
    10:00:00 to 10:00:59.9 none. Spark's timestampdiff counts whole units elapsed instead. -#}
{% macro boundaries_between(unit, start_at, end_at) -%}
    {{ return(adapter.dispatch('boundaries_between', 'helpdesk_metrics')(unit, start_at, end_at)) }}
{%- endmacro %}

{% macro default__boundaries_between(unit, start_at, end_at) -%}
date_diff('{{ unit }}', {{ start_at }}, {{ end_at }})
{%- endmacro %}

{#- Each side's microseconds since the epoch, floored to the unit (pmod, so before 1970 too), then subtracted. -#}
{% macro spark__boundaries_between(unit, start_at, end_at) -%}
{%- set unit_us = {'second': 1000000, 'minute': 60000000}[unit] -%}
{%- set floored = "((unix_micros(cast({0} as timestamp)) - pmod(unix_micros(cast({0} as timestamp)), {1})) div {1})" -%}
({{ floored.format(end_at, unit_us) }} - {{ floored.format(start_at, unit_us) }})
{%- endmacro %}
