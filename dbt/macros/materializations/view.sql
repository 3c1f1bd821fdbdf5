{#- The `view` materialization on DuckDB, in one statement: `create or replace view … as` (why: table.sql). -#}
{% materialization view, adapter="duckdb" %}
    {%- set target_relation = this.incorporate(type="view") -%}
    {%- set statement_sql -%}
        create or replace view {{ target_relation }} as (
            {{ compiled_code }}
        );
    {%- endset -%}
    {{ return(build_in_one_statement(target_relation, statement_sql, pre_hooks, post_hooks)) }}
{% endmaterialization %}
