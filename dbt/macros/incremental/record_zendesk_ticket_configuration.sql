{#- post_hook of int_tickets_in_scope: keep this build's Zendesk ticket configuration for the next build to
    compare with (zendesk_ticket_configuration); without var zendesk_account_schedules there is none. -#}
{% macro record_zendesk_ticket_configuration() -%}
    {%- if var('zendesk_account_schedules') -%}
        create or replace table meta.zendesk_ticket_configuration as {{ zendesk_ticket_configuration() }}
    {%- else -%}
        drop table if exists meta.zendesk_ticket_configuration
    {%- endif -%}
{%- endmacro %}
