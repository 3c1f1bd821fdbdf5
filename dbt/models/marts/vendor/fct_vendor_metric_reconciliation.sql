{#- Our value, the vendor's and the difference per ticket and metric, for every metric the vendor reported
    (Zendesk API ticket_metrics, an incident log's made_sla: stg_vendor__ticket_metrics). Ours come from
    zendesk__ticket_metrics, whose columns mean what Zendesk's do (docs/zendesk-parity.md says where our
    definitions differ), and fct_sla_events for made_sla. Without the Zendesk marts (another vendor's
    account: a refresh leaves them out, dagster_project/defs/parity_marts.py) ours is null for Zendesk's
    metrics. Minutes agree within one minute, since vendors report
    whole minutes; counts agree exactly. Empty until a delivery brought vendor metrics. -#}
{#- (metric, our column, vendor column, tolerance: a difference below it agrees) -#}
{%- set metrics = [
    ('first_reply_calendar_minutes', 'first_reply_time_calendar_minutes', 'reply_time_calendar_minutes', 1),
    ('first_reply_business_minutes', 'first_reply_time_business_minutes', 'reply_time_business_minutes', 1),
    ('first_resolution_calendar_minutes', 'first_resolution_calendar_minutes', 'first_resolution_calendar_minutes', 1),
    ('first_resolution_business_minutes', 'first_resolution_business_minutes', 'first_resolution_business_minutes', 1),
    ('full_resolution_calendar_minutes', 'final_resolution_calendar_minutes', 'full_resolution_calendar_minutes', 1),
    ('full_resolution_business_minutes', 'full_resolution_business_minutes', 'full_resolution_business_minutes', 1),
    ('agent_wait_calendar_minutes', 'agent_wait_time_in_calendar_minutes', 'agent_wait_calendar_minutes', 1),
    ('agent_wait_business_minutes', 'agent_wait_time_in_business_minutes', 'agent_wait_business_minutes', 1),
    ('requester_wait_calendar_minutes', 'requester_wait_time_in_calendar_minutes', 'requester_wait_calendar_minutes', 1),
    ('requester_wait_business_minutes', 'requester_wait_time_in_business_minutes', 'requester_wait_business_minutes', 1),
    ('on_hold_calendar_minutes', 'on_hold_time_in_calendar_minutes', 'on_hold_calendar_minutes', 1),
    ('on_hold_business_minutes', 'on_hold_time_in_business_minutes', 'on_hold_business_minutes', 1),
    ('reopens', 'count_reopens', 'reopens', 0.5),
    ('replies', 'total_agent_replies', 'replies', 0.5),
    ('assignee_stations', 'assignee_stations_count', 'assignee_stations', 0.5),
    ('group_stations', 'group_stations_count', 'group_stations', 0.5),
] -%}

with vendor as (

    select * from {{ ref('stg_vendor__ticket_metrics') }}

),

paired as (

    {%- for metric, our_column, vendor_column, tolerance in metrics %}
    select
        vendor.ticket_id,
        '{{ metric }}' as metric,
        {% if var('zendesk_marts') -%}
        cast(ours.{{ our_column }} as double) as our_value,
        {%- else -%}
        cast(null as double) as our_value,
        {%- endif %}
        cast(vendor.{{ vendor_column }} as double) as vendor_value,
        {{ tolerance }} as tolerance
    from vendor
    {%- if var('zendesk_marts') %}
    left join {{ ref('zendesk__ticket_metrics') }} as ours on ours.ticket_id = vendor.ticket_id
    {%- endif %}
    where vendor.{{ vendor_column }} is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    union all
    -- a vendor's own SLA verdict (an incident log's made_sla; 1 = made) against ours: no SLA clock breached
    select vendor.ticket_id, 'made_sla', cast(ours.made_sla as double), cast(vendor.made_sla as double), 0.5
    from vendor
    left join (
        select ticket_id, not bool_or(coalesce(is_breached, false)) as made_sla
        from {{ ref('fct_sla_events') }}
        group by ticket_id
    ) as ours on ours.ticket_id = vendor.ticket_id
    where vendor.made_sla is not null

)

select
    ticket_id,
    metric,
    our_value,
    vendor_value,
    our_value - vendor_value as difference,
    case when our_value is not null and vendor_value is not null
        then abs(our_value - vendor_value) < tolerance
    end as is_match
from paired

