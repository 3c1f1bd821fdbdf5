{#- Every column of `alias` but `columns`: `alias.* exclude (...)` on DuckDB, `alias.* except (...)` on Spark. -#}
{% macro star_except(alias, columns) -%}
    {{ return(adapter.dispatch('star_except', 'helpdesk_metrics')(alias, columns)) }}
{%- endmacro %}

{% macro default__star_except(alias, columns) -%}
{{ alias }}.* exclude ({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__star_except(alias, columns) -%}
{{ alias }}.* except ({{ columns | join(', ') }})
{%- endmacro %}
