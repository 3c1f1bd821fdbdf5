with source as (

    select * from {{ source('zendesk', 'zendesk__domain_name') }}
    {{ latest_delivery_only() }}

)

select
    organization_id,
    domain_name,
    index,
    _delivery,
    _source_file,
    _row_number
from source
