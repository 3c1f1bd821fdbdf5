{#- Each Zendesk user with their tags (comma-separated, in delivery order) and whether their role is
    internal (agent or admin). -#}
with user_tags as (

    select user_id, {{ string_agg_ordered('tags', "', '", '_delivery, _row_number') }} as user_tags
    from {{ ref('stg_zendesk__user_tag') }}
    group by 1

)

select
    users.*,
    users.role in ('agent', 'admin') as is_internal_role,
    user_tags.user_tags
from {{ ref('stg_zendesk__user') }} as users
left join user_tags using (user_id)
