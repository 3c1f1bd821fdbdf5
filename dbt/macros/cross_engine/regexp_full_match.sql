{#- Whether the whole of `expression` matches the regular expression `pattern` (an SQL string literal). -#}
{% macro regexp_full_match(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_full_match', 'helpdesk_metrics')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regexp_full_match(expression, pattern) -%}
regexp_full_match({{ expression }}, {{ pattern }})
{%- endmacro %}

{#- rlike matches anywhere: anchor the whole pattern. -#}
{% macro spark__regexp_full_match(expression, pattern) -%}
({{ expression }} rlike concat('^(?:', {{ pattern }}, ')$'))
{%- endmacro %}
