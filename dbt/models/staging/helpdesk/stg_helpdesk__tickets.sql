with source as (

    select * from {{ source('helpdesk', 'tickets') }}
    {{ latest_delivery_only() }}

)

select
    ticket_id,
    created_at,
    {{ normalize_channel('channel') }} as channel,
    channel as channel_raw,
    requester_id,
    subject,
    lower(trim(priority)) as priority,
    lower(trim(category)) as category,
    team_id,
    assignee_id,
    status,
    updated_at,
    merged_into_ticket_id,
    coalesce(is_deleted, false) as is_deleted,
    merged_into_ticket_id is not null as is_merged,
    _delivery,
    _source_file
from source
