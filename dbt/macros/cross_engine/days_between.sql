{#- Whole days from date `start_date` to date `end_date` (an integer): DuckDB subtracts dates to an integer,
    Spark to an interval. -#}
{% macro days_between(start_date, end_date) -%}
    {{ return(adapter.dispatch('days_between', 'helpdesk_metrics')(start_date, end_date)) }}
{%- endmacro %}

{% macro default__days_between(start_date, end_date) -%}
({{ end_date }} - {{ start_date }})
{%- endmacro %}

{% macro spark__days_between(start_date, end_date) -%}
datediff({{ end_date }}, {{ start_date }})
{%- endmacro %}
