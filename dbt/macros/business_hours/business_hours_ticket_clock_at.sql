{#- A ticket's business clock read at instant columns of `relation`: every column of it plus, per instant
    column c, c_business_us: G(ticket, c) in integer microseconds (business_hours_ticket_clock; NULL for a NULL
    ticket or instant, a ticket without a known schedule at c, or an instant outside the supported range).
    Business minutes between two of them: business_hours_minutes_between.
        timed as ({{ business_hours_ticket_clock_at('cycles', ['cycle_started_at', 'replied_at']) }})
    The clock runs once over all the columns and is joined back by equality once per column, so wide rows
    never go through its joins. -#}
{% macro business_hours_ticket_clock_at(relation, instant_columns, ticket_column='ticket_id', periods=none) %}
{%- set sources = [] -%}
{%- for column in instant_columns %}{% do sources.append((relation, ticket_column, column)) %}{% endfor %}
with _bh_ticket_clock as (
    {{ business_hours_ticket_clock(sources, periods) }}
)
{{ business_hours_clock_joined(relation, instant_columns, '_bh_ticket_clock', 'ticket_id', ticket_column) }}
{%- endmacro %}
