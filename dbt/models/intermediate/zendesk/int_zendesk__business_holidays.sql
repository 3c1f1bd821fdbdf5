{#- The account's Zendesk holidays as rows of the holidays seed: Zendesk's dates are inclusive, ours a local
    range from 00:00 of the first day to 00:00 after the last. -#}

select
    cast(schedule_id as string) as schedule_id,
    cast(cast(holiday_start_date_at as date) as timestamp) as start_local,
    cast(cast(holiday_end_date_at as date) + interval 1 day as timestamp) as end_local,
    cast(holiday_name as string) as name
from {{ ref('stg_zendesk__schedule_holiday') }}
where not coalesce(cast(_fivetran_deleted as boolean), false)
