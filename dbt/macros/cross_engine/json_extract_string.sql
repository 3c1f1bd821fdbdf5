{#- The value at `path` (a JSONPath such as '$.minutes') of the JSON text `json` as a string: a string
    without its quotes, a number or boolean as written; NULL where the path is missing. -#}
{% macro json_extract_string(json, path) -%}
    {{ return(adapter.dispatch('json_extract_string', 'helpdesk_metrics')(json, path)) }}
{%- endmacro %}

{% macro default__json_extract_string(json, path) -%}
json_extract_string({{ json }}, {{ path }})
{%- endmacro %}

{% macro spark__json_extract_string(json, path) -%}
get_json_object({{ json }}, {{ path }})
{%- endmacro %}
