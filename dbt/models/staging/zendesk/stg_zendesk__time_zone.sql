with source as (

    select * from {{ source('zendesk', 'zendesk__time_zone') }}
    {{ latest_delivery_only() }}

)

select
    standard_offset,
    time_zone,
    -- '[+-]HH:MM' as minutes east of UTC
    (case when standard_offset like '-%' then -1 else 1 end)
        * (abs(cast(split_part(standard_offset, ':', 1) as integer)) * 60
           + cast(split_part(standard_offset, ':', 2) as integer)) as standard_offset_minutes,
    _delivery,
    _source_file,
    _row_number
from source
