{#- Every schedule's weekly hours: the business_schedules seed and, with var zendesk_account_schedules (a
    refresh sets it for a Zendesk delivery), the account's own Zendesk schedules. -#}
{{ depends_on_zendesk_model('int_zendesk__business_schedules') }}

select schedule_id, timezone, weekday, start_local, end_local, valid_from, valid_to
from {{ ref('business_schedules') }}
{%- if var('zendesk_account_schedules') %}
union all
select schedule_id, timezone, weekday, start_local, end_local, valid_from, valid_to
from {{ ref('int_zendesk__business_schedules') }}
{%- endif %}
