with source as (

    select * from {{ source('zendesk', 'zendesk__user') }}
    {{ latest_delivery_only() }}

)

select
    id as user_id,
    external_id,
    _fivetran_synced,
    _fivetran_deleted,
    last_login_at,
    created_at,
    updated_at,
    email,
    name,
    organization_id,
    phone,
    role,
    ticket_restriction,
    time_zone,
    locale,
    active as is_active,
    suspended as is_suspended,
    _delivery,
    _source_file,
    _row_number
from source
