{#- The schedules a ticket's business time is measured on, one row per period in order, with the business
    clock's offset in each (docs/business-hours.md, "A ticket's schedule periods"). A canonical ticket has one
    period, unbounded both ways, on its schedule at the request (int_schedules_matched_to_tickets). With var
    zendesk_account_schedules a Zendesk ticket has the periods of int_zendesk__ticket_schedule_periods, each
    from its stamp to the next, the first also reaching back before its stamp (so the schedule in force at the
    request is the one int_schedules_matched_to_tickets names) and the last without end.
    The ticket's clock is G(t) = clock_offset_us + F(schedule, t) in the period holding t: the offsets make G
    continuous at every change of schedule, so G(b) - G(a) sums, period by period, the business time of
    [a, b) on each period's schedule. -#}
{{ depends_on_zendesk_model('int_zendesk__ticket_schedule_periods') }}

with matched as (

    select ticket_id, schedule_id
    from {{ tickets_in_scope(ref('int_schedules_matched_to_tickets')) }}

),

{%- if var('zendesk_account_schedules') %}

account_periods as (

    select account.ticket_id, account.period_number, account.schedule_id,
        -- the first period also holds what happened before its stamp
        case when account.period_number > 1 then account.schedule_started_at end as started_at,
        account.schedule_ended_at as ended_at
    from {{ ref('int_zendesk__ticket_schedule_periods') }} as account
    inner join matched on matched.ticket_id = account.ticket_id

),
{%- endif %}

periods as (

    {%- if var('zendesk_account_schedules') %}
    select * from account_periods
    union all
    {%- endif %}
    select ticket_id, 1 as period_number, schedule_id,
        cast(null as {{ type_timestamptz() }}) as started_at, cast(null as {{ type_timestamptz() }}) as ended_at
    from matched
    {%- if var('zendesk_account_schedules') %}
    where not exists (select 1 from account_periods where account_periods.ticket_id = matched.ticket_id)
    {%- endif %}

),

changes as (

    -- a change of schedule: the clock of the schedule left and of the one entered, at the change
    select
        *,
        lag(schedule_id) over (partition by ticket_id order by period_number) as previous_schedule_id
    from periods

),

clock as (

    {{ business_hours_clock([('changes', 'previous_schedule_id', 'started_at'),
                             ('changes', 'schedule_id', 'started_at'),
                             ('changes', 'schedule_id', 'ended_at')]) }}

),

jumps as (

    select
        changes.*,
        case
            when changes.period_number = 1 then cast(0 as bigint)
            else left_clock.business_us - entered_clock.business_us
        end as jump_us,
        entered_clock.business_us as started_at_f_us,
        ended_clock.business_us as ended_at_f_us
    from changes
    left join clock as left_clock
        on left_clock.schedule_id = changes.previous_schedule_id and left_clock.instant_at = changes.started_at
    left join clock as entered_clock
        on entered_clock.schedule_id = changes.schedule_id and entered_clock.instant_at = changes.started_at
    left join clock as ended_clock
        on ended_clock.schedule_id = changes.schedule_id and ended_clock.instant_at = changes.ended_at

),

offsets as (

    -- NULL from a change whose clock is unknown (a schedule without hours) on: sum() would skip it
    select
        *,
        case
            when count(*) over earlier = count(jump_us) over earlier then cast(sum(jump_us) over earlier as bigint)
        end as clock_offset_us
    from jumps
    window earlier as (partition by ticket_id order by period_number rows between unbounded preceding and current row)

)

select
    ticket_id,
    cast(period_number as integer) as period_number,
    schedule_id,
    started_at,
    ended_at,
    clock_offset_us,
    case when period_number > 1 then clock_offset_us + started_at_f_us end as started_at_business_us,
    clock_offset_us + ended_at_f_us as ended_at_business_us
from offsets
