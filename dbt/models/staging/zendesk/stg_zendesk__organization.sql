with source as (

    select * from {{ source('zendesk', 'zendesk__organization') }}
    {{ latest_delivery_only() }}

)

select
    id as organization_id,
    created_at,
    updated_at,
    details,
    name,
    external_id,
    _delivery,
    _source_file,
    _row_number
from source
