{#- ISO day of the week of a timestamp: Monday 1 ... Sunday 7. -#}
{% macro isodow(expression) -%}
    {{ return(adapter.dispatch('isodow', 'helpdesk_metrics')(expression)) }}
{%- endmacro %}

{% macro default__isodow(expression) -%}
isodow({{ expression }})
{%- endmacro %}

{% macro spark__isodow(expression) -%}
extract(dayofweek_iso from {{ expression }})
{%- endmacro %}
