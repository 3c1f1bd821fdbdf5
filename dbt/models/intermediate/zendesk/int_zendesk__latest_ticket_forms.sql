{#- Each ticket form as of its latest revision. -#}
select
    ticket_form_id,
    {{ arg_max('name', 'updated_at') }} as name,
    {{ arg_max('display_name', 'updated_at') }} as display_name,
    {{ arg_max('is_active', 'updated_at') }} as is_active
from {{ ref('stg_zendesk__ticket_form_history') }}
group by 1
