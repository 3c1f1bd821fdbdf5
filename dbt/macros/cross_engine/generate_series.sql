{#- A table of the integers start, start + step, ... up to and including stop, for a FROM or a JOIN:
        cross join {{ generate_series(1, 60) }} as step(number) -#}
{% macro generate_series(start, stop, step=none) -%}
    {{ return(adapter.dispatch('generate_series', 'helpdesk_metrics')(start, stop, step)) }}
{%- endmacro %}

{% macro default__generate_series(start, stop, step) -%}
generate_series({{ start }}, {{ stop }}{% if step is not none %}, {{ step }}{% endif %})
{%- endmacro %}

{#- BIGINT as DuckDB's: sequence(1, 60) would be INT, and dbt-spark turns ANSI mode off, so a product past
    2^31 would wrap around silently instead of failing. -#}
{% macro spark__generate_series(start, stop, step) -%}
explode(sequence(cast({{ start }} as bigint), cast({{ stop }} as bigint){% if step is not none %}, cast({{ step }} as bigint){% endif %}))
{%- endmacro %}
