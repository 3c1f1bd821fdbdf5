{#- The calendar day of an instant in the reporting time zone (dbt var reporting_timezone, default UTC). -#}
{% macro reporting_date(instant) -%}
    cast({{ local_timestamp("'" ~ var("reporting_timezone", "UTC") ~ "'", instant) }} as date)
{%- endmacro %}
