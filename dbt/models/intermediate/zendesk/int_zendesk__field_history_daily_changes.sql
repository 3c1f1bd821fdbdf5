{#- Per ticket and day on which a tracked field (var ticket_field_history_columns) changed, each field's
    value at the end of that day: the day's last change (NULL where the field did not change that day). A
    change to empty is kept as 'is_null', so it is told from "no change" until the daily snapshot. -#}
{#- A view: zendesk__ticket_field_history, its one reader, computes it as it reads it (docs/performance.md). -#}
{{ config(materialized='view') }}
{%- set fields = var('ticket_field_history_columns') -%}

select
    ticket_id,
    cast(valid_starting_at as date) as date_day
    {%- for field in fields %},
    -- the day's last change by one aggregate, not a ranking of every change (docs/performance.md)
    {{ arg_max("coalesce(value, 'is_null')", '(valid_starting_at, _delivery, _row_number)') }}
        filter (where field_name = '{{ field }}') as {{ field }}
    {%- endfor %}
from {{ ref('stg_zendesk__ticket_field_history') }}
where field_name in ({% for field in fields %}'{{ field }}'{{ ", " if not loop.last }}{% endfor %})
group by 1, 2
