with source as (

    select * from {{ source('zendesk', 'zendesk__schedule') }}
    {{ latest_delivery_only() }}
    and not coalesce(_fivetran_deleted, false)

)

select
    id as schedule_id,
    end_time,
    start_time,
    name as schedule_name,
    created_at,
    time_zone,
    _delivery,
    _source_file,
    _row_number
from source
