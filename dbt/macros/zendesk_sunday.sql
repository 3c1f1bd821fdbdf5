{#- The Sunday (a date) that starts the UTC week of an instant or date, as fivetran/dbt_zendesk's weeks start. -#}
{% macro zendesk_sunday(value) -%}
    (cast(date_trunc('week', cast({{ value }} as date) + 1) as date) - 1)
{%- endmacro %}
