with source as (

    select * from {{ source('zendesk', 'zendesk__schedule_holiday') }}
    {{ latest_delivery_only() }}

)

select
    _fivetran_deleted,
    _fivetran_synced,
    cast(end_date as timestamp) as holiday_end_date_at,
    id as holiday_id,
    name as holiday_name,
    schedule_id,
    cast(start_date as timestamp) as holiday_start_date_at,
    _delivery,
    _source_file,
    _row_number
from source
