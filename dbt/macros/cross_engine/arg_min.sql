{#- The value of `expression` on the row where `ordering` is least (a tuple `(a, b)` orders by a, then b). -#}
{% macro arg_min(expression, ordering) -%}
    {{ return(adapter.dispatch('arg_min', 'helpdesk_metrics')(expression, ordering)) }}
{%- endmacro %}

{% macro default__arg_min(expression, ordering) -%}
arg_min({{ expression }}, {{ ordering }})
{%- endmacro %}

{% macro spark__arg_min(expression, ordering) -%}
min_by({{ expression }}, {{ ordering }})
{%- endmacro %}
