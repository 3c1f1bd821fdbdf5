{#- A Zendesk account's per-ticket configuration, as rows (ticket_id, model, row_value: the row as JSON): each
    ticket's schedule periods and the SLA targets applied to it. A delivery can change them without a
    canonical row of the ticket (a new `ticket_schedule` or `ticket_sla_policy` row, a policy revision), so
    int_tickets_in_scope compares them with the previous build's (meta.zendesk_ticket_configuration,
    written by record_zendesk_ticket_configuration) to find the tickets whose business minutes or SLA targets
    moved. Only with var zendesk_account_schedules (the models are disabled on Spark). -#}
{% macro zendesk_ticket_configuration() -%}
    {%- for model in ['int_zendesk__ticket_schedule_periods', 'int_zendesk__sla_policy_applied'] %}
    select cast(configured.ticket_id as varchar) as ticket_id, '{{ model }}' as model,
        cast(to_json(configured) as varchar) as row_value
    from {{ ref(model) }} as configured
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
