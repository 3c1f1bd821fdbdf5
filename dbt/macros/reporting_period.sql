{#- The day, ISO week (starting Monday) or month an instant falls in, in the reporting time zone, as the
    date the period starts on. -#}
{% macro reporting_period(instant, period) -%}
    {%- if period == 'day' -%}
    {{ reporting_date(instant) }}
    {%- else -%}
    cast(date_trunc('{{ period }}', {{ local_timestamp("'" ~ var("reporting_timezone", "UTC") ~ "'", instant) }}) as date)
    {%- endif -%}
{%- endmacro %}
