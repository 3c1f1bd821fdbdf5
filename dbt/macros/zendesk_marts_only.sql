{#- The closing filter of a Zendesk parity model: `where false` when the parity marts are off for this
    account (var zendesk_marts, set by the refresh for Zendesk accounts), so the table keeps its columns and
    no rows; DuckDB runs nothing under a constant false filter. Nothing when they are on. -#}
{% macro zendesk_marts_only() -%}
    {%- if not var('zendesk_marts') %}where false{% endif -%}
{%- endmacro %}
