{#- Status values as free text (event old/new values) mapped to the status vocabulary:
    new, open, pending, on_hold, solved, closed. 'hold' is Zendesk's name for on_hold. -#}
{% macro normalize_status(column) -%}
    case replace(replace(lower(trim({{ column }})), ' ', '_'), '-', '_')
        when 'hold' then 'on_hold'
        else replace(replace(lower(trim({{ column }})), ' ', '_'), '-', '_')
    end
{%- endmacro %}
