{#- One row per ticket and day from its creation to the day it closed (a closed ticket changes no more),
    or for a ticket not closed to the Zendesk as-of day (int_zendesk__as_of), plus
    var ticket_field_history_extension_months. -#}
{#- A view: zendesk__ticket_field_history, its one reader, expands it as it reads it (docs/performance.md). -#}
{{ config(materialized='view') }}
with as_of as (

    select cast(as_of_at as date) as as_of_date from {{ ref('int_zendesk__as_of') }}

),

tickets as (

    select
        ticket_id,
        cast(created_at as date) as created_date,
        cast(
            case when status != 'closed' then (select as_of_date from as_of) else cast(updated_at as date) end
            + interval '{{ var("ticket_field_history_extension_months") }} months'
        as date) as open_until
    from {{ ref('stg_zendesk__ticket') }}

)

-- the days unnested in the select list: a lateral generate_series joins every day back to its ticket (5x the CPU)
select
    ticket_id,
    {{ unnest_days('created_date', 'least(open_until, (select as_of_date from as_of))') }} as date_day
from tickets
{{ zendesk_marts_only() }}
