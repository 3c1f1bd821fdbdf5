{#- A double rounded to a bigint as DuckDB casts it: to the nearest, ties to even (2.5 to 2, 3.5 to 4), e.g.
    minutes as doubles (n / 60.0 * 60 is not always n) to whole seconds. Spark's cast truncates. -#}
{% macro round_to_bigint(expression) -%}
    {{ return(adapter.dispatch('round_to_bigint', 'helpdesk_metrics')(expression)) }}
{%- endmacro %}

{% macro default__round_to_bigint(expression) -%}
cast({{ expression }} as bigint)
{%- endmacro %}

{% macro spark__round_to_bigint(expression) -%}
cast(bround({{ expression }}) as bigint)
{%- endmacro %}
