{#- The window function last_value skipping NULLs, for an `over (...)` after it: DuckDB writes IGNORE NULLS
    inside the parentheses, Spark after them. -#}
{% macro last_value_ignore_nulls(expression) -%}
    {{ return(adapter.dispatch('last_value_ignore_nulls', 'helpdesk_metrics')(expression)) }}
{%- endmacro %}

{% macro default__last_value_ignore_nulls(expression) -%}
last_value({{ expression }} ignore nulls)
{%- endmacro %}

{% macro spark__last_value_ignore_nulls(expression) -%}
last_value({{ expression }}) ignore nulls
{%- endmacro %}
