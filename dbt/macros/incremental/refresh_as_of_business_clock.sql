{#- post_hook after refresh_as_of(column, condition): the rows it moved to the new as-of instant read the
    business clock of their ticket's schedule (int_schedules_matched_to_tickets) there again, so
    `column`_business_us is F(schedule, column) on every row, as a full build computes it. -#}
{% macro refresh_as_of_business_clock(column, condition) -%}
    {%- if is_incremental() -%}
    {%- set moved -%}
    (
        select refreshed.{{ column }}, schedules.schedule_id
        from {{ this }} as refreshed
        inner join {{ ref('int_schedules_matched_to_tickets') }} as schedules
            on schedules.ticket_id = refreshed.ticket_id
        where ({{ condition }})
    )
    {%- endset -%}
        update {{ this }} as target set {{ column }}_business_us = clock.business_us
        from {{ ref('int_schedules_matched_to_tickets') }} as schedules,
            ({{ business_hours_clock([(moved, 'schedule_id', column)]) }}) as clock
        where ({{ condition }})
            and schedules.ticket_id = target.ticket_id
            and clock.schedule_id = schedules.schedule_id
            and clock.instant_at = cast(target.{{ column }} as timestamptz)
            and target.{{ column }}_business_us is distinct from clock.business_us
    {%- endif -%}
{%- endmacro %}
