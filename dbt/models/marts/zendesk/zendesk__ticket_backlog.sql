{#- fivetran/dbt_zendesk's zendesk__ticket_backlog: the days of zendesk__ticket_field_history on which a
    ticket was unsolved (status neither solved, closed nor deleted), with its channel, and for the tracked
    fields the assignee's name beside assignee_id (other tracked fields as they are). Empty unless var
    zendesk_marts. -#}
{%- set fields = var('ticket_field_history_columns') -%}

select
    history.source_relation,
    history.date_day,
    history.ticket_id,
    history.status,
    ticket.created_channel
    {%- for field in fields if field != 'status' %},
    {%- if field == 'assignee_id' %}
    history.assignee_id,
    assignee.name as assignee_name
    {%- else %}
    history.{{ field }}
    {%- endif %}
    {%- endfor %}
from {{ ref('zendesk__ticket_field_history') }} as history
left join {{ ref('stg_zendesk__ticket') }} as ticket on ticket.ticket_id = history.ticket_id
{%- if 'assignee_id' in fields %}
left join {{ ref('stg_zendesk__user') }} as assignee on assignee.user_id = history.assignee_id
{%- endif %}
where history.status not in ('closed', 'solved', 'deleted')
