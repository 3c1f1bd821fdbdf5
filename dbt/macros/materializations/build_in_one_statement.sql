{#- What the project's DuckDB materializations (table.sql, view.sql, incremental.sql) share around their one
    statement: the model's hooks, a relation of another type under the name dropped first, and the commit of
    the hooks' transaction when there is one (in_transaction). `statement_sql` is the statement, written for
    `target_relation`. -#}
{% macro build_in_one_statement(target_relation, statement_sql, pre_hooks, post_hooks) %}
    {%- set existing_relation = load_cached_relation(this) -%}
    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {%- if existing_relation is not none and existing_relation.type != target_relation.type -%}
        {%- do adapter.drop_relation(existing_relation) -%}
    {%- endif -%}
    {% call statement("main", auto_begin=in_transaction(pre_hooks, post_hooks)) -%}
        {{ statement_sql }}
    {%- endcall %}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% if in_transaction(pre_hooks, post_hooks) %}{{ adapter.commit() }}{% endif %}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({"relations": [target_relation]}) }}
{% endmacro %}
