{#- A Zendesk ticket's time ranges cut by its schedule periods (int_zendesk__ticket_schedule_periods), as
    fivetran/dbt_zendesk cuts a duration before it counts business time: each range is measured on the
    schedule of every period it overlaps, over the part that falls in that period.
        pieces as ({{ zendesk_schedule_pieces('spans', 'started_at', 'ended_at') }}),
        timed as ({{ business_hours_clock_at('pieces', 'schedule_id', ['piece_started_at', 'piece_ended_at']) }})
    `ranges` (a CTE name or a parenthesised subquery) has a ticket_id and the range's start and end columns;
    a NULL end (or `ended_column` none) is a range still running: it runs to the end of each period. The last
    period has no end, or ends at `last_period_ended_at` (a SQL expression). The result is every column of
    `ranges` plus the period's period_number and schedule_id, and piece_started_at, piece_ended_at: the range
    within the period (a NULL end where neither has one). A range that ends before it starts is never cut; a
    period that lasts no time (two schedules stamped at one instant) gives an empty piece inside a range. -#}
{% macro zendesk_schedule_pieces(ranges, started_column, ended_column=none, last_period_ended_at=none) %}
{%- set started = '_ranges.' ~ adapter.quote(started_column) -%}
{%- set ended = '_ranges.' ~ adapter.quote(ended_column) if ended_column else 'null' -%}
{%- set period_ended = 'coalesce(_periods.schedule_ended_at, ' ~ last_period_ended_at ~ ')'
    if last_period_ended_at else '_periods.schedule_ended_at' -%}
select
    _ranges.*,
    _periods.period_number,
    _periods.schedule_id,
    greatest({{ started }}, _periods.schedule_started_at) as piece_started_at,
    least(coalesce({{ ended }}, {{ period_ended }}), coalesce({{ period_ended }}, {{ ended }})) as piece_ended_at
from {{ ranges }} as _ranges
inner join {{ ref('int_zendesk__ticket_schedule_periods') }} as _periods on _periods.ticket_id = _ranges.ticket_id
where ({{ ended }} is null or {{ started }} < {{ ended }})
    and ({{ period_ended }} is null or {{ period_ended }} > {{ started }})
    and ({{ ended }} is null or _periods.schedule_started_at < {{ ended }})
{%- endmacro %}
