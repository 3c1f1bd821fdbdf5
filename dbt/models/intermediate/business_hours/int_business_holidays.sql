{#- Every schedule's holidays: the holidays seed and, with var zendesk_account_schedules, the account's own
    Zendesk holidays. -#}
{{ depends_on_zendesk_model('int_zendesk__business_holidays') }}

select schedule_id, start_local, end_local, name
from {{ ref('holidays') }}
{%- if var('zendesk_account_schedules') %}
union all
select schedule_id, start_local, end_local, name
from {{ ref('int_zendesk__business_holidays') }}
{%- endif %}
