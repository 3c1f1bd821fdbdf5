-- The time zone of each schedule. One per schedule: a team that moves gets a new schedule_id.
select distinct schedule_id, timezone
from {{ ref('int_business_schedules') }}
