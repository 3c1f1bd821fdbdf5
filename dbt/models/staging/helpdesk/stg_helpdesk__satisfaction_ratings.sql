with source as (

    select * from {{ source('helpdesk', 'satisfaction_ratings') }}
    {{ latest_delivery_only() }}

)

select
    ticket_id,
    rated_at,
    score,
    comment,
    _delivery,
    _source_file
from source
