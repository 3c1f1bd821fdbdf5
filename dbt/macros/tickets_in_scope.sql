{#- Incremental refresh (docs/operations.md): on an incremental build, the per-ticket models recompute only
    the tickets of int_tickets_in_scope. Each of them reads its per-ticket inputs through tickets_in_scope,
    deletes the rows of those tickets before inserting their new rows (delete_tickets_in_scope: a ticket may
    now have fewer rows, or none), and moves the as-of instant of the rows it kept (refresh_as_of).
    On a full build (--full-refresh, or the table does not exist yet) all three do nothing. -#}

{#- `relation` restricted to the tickets in scope on an incremental build of the calling model. -#}
{% macro tickets_in_scope(relation, ticket_column='ticket_id') -%}
    {#- Always referenced, so dbt orders the scope before every model that reads through it. -#}
    {%- set scope = ref('int_tickets_in_scope') -%}
    {%- if is_incremental() -%}
        (select * from {{ relation }} where {{ ticket_column }} in (select ticket_id from {{ scope }}))
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}

{#- pre_hook: before the model inserts the rows of the tickets in scope, delete all their rows. -#}
{% macro delete_tickets_in_scope() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where ticket_id in (select ticket_id from {{ ref('int_tickets_in_scope') }})
    {%- endif -%}
{%- endmacro %}

{#- post_hook: the rows of tickets out of scope hold the as-of instant in `column` (where `condition`) and
    nothing else that depends on it (int_tickets_in_scope), so moving it there is all they need. -#}
{% macro refresh_as_of(column='as_of_at', condition='true') -%}
    {%- if is_incremental() -%}
        update {{ this }} set {{ column }} = (select as_of_at from {{ ref('int_as_of') }})
        where ({{ condition }}) and {{ column }} is distinct from (select as_of_at from {{ ref('int_as_of') }})
    {%- endif -%}
{%- endmacro %}

{#- The relation a model of this project built in an earlier run, or none when the warehouse lacks it.
    For reading the previous build's facts without making them upstream of this build. -#}
{% macro previous_build_relation(model_name) -%}
    {%- set node = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('name', 'equalto', model_name) | first -%}
    {{ return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) }}
{%- endmacro %}
