{#- The one instant that "now" means for every mart: the dbt var `as_of` when given, else the latest
    timestamp anywhere in the loaded data, so rebuilding from the same exports gives identical marts. -#}
{%- set as_of = var('as_of', none) -%}

{% if as_of %}

select cast('{{ as_of }}' as {{ type_timestamptz() }}) as as_of_at

{% else %}

with latest_per_table as (

    select max(greatest(created_at, coalesce(updated_at, created_at))) as latest_at
    from {{ ref('stg_helpdesk__tickets') }}
    union all
    select max(created_at) from {{ ref('stg_helpdesk__messages') }}
    union all
    select max(occurred_at) from {{ ref('stg_helpdesk__ticket_events') }}
    union all
    select max(rated_at) from {{ ref('stg_helpdesk__satisfaction_ratings') }}

)

select max(latest_at) as as_of_at
from latest_per_table

{% endif %}
