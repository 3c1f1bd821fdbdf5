with source as (

    select * from {{ source('zendesk', 'zendesk__ticket_form_history') }}
    {{ latest_delivery_only() }}
    and not coalesce(_fivetran_deleted, false)

)

select
    id as ticket_form_id,
    created_at,
    updated_at,
    display_name,
    active as is_active,
    name,
    _delivery,
    _source_file,
    _row_number
from source
