{#- fivetran/dbt_zendesk's zendesk__ticket_field_history: one row per ticket and day from its creation to
    its close (or the Zendesk as-of day while not closed), with the value each tracked field (var
    ticket_field_history_columns, default assignee_id, status, priority) had at the end of that day. Empty
    unless var zendesk_marts (set by the refresh for Zendesk accounts). -#}
{%- set fields = var('ticket_field_history_columns') -%}

with daily as (

    select
        spine.ticket_id,
        spine.date_day
        {%- for field in fields %},
        {{ last_value_ignore_nulls('changes.' ~ field) }} over (
            partition by spine.ticket_id order by spine.date_day rows unbounded preceding
        ) as {{ field }}
        {%- endfor %}
    from {{ ref('int_zendesk__field_calendar_spine') }} as spine
    left join {{ ref('int_zendesk__field_history_daily_changes') }} as changes
        on changes.ticket_id = spine.ticket_id and changes.date_day = spine.date_day

)

select
    md5({{ zendesk_source_relation() }} || '-' || cast(date_day as string) || '-' || ticket_id) as ticket_day_id,
    {{ zendesk_source_relation() }} as source_relation,
    date_day,
    ticket_id
    {%- for field in fields %},
    nullif({{ field }}, 'is_null') as {{ field }}
    {%- endfor %}
from daily
