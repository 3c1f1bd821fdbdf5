{#- The `view` materialization on DuckDB, in one statement: `create or replace view … as` (why: table.sql). -#}
{% materialization view, adapter="duckdb" %}
    {%- set target_relation = this.incorporate(type="view") -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {%- if existing_relation is not none and not existing_relation.is_view -%}
        {%- do adapter.drop_relation(existing_relation) -%}
    {%- endif -%}
    {% call statement("main", auto_begin=in_transaction(pre_hooks, post_hooks)) -%}
        create or replace view {{ target_relation }} as (
            {{ compiled_code }}
        );
    {%- endcall %}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% if in_transaction(pre_hooks, post_hooks) %}{{ adapter.commit() }}{% endif %}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({"relations": [target_relation]}) }}
{% endmaterialization %}
