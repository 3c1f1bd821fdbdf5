{#- on-run-end: the descriptions of every model and seed this command built, written into the DuckDB catalog
    (`comment on`) in one statement for the whole build, instead of dbt's two column look-ups and two
    statements after each node. The same comments as dbt-duckdb's persist_docs: the relation's description
    when it has one, and each documented column's that the relation holds under that exact name; a documented
    column it lacks is warned about, as dbt does. -#}
{% macro persist_docs_in_one_pass(results) -%}
    {%- if not execute or target.type != "duckdb" -%}{{ return("") }}{%- endif -%}
    {%- set built = [] -%}
    {%- for result in results
        if result.node.resource_type in ("model", "seed") and result.status == "success"
        and result.node.config.persist_docs -%}
        {%- do built.append(result.node) -%}
    {%- endfor -%}
    {%- if not built -%}{{ return("") }}{%- endif -%}
    {#- Outside a transaction, so that the hook's statement commits by itself. -#}
    {%- call statement("columns_of_built_relations", fetch_result=True, auto_begin=False) -%}
        select database_name, schema_name, table_name, column_name from duckdb_columns()
        where schema_name in ('{{ built | map(attribute="schema") | unique | join("', '") }}')
    {%- endcall -%}
    {%- set existing = {} -%}
    {%- for row in load_result("columns_of_built_relations").table.rows -%}
        {%- do existing.setdefault((row[0], row[1], row[2]), []).append(row[3]) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for node in built -%}
        {%- set relation = api.Relation.create(
            database=node.database, schema=node.schema, identifier=node.alias,
            type="view" if node.config.materialized == "view" else "table") -%}
        {%- set columns = existing.get((node.database, node.schema, node.alias), []) -%}
        {%- if node.config.persist_docs.get("relation") and node.description -%}
            {%- do statements.append(duckdb__alter_relation_comment(relation, node.description) | trim) -%}
        {%- endif -%}
        {%- if node.config.persist_docs.get("columns") -%}
            {%- set missing = [] -%}
            {%- for name, column in node.columns.items() -%}
                {%- if name in columns -%}
                    {%- do statements.append("comment on column " ~ relation ~ "."
                        ~ (adapter.quote(name) if column.quote else name) ~ " is "
                        ~ duckdb_escape_comment(column.description) ~ ";") -%}
                {%- elif (name if column.quote else name | lower) not in (columns if column.quote else columns | map("lower") | list) -%}
                    {%- do missing.append(name) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if missing -%}
                {%- do exceptions.warn("In relation " ~ relation.render() ~ ": The following columns are specified"
                    ~ " in the schema but are not present in the database: " ~ missing | join(", ")) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {#- One transaction: in autocommit each `comment on` would be a commit of the file of its own. -#}
    {{ return(("begin;\n" ~ statements | join("\n") ~ "\ncommit;") if statements else "") }}
{%- endmacro %}
