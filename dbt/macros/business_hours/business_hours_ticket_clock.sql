{#- A ticket's business clock G(ticket, t): the cumulative business time over the ticket's schedule periods
    (int_ticket_schedule_periods), clock_offset_us + F(schedule, t) in the period holding t, so G(b) - G(a)
    adds up each period's business time inside [a, b). One row per distinct (ticket, instant), columns
    ticket_id, instant_at and business_us:
        clock as ({{ business_hours_ticket_clock([('spans', 'ticket_id', 'started_at'),
                                                    ('spans', 'ticket_id', 'ended_at')]) }})
    `sources` lists (relation, ticket column, instant column). Each instant is placed in its period by an
    equality join on the ticket (a ticket has few periods, most one), then F runs once per distinct
    (schedule, instant) over all of them (business_hours_clock), as for a schedule's clock. `periods` is the
    ticket's periods relation: by default those of the tickets in scope of an incremental build; a post_hook
    that updates the rows of other tickets passes the whole model. -#}
{% macro business_hours_ticket_clock(sources, periods=none) %}
{%- set periods = periods or tickets_in_scope(ref('int_ticket_schedule_periods')) -%}
with _bh_placed as (
    select
        _bh_instants.ticket_id,
        _bh_instants.instant_at,
        _bh_period.schedule_id,
        _bh_period.clock_offset_us
    from (
        select distinct ticket_id, instant_at
        from (
            {%- for relation, ticket_column, at_column in sources %}
            select
                {{ adapter.quote(ticket_column) }} as ticket_id,
                cast({{ adapter.quote(at_column) }} as {{ type_timestamptz() }}) as instant_at
            from {{ relation }}
            where {{ adapter.quote(ticket_column) }} is not null and {{ adapter.quote(at_column) }} is not null
            {%- if not loop.last %}
            union all
            {%- endif %}
            {%- endfor %}
        )
    ) as _bh_instants
    inner join {{ periods }} as _bh_period
        on _bh_period.ticket_id = _bh_instants.ticket_id
        and (_bh_period.started_at is null or _bh_instants.instant_at >= _bh_period.started_at)
        and (_bh_period.ended_at is null or _bh_instants.instant_at < _bh_period.ended_at)
),

_bh_clock as (
    {{ business_hours_clock([('_bh_placed', 'schedule_id', 'instant_at')]) }}
)

select
    _bh_placed.ticket_id,
    _bh_placed.instant_at,
    _bh_placed.clock_offset_us + _bh_clock.business_us as business_us
from _bh_placed
inner join _bh_clock
    on _bh_clock.schedule_id = _bh_placed.schedule_id
    and _bh_clock.instant_at = _bh_placed.instant_at
{% endmacro %}
