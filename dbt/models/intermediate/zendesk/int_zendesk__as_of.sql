{#- The instant the Zendesk-shaped marts take as "now" (the reference's current_timestamp): the dbt var
    `as_of` when given, else the delivery's `exported_at` (manifest.json), else Fivetran's sync time of the
    latest delivered tickets, else the warehouse's own as-of (int_as_of). -#}
{%- set as_of = var('as_of', none) -%}

{% if as_of %}

select cast('{{ as_of }}' as {{ type_timestamptz() }}) as as_of_at

{% else %}

select coalesce(
    (select max(coalesce(_exported_at, _fivetran_synced)) from {{ ref('stg_zendesk__ticket') }}),
    (select as_of_at from {{ ref('int_as_of') }})
) as as_of_at

{% endif %}
