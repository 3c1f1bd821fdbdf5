{#- The `table` materialization on DuckDB, in one statement: `create or replace table … as`.

    dbt-duckdb's own builds the table under a temporary name, renames the existing table to a backup, renames
    the new one into place and drops the backup (plus index, foreign-key and cache look-ups around each step),
    so that readers of the database never miss the table. A refresh builds into its working copy, which nobody
    reads until it is published whole (dagster_project/warehouse/publish.py), and DuckDB replaces a table
    atomically in one statement anyway; a build by hand keeps that atomicity. The column comments are written
    for the whole build at its end (persist_docs_in_one_pass). -#}
{% materialization table, adapter="duckdb", supported_languages=["sql"] %}
    {%- set target_relation = this.incorporate(type="table") -%}
    {%- set statement_sql -%}
        create or replace table {{ target_relation }} as (
            {{ compiled_code }}
        );
    {%- endset -%}
    {{ return(build_in_one_statement(target_relation, statement_sql, pre_hooks, post_hooks)) }}
{% endmaterialization %}
