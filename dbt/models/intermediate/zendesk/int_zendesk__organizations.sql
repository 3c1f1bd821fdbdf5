{#- Each Zendesk organization with its tags and its email domains (comma-separated, in delivery order). -#}
with tags as (

    select organization_id, {{ string_agg_ordered('tags', "', '", '_delivery, _row_number') }} as organization_tags
    from {{ ref('stg_zendesk__organization_tag') }}
    group by 1

),

domains as (

    select organization_id, {{ string_agg_ordered('domain_name', "', '", '_delivery, _row_number') }}
        as domain_names
    from {{ ref('stg_zendesk__domain_name') }}
    group by 1

)

select
    organizations.*,
    tags.organization_tags,
    domains.domain_names
from {{ ref('stg_zendesk__organization') }} as organizations
left join tags using (organization_id)
left join domains using (organization_id)
