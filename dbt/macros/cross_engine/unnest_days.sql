{#- Every day from the date `start_date` to the date `end_date`, both included, as dates unnested in a select
    list (one row per day; none when the end is before the start):
        select ticket_id, {{ unnest_days('created_date', 'closed_date') }} as date_day from tickets -#}
{% macro unnest_days(start_date, end_date) -%}
    {{ return(adapter.dispatch('unnest_days', 'helpdesk_metrics')(start_date, end_date)) }}
{%- endmacro %}

{% macro default__unnest_days(start_date, end_date) -%}
cast(unnest(generate_series({{ start_date }}, {{ end_date }}, interval '1 day')) as date)
{%- endmacro %}

{#- A generator takes no cast around it (a sequence of dates is of dates), and sequence() fails on an end before
    its start where DuckDB's series is empty: explode(NULL) gives no row. -#}
{% macro spark__unnest_days(start_date, end_date) -%}
explode(case when {{ start_date }} <= {{ end_date }} then sequence({{ start_date }}, {{ end_date }}, interval 1 day) end)
{%- endmacro %}
