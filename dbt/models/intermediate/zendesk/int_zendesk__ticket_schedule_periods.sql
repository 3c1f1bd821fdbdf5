{#- Which schedule a Zendesk ticket is on at each instant, as Zendesk has it (and fivetran/dbt_zendesk
    reads it): the account's default schedule (its earliest created) from the ticket's creation, unless a
    `ticket_schedule` row is stamped within 5 seconds after the creation (a trigger set the schedule as the
    ticket was created); then each `ticket_schedule` row from its stamp until the next one. The last period
    has no end (NULL). -#}

with tickets as (

    select cast(ticket_id as string) as ticket_id, created_at
    from {{ ref('stg_zendesk__ticket') }}

),

ticket_schedules as (

    select cast(ticket_id as string) as ticket_id, cast(schedule_id as string) as schedule_id, created_at
    from {{ ref('stg_zendesk__ticket_schedule') }}

),

default_schedule as (

    -- a schedule has a row per open interval, all with its creation instant
    select {{ arg_min('cast(schedule_id as string)', '(created_at, cast(schedule_id as string))') }} as schedule_id
    from {{ ref('stg_zendesk__schedule') }}

),

starts as (

    select tickets.ticket_id, default_schedule.schedule_id, tickets.created_at as schedule_started_at
    from tickets
    cross join default_schedule
    where default_schedule.schedule_id is not null
        and not exists (
            select 1
            from ticket_schedules
            where ticket_schedules.ticket_id = tickets.ticket_id
                and ticket_schedules.created_at >= tickets.created_at
                and ticket_schedules.created_at <= tickets.created_at + interval 5 second
        )
    union all
    select ticket_id, schedule_id, created_at
    from ticket_schedules

)

select
    ticket_id,
    cast(row_number() over periods_in_order as integer) as period_number,
    schedule_id,
    schedule_started_at,
    lead(schedule_started_at) over periods_in_order as schedule_ended_at
from starts
window periods_in_order as (partition by ticket_id order by schedule_started_at, schedule_id)
