{#- dbt's per-node persist_docs, which the materializations call after each node: the command's
    persist_docs_in_one_pass writes the same comments at its end. -#}
{% macro duckdb__persist_docs(relation, model, for_relation, for_columns) -%}
{%- endmacro %}
