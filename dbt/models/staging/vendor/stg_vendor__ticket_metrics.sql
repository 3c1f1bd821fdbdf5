{#- A vendor's own per-ticket metrics (Zendesk API ticket_metrics, an incident log's made_sla), one row per ticket from its latest delivery.
    The ingest creates the source table at every refresh (empty when no delivery brought vendor metrics); a dbt
    run on a warehouse without it gets an empty view of the same columns. -#}
{%- set vendor = source('vendor', 'vendor_ticket_metrics') -%}
{%- set loaded = execute
    and adapter.get_relation(database=vendor.database, schema=vendor.schema, identifier=vendor.identifier) is not none -%}
{%- set minutes = [] -%}
{%- for metric in ['reply_time', 'first_resolution', 'full_resolution', 'agent_wait', 'requester_wait', 'on_hold'] -%}
    {%- for clock in ['calendar', 'business'] -%}
        {%- do minutes.append((metric ~ '_' ~ clock ~ '_minutes', 'integer')) -%}
    {%- endfor -%}
{%- endfor -%}
{%- set columns = [
    ('ticket_id', dbt.type_string()), ('vendor', dbt.type_string()),
    ('created_at', type_timestamptz()), ('updated_at', type_timestamptz()), ('solved_at', type_timestamptz()),
    ('replies', 'integer'), ('reopens', 'integer'), ('assignee_stations', 'integer'), ('group_stations', 'integer'),
] + minutes + [('made_sla', 'boolean'), ('_delivery', dbt.type_string()), ('_source_file', dbt.type_string())] -%}

{% if loaded %}

with source as (

    select * from {{ vendor }}
    {{ latest_delivery_only() }}

)

select
    {%- for name, type in columns %}
    {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
from source

{% else %}

select
    {%- for name, type in columns %}
    cast(null as {{ type }}) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
where false

{% endif %}
