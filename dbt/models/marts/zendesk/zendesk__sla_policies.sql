{#- fivetran/dbt_zendesk's zendesk__sla_policies: one row per SLA target applied to a ticket (ticket x metric x
    application: first_reply_time, next_reply_time, agent_work_time, requester_wait_time), with its policy,
    target, the priority it was applied for, and when it breaches (or, when met,
    the instant it was met), the minutes elapsed, whether it is still running and whether it was breached;
    business-hours targets on the ticket's schedules, by our definitions or, under var zendesk_compat, the
    reference's (docs/zendesk-parity.md). Empty unless var zendesk_marts. -#}
with as_of as (

    select as_of_at from {{ ref('int_zendesk__as_of') }}

),

slas as (

    select * from {{ ref('int_zendesk__sla_reply_times') }}
    union all by name
    select * from {{ ref('int_zendesk__sla_status_times') }}

)

select
    md5(
        {{ zendesk_source_relation() }} || '-' || ticket_id || '-' || metric || '-'
        || strftime(sla_applied_at, '%Y-%m-%d %H:%M:%S')
        || case when microsecond(sla_applied_at) % 1000000 != 0 then strftime(sla_applied_at, '.%f') else '' end
    ) as sla_event_id,
    {{ zendesk_source_relation() }} as source_relation,
    -- the targets' columns as the SLA models give them, sla_breach_at last
    {{ star_except('slas', ['sla_elapsed_time', 'is_sla_breached']) }},
    round(sla_elapsed_time, 4) as sla_elapsed_time,
    sla_breach_at > (select as_of_at from as_of) as is_active_sla,
    case when sla_breach_at > (select as_of_at from as_of) then null else is_sla_breached end as is_sla_breach
from slas
{{ zendesk_marts_only() }}
