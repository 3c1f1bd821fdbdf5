{#- Microseconds since 1970-01-01 00:00 UTC of an instant (timestamptz), or of a naive timestamp read as UTC. -#}
{% macro epoch_us(expression) -%}
    {{ return(adapter.dispatch('epoch_us', 'helpdesk_metrics')(expression)) }}
{%- endmacro %}

{% macro default__epoch_us(expression) -%}
epoch_us({{ expression }})
{%- endmacro %}

{#- The session time zone is UTC (profiles.yml), so a timestamp_ntz casts to the instant of the same wall clock in UTC. -#}
{% macro spark__epoch_us(expression) -%}
unix_micros(cast({{ expression }} as timestamp))
{%- endmacro %}
