{#- Elapsed microseconds from instant `start_at` to instant `end_at` (an integer). -#}
{% macro microseconds_between(start_at, end_at) -%}
    {{ return(adapter.dispatch('microseconds_between', 'helpdesk_metrics')(start_at, end_at)) }}
{%- endmacro %}

{% macro default__microseconds_between(start_at, end_at) -%}
date_diff('microsecond', {{ start_at }}, {{ end_at }})
{%- endmacro %}

{% macro spark__microseconds_between(start_at, end_at) -%}
(unix_micros({{ end_at }}) - unix_micros({{ start_at }}))
{%- endmacro %}
