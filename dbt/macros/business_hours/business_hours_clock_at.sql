{#- The business clock read at instant columns of `relation`: every column of it plus, per instant column c,
    c_business_us: the cumulative business time F(schedule, c) in integer microseconds (NULL for a NULL
    schedule or instant, an unknown schedule, or an instant outside the supported range). Business minutes
    between two of them: business_hours_minutes_between.
        timed as ({{ business_hours_clock_at('cycles', 'schedule_id', ['cycle_started_at', 'replied_at']) }})
    The clock runs once over all the columns (business_hours_clock) and is joined back by equality once per
    column, so wide rows never go through its ASOF joins. A model that reads the clock on several relations
    computes business_hours_clock once over all of them and passes that CTE as `clock`. -#}
{% macro business_hours_clock_at(relation, schedule_column, instant_columns, clock=none) %}
{%- set schedule = adapter.quote(schedule_column) -%}
{%- if clock is none %}
{%- set sources = [] -%}
{%- for column in instant_columns %}{% do sources.append((relation, schedule_column, column)) %}{% endfor %}
with _bh_clock as (
    {{ business_hours_clock(sources) }}
)
{%- endif %}
select
    _bh_rows.*
    {%- for column in instant_columns %},
    _bh_clock_{{ loop.index }}.business_us as {{ adapter.quote(column ~ '_business_us') }}
    {%- endfor %}
from {{ relation }} as _bh_rows
{%- for column in instant_columns %}
left join {{ clock or '_bh_clock' }} as _bh_clock_{{ loop.index }}
    on _bh_clock_{{ loop.index }}.schedule_id = _bh_rows.{{ schedule }}
    and _bh_clock_{{ loop.index }}.instant_at = cast(_bh_rows.{{ adapter.quote(column) }} as {{ type_timestamptz() }})
{%- endfor %}
{%- endmacro %}
