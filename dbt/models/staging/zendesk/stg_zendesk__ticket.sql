with source as (

    select * from {{ source('zendesk', 'zendesk__ticket') }}
    {{ latest_delivery_only() }}

)

select
    id as ticket_id,
    _fivetran_synced,
    _fivetran_deleted,
    assignee_id,
    brand_id,
    created_at,
    updated_at,
    description,
    due_at,
    group_id,
    external_id,
    is_public,
    organization_id,
    priority,
    recipient,
    requester_id,
    status,
    subject,
    problem_id,
    submitter_id,
    ticket_form_id,
    type,
    url,
    via_channel as created_channel,
    via_source_from_id as source_from_id,
    via_source_from_title as source_from_title,
    via_source_rel as source_rel,
    via_source_to_address as source_to_address,
    via_source_to_name as source_to_name,
    _delivery,
    _source_file,
    _row_number,
    _exported_at
from source
