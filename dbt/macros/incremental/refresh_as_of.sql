{#- post_hook: the rows of tickets out of scope hold the as-of instant in `column` (where `condition`) and
    nothing else that depends on it (int_tickets_in_scope), so moving it there is all they need. -#}
{% macro refresh_as_of(column='as_of_at', condition='true') -%}
    {%- if is_incremental() -%}
        update {{ this }} set {{ column }} = (select as_of_at from {{ ref('int_as_of') }})
        where ({{ condition }}) and {{ column }} is distinct from (select as_of_at from {{ ref('int_as_of') }})
    {%- endif -%}
{%- endmacro %}
