with source as (

    select * from {{ source('zendesk', 'zendesk__brand') }}
    {{ latest_delivery_only() }}
    and not coalesce(_fivetran_deleted, false)

)

select
    id as brand_id,
    brand_url,
    name,
    subdomain,
    active as is_active,
    _delivery,
    _source_file,
    _row_number
from source
