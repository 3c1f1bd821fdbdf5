{#- `-- depends_on:` the Zendesk model a model reads only under var zendesk_account_schedules (dbt needs the
    ref at parse time, when the var may be false). On Spark the Zendesk models are disabled (dbt_project.yml),
    so there is nothing to depend on, and a build that asks for the account's schedules fails here rather
    than measuring Zendesk tickets on the seeds' schedules. -#}
{% macro depends_on_zendesk_model(model_name) -%}
{%- if target.type != 'spark' -%}
-- depends_on: {{ ref(model_name) }}
{%- elif var('zendesk_account_schedules') -%}
{{ exceptions.raise_compiler_error("zendesk_account_schedules: the Zendesk models are not built on Spark (docs/scaling.md)") }}
{%- endif -%}
{%- endmacro %}
