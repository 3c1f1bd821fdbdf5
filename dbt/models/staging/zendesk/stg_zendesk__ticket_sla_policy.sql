with source as (

    select * from {{ source('zendesk', 'zendesk__ticket_sla_policy') }}
    {{ latest_delivery_only() }}

)

select
    ticket_id,
    sla_policy_id,
    policy_applied_at,
    _fivetran_synced,
    _delivery,
    _source_file,
    _row_number
from source
