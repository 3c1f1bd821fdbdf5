with source as (

    select * from {{ source('zendesk', 'zendesk__ticket_field_history') }}
    {{ latest_delivery_only() }}

)

select
    ticket_id,
    field_name,
    updated as valid_starting_at,
    lead(updated) over (partition by ticket_id, field_name order by updated) as valid_ending_at,
    value,
    user_id,
    _delivery,
    _source_file,
    _row_number
from source
