{#- pre_hook: before the model inserts the rows of the tickets in scope, delete all their rows. -#}
{% macro delete_tickets_in_scope() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where ticket_id in (select ticket_id from {{ ref('int_tickets_in_scope') }})
    {%- endif -%}
{%- endmacro %}
