{#- One row per SLA clock: each ticket's first response and full resolution, and each next-response cycle
    (cycle 2 onwards), with its target (int_sla_policies_matched_to_tickets), elapsed time in the policy's time basis,
    the instant the target ran out, and whether it was met, breached or is still running at the as-of time.
    Definitions: docs/metrics.md. -#}
{{ config(post_hook="{{ refresh_as_of() }}") }}
-- depends_on: {{ ref('int_as_of') }}

with tickets as (

    select * from {{ tickets_in_scope(ref('fct_tickets')) }}

),

responses as (

    select ticket_id, 'first_response' as metric, cast(null as integer) as cycle_number,
        requested_at as started_at, first_response_at as replied_at
    from tickets
    where requested_at is not null

    union all

    select cycles.ticket_id, 'next_response', cycles.cycle_number, cycles.cycle_started_at, cycles.replied_at
    from {{ tickets_in_scope(ref('int_reply_cycles')) }} as cycles
    inner join tickets on tickets.ticket_id = cycles.ticket_id
    where cycles.cycle_number >= 2

),

clocks as (

    -- a response clock stops at the reply, or when the ticket is resolved without one
    select
        responses.ticket_id,
        responses.metric,
        responses.cycle_number,
        responses.started_at,
        coalesce(
            responses.replied_at,
            case when tickets.resolved_at >= responses.started_at then tickets.resolved_at end
        ) as stopped_at,
        case
            when responses.replied_at is not null then 'reply'
            when tickets.resolved_at >= responses.started_at then 'resolution'
        end as stopped_by
    from responses
    inner join tickets on tickets.ticket_id = responses.ticket_id

    union all

    select ticket_id, 'full_resolution', null, resolution_started_at, resolved_at,
        case when resolved_at is not null then 'resolution' end
    from tickets

),

targeted as (

    select
        clocks.*,
        tickets.channel,
        tickets.team_id,
        tickets.assignee_id,
        tickets.priority,
        tickets.category,
        tickets.as_of_at,
        coalesce(clocks.stopped_at, tickets.as_of_at) as measured_until,
        policies.target_minutes,
        policies.time_basis,
        -- a calendar policy needs no business clock (NULL: not computed)
        case when policies.time_basis = 'business' then clocks.ticket_id end as business_ticket_id
    from clocks
    inner join tickets on tickets.ticket_id = clocks.ticket_id
    inner join {{ tickets_in_scope(ref('int_sla_policies_matched_to_tickets')) }} as policies
        on policies.ticket_id = clocks.ticket_id
        and policies.metric = clocks.metric

),

measured as (

    -- the ticket's clock at every instant a business clock starts or is read at: a clock often starts where
    -- another stops (a reply and the next request, a request and the resolution clock)
    {{ business_hours_ticket_clock_at('targeted', ['started_at', 'measured_until'], ticket_column='business_ticket_id') }}

),

deadlines as (

    -- the target may run out on a later schedule period than the one the clock started in
    {{ business_hours_ticket_instant_after('measured', ticket_column='business_ticket_id', start_column='started_at',
        minutes_column='target_minutes', start_business_us_column='started_at_business_us') }}

),

elapsed as (

    select
        *,
        case time_basis
            when 'calendar' then {{ minutes_between('started_at', 'measured_until') }}
            else {{ business_hours_minutes_between('started_at_business_us', 'measured_until_business_us') }}
        end as elapsed_minutes,
        case time_basis
            when 'calendar' then {{ add_microseconds('started_at', 'cast(round(target_minutes * 60000000) as bigint)') }}
            else business_deadline_at
        end as breach_at
    from deadlines

)

select
    ticket_id,
    metric,
    cycle_number,
    channel,
    team_id,
    assignee_id,
    priority,
    category,
    time_basis,
    target_minutes,
    started_at,
    stopped_at,
    stopped_by,
    elapsed_minutes,
    breach_at,
    case
        when elapsed_minutes is null then 'unmeasured'
        when elapsed_minutes > target_minutes then 'breached'
        when stopped_at is not null then 'met'
        else 'running'
    end as sla_status,
    -- a clock still running within its target is neither met nor breached
    case when elapsed_minutes is not null then elapsed_minutes > target_minutes end as is_breached,
    case when elapsed_minutes is not null then stopped_at is not null and elapsed_minutes <= target_minutes end
        as is_met,
    stopped_at is null and elapsed_minutes <= target_minutes as is_running,
    as_of_at
from elapsed
