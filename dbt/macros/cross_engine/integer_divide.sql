{#- Integer division of two integers, truncating towards zero. -#}
{% macro integer_divide(a, b) -%}
    {{ return(adapter.dispatch('integer_divide', 'helpdesk_metrics')(a, b)) }}
{%- endmacro %}

{% macro default__integer_divide(a, b) -%}
({{ a }} // {{ b }})
{%- endmacro %}

{% macro spark__integer_divide(a, b) -%}
({{ a }} div {{ b }})
{%- endmacro %}
