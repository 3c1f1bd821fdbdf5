{#- Stops the query with `message` (a string expression) when it is evaluated; its value is NULL otherwise,
    so it fits a coalesce() or a case. -#}
{% macro raise_error(message) -%}
    {{ return(adapter.dispatch('raise_error', 'helpdesk_metrics')(message)) }}
{%- endmacro %}

{% macro default__raise_error(message) -%}
error({{ message }})
{%- endmacro %}

{% macro spark__raise_error(message) -%}
raise_error({{ message }})
{%- endmacro %}
