{#- The type of an instant: DuckDB's timestamptz; Spark's timestamp (with local time zone: UTC in this project's
    sessions). dbt.type_timestamp() is the naive type on DuckDB, so it is not this. -#}
{% macro type_timestamptz() -%}
    {{ return(adapter.dispatch('type_timestamptz', 'helpdesk_metrics')()) }}
{%- endmacro %}

{% macro default__type_timestamptz() -%}
timestamptz
{%- endmacro %}

{% macro spark__type_timestamptz() -%}
timestamp
{%- endmacro %}
