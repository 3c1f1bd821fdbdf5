{#- The tickets an incremental build recomputes (docs/operations.md, "Incremental refresh"):
    - every ticket the ingest changed since the last build (meta.changed_tickets, which this model empties);
    - every ticket with a value that depends on the as-of instant, which moves with every delivery: in the
      previous build's facts, a ticket not resolved (age, status times), a ticket with an SLA clock still
      running, a ticket Zendesk counts as unsolved (unsolved age, status durations);
    - with var zendesk_account_schedules, every ticket whose Zendesk configuration (schedule periods, applied
      SLA targets, the definitions of its schedules: zendesk_ticket_configuration) differs from the previous
      build's, which a delivery of only `ticket_schedule`, SLA, `schedule` or `schedule_holiday` rows changes
      without touching a canonical row of the ticket.
    No per-ticket model combines tickets (a merged ticket is only left out of fct_tickets), so nothing else
    depends on them. Empty on a --full-refresh build, where every model is rebuilt whole; every ticket when a
    fact of the previous build is missing. -#}
-- depends_on: {{ ref('stg_helpdesk__tickets') }}, {{ ref('stg_helpdesk__messages') }}
-- depends_on: {{ ref('stg_helpdesk__ticket_events') }}, {{ ref('stg_helpdesk__satisfaction_ratings') }}
{{ depends_on_zendesk_model('int_zendesk__ticket_schedule_periods') }}
{{ depends_on_zendesk_model('int_zendesk__sla_policy_applied') }}
{%- for model in ['stg_zendesk__schedule', 'stg_zendesk__schedule_holiday', 'stg_zendesk__time_zone',
                  'stg_zendesk__daylight_time'] %}
{{ depends_on_zendesk_model(model) }}
{%- endfor %}
{#- A Spark build is always full and has no meta schema (dagster_project/warehouse/spark.py). -#}
{{ config(post_hook=[] if target.type == 'spark' else
    ["delete from meta.changed_tickets", "{{ record_zendesk_ticket_configuration() }}"]) }}

{%- set facts = {} -%}
{%- set previous_configuration = none -%}
{%- if execute and not flags.FULL_REFRESH -%}
    {#- Zendesk's unsolved tickets only where its parity models are built: a refresh of another account
        leaves them out (dagster_project/defs/parity_marts.py). -#}
    {%- for name in ['fct_tickets', 'fct_sla_events'] + (['int_zendesk__ticket_resolutions'] if var('zendesk_marts') else []) -%}
        {%- do facts.update({name: previous_build_relation(name)}) -%}
    {%- endfor -%}
    {%- set previous_configuration = adapter.get_relation(database=this.database, schema='meta',
        identifier='zendesk_ticket_configuration') -%}
{%- endif %}

with scope as (

    {% if flags.FULL_REFRESH -%}
    select cast(null as {{ dbt.type_string() }}) as ticket_id where false
    {%- else -%}
    -- meta.changed_tickets is written by the ingest (dagster_project/ingest/changed_tickets.py), not a model
    select ticket_id from meta.changed_tickets
    {%- if none in facts.values() or not facts %}
    union all select ticket_id from {{ ref('stg_helpdesk__tickets') }}
    union all select ticket_id from {{ ref('stg_helpdesk__messages') }}
    union all select ticket_id from {{ ref('stg_helpdesk__ticket_events') }}
    union all select ticket_id from {{ ref('stg_helpdesk__satisfaction_ratings') }}
    {%- else %}
    union all select ticket_id from {{ facts['fct_tickets'] }} where resolved_at is null
    union all select ticket_id from {{ facts['fct_sla_events'] }} where stopped_at is null
    {%- if 'int_zendesk__ticket_resolutions' in facts %}
    union all select ticket_id from {{ facts['int_zendesk__ticket_resolutions'] }} where unsolved_ticket_age_minutes is not null
    {%- endif %}
    {%- endif %}
    {%- if var('zendesk_account_schedules') %}
    union all
    select ticket_id from (
        {%- if previous_configuration is none %}
        -- no configuration on record (the previous build did not measure on the account's schedules): all of it is new
        {{ zendesk_ticket_configuration() }}
        {%- else %}
        (select * from ({{ zendesk_ticket_configuration() }}) except all select * from {{ previous_configuration }})
        union all
        (select * from {{ previous_configuration }} except all select * from ({{ zendesk_ticket_configuration() }}))
        {%- endif %}
    )
    {%- endif %}
    {%- endif %}

)

select distinct ticket_id
from scope
where ticket_id is not null
