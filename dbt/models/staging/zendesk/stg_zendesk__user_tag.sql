with source as (

    select * from {{ source('zendesk', 'zendesk__user_tag') }}
    {{ latest_delivery_only() }}

)

select
    user_id,
    tag as tags,
    _delivery,
    _source_file,
    _row_number
from source
