with source as (

    select * from {{ source('helpdesk', 'messages') }}
    {{ latest_delivery_only() }}

)

select
    message_id,
    ticket_id,
    created_at,
    author_type,
    author_id,
    is_public,
    _delivery,
    _source_file
from source
