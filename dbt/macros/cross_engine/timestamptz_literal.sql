{#- An instant written as text with its offset, e.g. '2100-01-01 00:00:00+00'. -#}
{% macro timestamptz_literal(text) -%}
    {{ return(adapter.dispatch('timestamptz_literal', 'helpdesk_metrics')(text)) }}
{%- endmacro %}

{% macro default__timestamptz_literal(text) -%}
timestamptz '{{ text }}'
{%- endmacro %}

{% macro spark__timestamptz_literal(text) -%}
timestamp '{{ text }}'
{%- endmacro %}
