with source as (

    select * from {{ source('zendesk', 'zendesk__daylight_time') }}
    {{ latest_delivery_only() }}

)

select
    daylight_end_utc,
    daylight_offset,
    daylight_start_utc,
    time_zone,
    year,
    daylight_offset * 60 as daylight_offset_minutes,
    _delivery,
    _source_file,
    _row_number
from source
