{#- fivetran/dbt_zendesk's zendesk__ticket_backlog: the days of zendesk__ticket_field_history on which a
    ticket was unsolved (status neither solved, closed nor deleted), with its channel, and for each tracked
    field what the reference shows: the assignee's and requester's names beside their ids; the ticket form's,
    organization's, brand's and group's names instead of their ids; for locale_id the locale of that day's
    assignee (the reference's `local_name`; the current assignee's when assignee_id is not tracked, where the
    reference fails); other fields as they are. Empty unless var zendesk_marts. -#}
/* depends_on (the joins follow var ticket_field_history_columns): {{ ref('stg_zendesk__user') }},
   {{ ref('int_zendesk__latest_ticket_forms') }}, {{ ref('stg_zendesk__organization') }},
   {{ ref('stg_zendesk__brand') }}, {{ ref('stg_zendesk__group') }} */
{%- set fields = var('ticket_field_history_columns') -%}
{#- field -> (relation, alias, key, name column, output column, keeps the id) -#}
{%- set named = {
    'assignee_id': ('stg_zendesk__user', 'assignee', 'user_id', 'name', 'assignee_name', true),
    'requester_id': ('stg_zendesk__user', 'requester', 'user_id', 'name', 'requester_name', true),
    'ticket_form_id': ('int_zendesk__latest_ticket_forms', 'ticket_form', 'ticket_form_id', 'name', 'ticket_form_name', false),
    'organization_id': ('stg_zendesk__organization', 'organization', 'organization_id', 'name', 'organization_name', false),
    'brand_id': ('stg_zendesk__brand', 'brand', 'brand_id', 'name', 'brand_name', false),
    'group_id': ('stg_zendesk__group', 'group_names', 'group_id', 'name', 'group_name', false),
} -%}

select
    history.source_relation,
    history.date_day,
    history.ticket_id,
    history.status,
    ticket.created_channel
    {%- for field in fields if field != 'status' %},
    {%- if field in named %}
    {%- set relation, alias, key, name, output, keeps_id = named[field] %}
    {%- if keeps_id %}
    history.{{ field }},
    {%- endif %}
    {{ alias }}.{{ name }} as {{ output }}
    {%- elif field == 'locale_id' %}
    {{ 'assignee' if 'assignee_id' in fields else 'locale_assignee' }}.locale as local_name
    {%- else %}
    history.{{ field }}
    {%- endif %}
    {%- endfor %}
from {{ ref('zendesk__ticket_field_history') }} as history
left join {{ ref('stg_zendesk__ticket') }} as ticket on ticket.ticket_id = history.ticket_id
{%- for field in fields if field in named %}
{%- set relation, alias, key, name, output, keeps_id = named[field] %}
left join {{ ref(relation) }} as {{ alias }} on {{ alias }}.{{ key }} = history.{{ field }}
{%- endfor %}
{%- if 'locale_id' in fields and 'assignee_id' not in fields %}
left join {{ ref('stg_zendesk__user') }} as locale_assignee on locale_assignee.user_id = ticket.assignee_id
{%- endif %}
where history.status not in ('closed', 'solved', 'deleted')
