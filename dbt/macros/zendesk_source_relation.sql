{#- The Zendesk-shaped marts' `source_relation`: the reference's database.schema of the Zendesk tables a
    row came from (one account per warehouse here). Var `zendesk_source_relation` sets it, e.g. to the
    label a dashboard built on the reference filters on; by default the warehouse's raw schema. -#}
{% macro zendesk_source_relation() -%}
    '{{ var("zendesk_source_relation", none) or (target.database ~ ".raw") }}'
{%- endmacro %}
