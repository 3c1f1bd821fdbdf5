with source as (

    select * from {{ source('helpdesk', 'agents') }}
    {{ latest_delivery_only() }}

)

select
    agent_id,
    name as agent_name,
    team_id,
    coalesce(is_active, true) as is_active,
    _delivery,
    _source_file
from source
