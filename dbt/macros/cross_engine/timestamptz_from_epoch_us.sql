{#- The instant (timestamptz) `expression` microseconds after 1970-01-01 00:00 UTC. -#}
{% macro timestamptz_from_epoch_us(expression) -%}
    {{ return(adapter.dispatch('timestamptz_from_epoch_us', 'helpdesk_metrics')(expression)) }}
{%- endmacro %}

{% macro default__timestamptz_from_epoch_us(expression) -%}
make_timestamptz({{ expression }})
{%- endmacro %}

{% macro spark__timestamptz_from_epoch_us(expression) -%}
timestamp_micros({{ expression }})
{%- endmacro %}
