with source as (

    select * from {{ source('zendesk', 'zendesk__sla_policy_metric_history') }}
    {{ latest_delivery_only() }}

)

select
    sla_policy_id,
    index,
    sla_policy_updated_at,
    sla_policy_updated_at as valid_starting_at,
    lead(sla_policy_updated_at) over (
        partition by sla_policy_id, lower(metric), lower(priority) order by sla_policy_updated_at
    ) as valid_ending_at,
    business_hours as in_business_hours,
    lower(metric) as metric,
    lower(priority) as priority,
    target,
    _fivetran_synced,
    row_number() over (
        partition by sla_policy_id, lower(metric), lower(priority) order by sla_policy_updated_at desc
    ) = 1 as is_most_recent_record,
    _delivery,
    _source_file,
    _row_number
from source
