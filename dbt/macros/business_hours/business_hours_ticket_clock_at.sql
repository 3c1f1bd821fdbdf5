{#- A ticket's business clock read at instant columns of `relation`: every column of it plus, per instant
    column c, c_business_us: G(ticket, c) in integer microseconds (business_hours_ticket_clock; NULL for a NULL
    ticket or instant, a ticket without a known schedule at c, or an instant outside the supported range).
    Business minutes between two of them: business_hours_minutes_between.
        timed as ({{ business_hours_ticket_clock_at('cycles', ['cycle_started_at', 'replied_at']) }})
    The clock runs once over all the columns and is joined back by equality once per column, so wide rows
    never go through its joins. -#}
{% macro business_hours_ticket_clock_at(relation, instant_columns, ticket_column='ticket_id', periods=none) %}
{%- set ticket = adapter.quote(ticket_column) -%}
{%- set sources = [] -%}
{%- for column in instant_columns %}{% do sources.append((relation, ticket_column, column)) %}{% endfor %}
with _bh_ticket_clock as (
    {{ business_hours_ticket_clock(sources, periods) }}
)
select
    _bh_rows.*
    {%- for column in instant_columns %},
    _bh_clock_{{ loop.index }}.business_us as {{ adapter.quote(column ~ '_business_us') }}
    {%- endfor %}
from {{ relation }} as _bh_rows
{%- for column in instant_columns %}
left join _bh_ticket_clock as _bh_clock_{{ loop.index }}
    on _bh_clock_{{ loop.index }}.ticket_id = _bh_rows.{{ ticket }}
    and _bh_clock_{{ loop.index }}.instant_at = cast(_bh_rows.{{ adapter.quote(column) }} as {{ type_timestamptz() }})
{%- endfor %}
{%- endmacro %}
