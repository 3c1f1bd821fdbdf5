{#- The value of `expression` on the row where `ordering` is greatest (a tuple `(a, b)` orders by a, then b). -#}
{% macro arg_max(expression, ordering) -%}
    {{ return(adapter.dispatch('arg_max', 'helpdesk_metrics')(expression, ordering)) }}
{%- endmacro %}

{% macro default__arg_max(expression, ordering) -%}
arg_max({{ expression }}, {{ ordering }})
{%- endmacro %}

{% macro spark__arg_max(expression, ordering) -%}
max_by({{ expression }}, {{ ordering }})
{%- endmacro %}
