{#- The business clock read at instant columns of `relation`: every column of it plus, per instant column c,
    c_business_us: the cumulative business time F(schedule, c) in integer microseconds (NULL for a NULL
    schedule or instant, an unknown schedule, or an instant outside the supported range). Business minutes
    between two of them: business_hours_minutes_between.
        timed as ({{ business_hours_clock_at('cycles', 'schedule_id', ['cycle_started_at', 'replied_at']) }})
    The clock runs once over all the columns (business_hours_clock) and is joined back by equality once per
    column, so wide rows never go through its ASOF joins. A model that reads the clock on several relations
    computes business_hours_clock once over all of them and passes that CTE as `clock`. -#}
{% macro business_hours_clock_at(relation, schedule_column, instant_columns, clock=none) %}
{%- if clock is none %}
{%- set sources = [] -%}
{%- for column in instant_columns %}{% do sources.append((relation, schedule_column, column)) %}{% endfor %}
with _bh_clock as (
    {{ business_hours_clock(sources) }}
)
{%- endif %}
{{ business_hours_clock_joined(relation, instant_columns, clock or '_bh_clock', 'schedule_id', schedule_column) }}
{%- endmacro %}
