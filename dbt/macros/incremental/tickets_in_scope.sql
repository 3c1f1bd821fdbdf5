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
