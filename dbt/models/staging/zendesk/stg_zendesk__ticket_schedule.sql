with source as (

    select * from {{ source('zendesk', 'zendesk__ticket_schedule') }}
    {{ latest_delivery_only() }}

)

select
    ticket_id,
    created_at,
    schedule_id,
    _delivery,
    _source_file,
    _row_number
from source
