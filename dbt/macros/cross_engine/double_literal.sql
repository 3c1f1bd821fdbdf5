{#- A fractional constant computed as a double, e.g. {{ double_literal('60000000.0') }}. DuckDB reads 60000000.0
    as a decimal but divides and averages decimals as doubles; Spark keeps decimal arithmetic (x / 60000000.0
    rounds to 10 places, avg(1.0) to 5), so it needs the double written out. -#}
{% macro double_literal(text) -%}
    {{ return(adapter.dispatch('double_literal', 'helpdesk_metrics')(text)) }}
{%- endmacro %}

{% macro default__double_literal(text) -%}
{{ text }}
{%- endmacro %}

{% macro spark__double_literal(text) -%}
{{ text }}D
{%- endmacro %}
