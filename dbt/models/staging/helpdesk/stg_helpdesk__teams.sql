with source as (

    select * from {{ source('helpdesk', 'teams') }}
    {{ latest_delivery_only() }}

)

select
    team_id,
    name as team_name,
    timezone,
    _delivery,
    _source_file
from source
