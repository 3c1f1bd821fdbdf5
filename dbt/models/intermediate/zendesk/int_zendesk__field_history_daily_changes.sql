{#- Per ticket and day on which a tracked field (var ticket_field_history_columns) changed, each field's
    value at the end of that day: the day's last change (NULL where the field did not change that day). A
    change to empty is kept as 'is_null', so it is told from "no change" until the daily snapshot. -#}
{#- A view: zendesk__ticket_field_history, its one reader, computes it as it reads it (docs/performance.md). -#}
{{ config(materialized='view') }}
{%- set fields = var('ticket_field_history_columns') -%}

with changes as (

    select
        ticket_id,
        field_name,
        cast(valid_starting_at as date) as date_day,
        coalesce(value, 'is_null') as value,
        row_number() over (
            partition by ticket_id, field_name, cast(valid_starting_at as date)
            order by valid_starting_at desc, _delivery desc, _row_number desc
        ) as latest_first
    from {{ ref('stg_zendesk__ticket_field_history') }}
    where field_name in ({% for field in fields %}'{{ field }}'{{ ", " if not loop.last }}{% endfor %})

)

select
    ticket_id,
    date_day
    {%- for field in fields %},
    min(value) filter (where field_name = '{{ field }}') as {{ field }}
    {%- endfor %}
from changes
where latest_first = 1
group by 1, 2
