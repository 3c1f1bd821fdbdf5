with source as (

    select * from {{ source('helpdesk', 'ticket_events') }}
    {{ latest_delivery_only() }}

),

renamed as (

    select
        event_id,
        ticket_id,
        occurred_at,
        lower(trim(field)) as field,
        old_value,
        new_value,
        actor_id,
        _delivery,
        _source_file
    from source

)

select
    event_id,
    ticket_id,
    occurred_at,
    field,
    -- status values arrive as free text; the other fields keep their values as delivered
    case when field = 'status' then {{ normalize_status('old_value') }} else old_value end as old_value,
    case when field = 'status' then {{ normalize_status('new_value') }} else new_value end as new_value,
    -- is_deleted arrives as free text too: a deletion is an is_deleted event set to true
    field = 'is_deleted' and lower(trim(new_value)) in ('true', 't', '1', 'yes') as is_deletion,
    actor_id,
    _delivery,
    _source_file
from renamed
