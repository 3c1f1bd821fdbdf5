with source as (

    select * from {{ source('zendesk', 'zendesk__group') }}
    {{ latest_delivery_only() }}
    and not coalesce(_fivetran_deleted, false)

)

select
    id as group_id,
    name,
    _delivery,
    _source_file,
    _row_number
from source
