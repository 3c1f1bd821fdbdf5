{#- When a target in business time runs out on a ticket's clock (an SLA deadline across its schedule periods):
      with due as ({{ business_hours_ticket_instant_after('my_cte', start_column='start_at',
                                                        minutes_column='target_minutes') }})
    returns every column of my_cte plus business_deadline_at (TIMESTAMPTZ): the earliest instant t >= start
    with G(ticket, t) - G(ticket, start) = minutes (business_hours_ticket_clock). Zero minutes give the start
    itself; NULL as for business_hours_instant_after, or when the ticket has no known clock there.
    A caller that already has G(start) passes its column as start_business_us_column.

    The period in which G reaches the target is the one whose clock range (started_at_business_us,
    ended_at_business_us] holds it: those ranges cut G's values into disjoint pieces (a period without business
    time has an empty one), so exactly one matches. Inside it G = clock_offset_us + F(schedule, t), and the
    schedule's inverse (business_hours_instant_after_each) finds the instant F reaches target - offset: it is
    given the start's clock value on that schedule's scale, G(start) - offset, as its F(start). -#}
{% macro business_hours_ticket_instant_after(relation, ticket_column='ticket_id', start_column='start_at', minutes_column='target_minutes', start_business_us_column=none) %}
{%- set ticket = adapter.quote(ticket_column) -%}
{%- set start = adapter.quote(start_column) -%}
{%- set minutes = adapter.quote(minutes_column) -%}
{%- set targets -%}
(
    select distinct
        {{ ticket }} as _bh_ticket_id,
        cast({{ start }} as {{ type_timestamptz() }}) as _bh_start_at,
        {{ minutes }} as _bh_minutes
        {%- if start_business_us_column %},
        {{ adapter.quote(start_business_us_column) }} as _bh_start_g_us
        {%- endif %}
    from {{ relation }}
    where {{ ticket }} is not null and {{ start }} is not null and {{ minutes }} is not null
)
{%- endset -%}
{%- if not start_business_us_column -%}
{%- set targets -%}
(
    select {{ star_rename('_bh_start_at_business_us', '_bh_start_g_us') }}
    from ({{ business_hours_ticket_clock_at(targets, ['_bh_start_at'], '_bh_ticket_id') }})
)
{%- endset -%}
{%- endif -%}
{%- set target_g_us = '_bh_target._bh_start_g_us + cast(round(cast(_bh_target._bh_minutes as double) * 60000000) as bigint)' -%}
{%- set placed -%}
(
    select
        _bh_target.*,
        _bh_period.schedule_id as _bh_schedule_id,
        _bh_target._bh_start_g_us - _bh_period.clock_offset_us as _bh_start_f_us
    from {{ targets }} as _bh_target
    inner join {{ tickets_in_scope(ref('int_ticket_schedule_periods')) }} as _bh_period
        on _bh_period.ticket_id = _bh_target._bh_ticket_id
        and (_bh_period.period_number = 1 or _bh_period.started_at_business_us < {{ target_g_us }})
        and (_bh_period.ended_at is null or {{ target_g_us }} <= _bh_period.ended_at_business_us)
)
{%- endset -%}
select _bh_rows.*, _bh_due.business_deadline_at
from {{ relation }} as _bh_rows
left join (
    {{ business_hours_instant_after_each(placed, '_bh_schedule_id', '_bh_start_at', '_bh_minutes', start_f_us_known=true) }}
) as _bh_due
    on _bh_due._bh_ticket_id = _bh_rows.{{ ticket }}
    and _bh_due._bh_start_at = cast(_bh_rows.{{ start }} as {{ type_timestamptz() }})
    and _bh_due._bh_minutes = _bh_rows.{{ minutes }}
{% endmacro %}
