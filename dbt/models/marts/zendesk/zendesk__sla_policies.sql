{#- fivetran/dbt_zendesk's zendesk__sla_policies: one row per SLA target applied to a ticket (ticket x metric x
    application: first_reply_time, next_reply_time, agent_work_time, requester_wait_time), with its policy,
    target, the priority it was applied for, and when it breaches (or, when met,
    the instant it was met), the minutes elapsed, whether it is still running and whether it was breached;
    business-hours targets on the ticket's schedules, by our definitions or, under var zendesk_compat, the
    reference's (docs/zendesk-parity.md). Empty unless var zendesk_marts. -#}
with as_of as (

    select as_of_at from {{ ref('int_zendesk__as_of') }}

),

{%- set sla_columns = zendesk_sla_target_columns() + ['sla_breach_at', 'sla_elapsed_time', 'is_sla_breached'] %}

-- the two SLA models give these columns in this order
slas as (

    select {{ sla_columns | join(', ') }} from {{ ref('int_zendesk__sla_reply_times') }}
    union all
    select {{ sla_columns | join(', ') }} from {{ ref('int_zendesk__sla_status_times') }}

)

select
    md5(
        {{ zendesk_source_relation() }} || '-' || ticket_id || '-' || metric || '-'
        || {{ instant_text('sla_applied_at') }}
    ) as sla_event_id,
    {{ zendesk_source_relation() }} as source_relation,
    -- the targets' columns as the SLA models give them, sla_breach_at last
    {{ star_except('slas', ['sla_elapsed_time', 'is_sla_breached']) }},
    round(sla_elapsed_time, 4) as sla_elapsed_time,
    sla_breach_at > (select as_of_at from as_of) as is_active_sla,
    case when sla_breach_at > (select as_of_at from as_of) then null else is_sla_breached end as is_sla_breach
from slas
{{ zendesk_marts_only() }}
