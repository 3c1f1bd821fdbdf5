{#- The `incremental` materialization on DuckDB, for the project's append strategy (the per-ticket models,
    docs/operations.md "Incremental refresh"), in one statement:
    - a full build (--full-refresh, or no table yet): `create or replace table … as`, as table.sql;
    - an incremental build: the pre-hook has deleted the rows of the tickets in scope
      (delete_tickets_in_scope), and `insert into … by name` appends the recomputed rows, in the hooks'
      transaction, so the delete, the insert and the post-hooks (refresh_as_of) commit together.
    dbt-duckdb's own writes the new rows to a temporary table first, compares its columns with the target's
    (get_columns_in_relation, expand_target_column_types), inserts from it and drops it: four to six more
    statements per model and the rows written twice. Columns are matched by name: a query with a column the
    table lacks fails the insert, and a column the query no longer has would be NULL in the new rows; so a
    model whose columns change needs a full build, which a refresh makes by itself (its fingerprint covers
    dbt/models) and a dbt command by hand with --full-refresh. -#}
{% materialization incremental, adapter="duckdb", supported_languages=["sql"] %}
    {%- if config.get("incremental_strategy") != "append" or config.get("unique_key") -%}
        {{ exceptions.raise_compiler_error(
            "the project's incremental materialization (dbt/macros/materializations/incremental.sql) appends"
            ~ " after the model's own delete pre-hook: configure incremental_strategy 'append' and no unique_key") }}
    {%- endif -%}
    {%- set target_relation = this.incorporate(type="table") -%}
    {%- set statement_sql -%}
        {%- if is_incremental() %}
        insert into {{ target_relation }} by name (
            {{ compiled_code }}
        );
        {%- else %}
        create or replace table {{ target_relation }} as (
            {{ compiled_code }}
        );
        {%- endif %}
    {%- endset -%}
    {{ return(build_in_one_statement(target_relation, statement_sql, pre_hooks, post_hooks)) }}
{% endmaterialization %}
