{#- post_hook after refresh_as_of(column, condition): the rows it moved to the new as-of instant read their
    ticket's business clock (business_hours_ticket_clock, over the ticket's schedule periods) there again, so
    `column`_business_us is G(ticket, column) on every row, as a full build computes it. The rows are those of
    tickets out of scope, so the clock reads the periods of every ticket. -#}
{% macro refresh_as_of_business_clock(column, condition) -%}
    {%- if is_incremental() -%}
    {%- set moved -%}
    (select ticket_id, {{ column }} from {{ this }} where ({{ condition }}))
    {%- endset -%}
        update {{ this }} as target set {{ column }}_business_us = clock.business_us
        from ({{ business_hours_ticket_clock([(moved, 'ticket_id', column)], periods=ref('int_ticket_schedule_periods')) }}) as clock
        where ({{ condition }})
            and clock.ticket_id = target.ticket_id
            and clock.instant_at = cast(target.{{ column }} as timestamptz)
            and target.{{ column }}_business_us is distinct from clock.business_us
    {%- endif -%}
{%- endmacro %}
