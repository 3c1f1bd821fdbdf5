{#- The columns that name an SLA target applied to a ticket in the SLA models (from
    int_zendesk__sla_policy_applied), in zendesk__sla_policies' order: a list, for a select or a group by.
        select {{ zendesk_sla_target_columns() | join(', ') }}, max(...) ... group by {{ ... }} -#}
{% macro zendesk_sla_target_columns() -%}
    {{ return(['ticket_id', 'sla_policy_name', 'metric', 'sla_applied_at', 'target', 'in_business_hours',
               'priority_applied']) }}
{%- endmacro %}
