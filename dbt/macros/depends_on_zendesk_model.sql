{#- `-- depends_on:` the Zendesk model a model reads only under var zendesk_account_schedules (dbt needs the
    ref at parse time, when the var may be false). On Spark the Zendesk SLA models are not built yet
    (dbt_project.yml), so there is nothing of theirs to depend on, and a build that asks for the account's
    schedules fails here rather than measuring Zendesk tickets without the account's SLA policies. -#}
{% macro depends_on_zendesk_model(model_name) -%}
{%- if target.type != 'spark' or not model_name.startswith('int_zendesk__sla_') -%}
-- depends_on: {{ ref(model_name) }}
{%- elif var('zendesk_account_schedules') -%}
{{ exceptions.raise_compiler_error("zendesk_account_schedules: the Zendesk SLA models (" ~ model_name ~ ") are not built on Spark yet (docs/scaling.md)") }}
{%- endif -%}
{%- endmacro %}
