{#- The continuous quantile (linear interpolation between the two nearest values) of an aggregate. -#}
{% macro quantile_cont(expression, quantile) -%}
    {{ return(adapter.dispatch('quantile_cont', 'helpdesk_metrics')(expression, quantile)) }}
{%- endmacro %}

{% macro default__quantile_cont(expression, quantile) -%}
quantile_cont({{ expression }}, {{ quantile }})
{%- endmacro %}

{#- Spark's percentile is exact and interpolates the same way (approx_percentile would not be exact). -#}
{% macro spark__quantile_cont(expression, quantile) -%}
percentile({{ expression }}, {{ quantile }})
{%- endmacro %}
