with source as (

    select * from {{ source('zendesk', 'zendesk__ticket_tag') }}
    {{ latest_delivery_only() }}

)

select
    ticket_id,
    tag as tags,
    _delivery,
    _source_file,
    _row_number
from source
