{#- `-- depends_on:` the Zendesk model a model reads only under var zendesk_account_schedules (dbt needs the
    ref at parse time, when the var may be false). -#}
{% macro depends_on_zendesk_model(model_name) -%}
-- depends_on: {{ ref(model_name) }}
{%- endmacro %}
