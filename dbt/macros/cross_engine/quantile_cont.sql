{#- The continuous quantile (linear interpolation between the two nearest values) of an aggregate. -#}
{% macro quantile_cont(expression, quantile) -%}
    {{ return(adapter.dispatch('quantile_cont', 'helpdesk_metrics')(expression, quantile)) }}
{%- endmacro %}

{% macro default__quantile_cont(expression, quantile) -%}
quantile_cont({{ expression }}, {{ quantile }})
{%- endmacro %}

{#- Spark's percentile is exact too, but weighs the two values in another order and differs from DuckDB in the
    last bit (2952.0 for 2952.0000000000005); this is DuckDB's interpolation, on the sorted non-NULL values:
    position (n - 1) * q, the value there, or lo * (ceil - position) + hi * (position - floor) between two. -#}
{% macro spark__quantile_cont(expression, quantile) -%}
{%- set values = 'array_sort(collect_list(' ~ expression ~ '))' -%}
{%- set position = '((size(' ~ values ~ ') - 1) * cast(' ~ quantile ~ ' as double))' -%}
{%- set below = 'element_at(' ~ values ~ ', cast(floor(' ~ position ~ ') as int) + 1)' -%}
{%- set above = 'element_at(' ~ values ~ ', cast(ceil(' ~ position ~ ') as int) + 1)' -%}
(case
    when size({{ values }}) = 0 then null
    when floor({{ position }}) = ceil({{ position }}) then {{ below }}
    else {{ below }} * (ceil({{ position }}) - {{ position }}) + {{ above }} * ({{ position }} - floor({{ position }}))
end)
{%- endmacro %}
