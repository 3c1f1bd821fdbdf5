{#- A table of the integers start, start + step, ... up to and including stop, for a FROM or a JOIN:
        cross join {{ generate_series(1, 60) }} as step(number) -#}
{% macro generate_series(start, stop, step=none) -%}
    {{ return(adapter.dispatch('generate_series', 'helpdesk_metrics')(start, stop, step)) }}
{%- endmacro %}

{% macro default__generate_series(start, stop, step) -%}
generate_series({{ start }}, {{ stop }}{% if step is not none %}, {{ step }}{% endif %})
{%- endmacro %}

{% macro spark__generate_series(start, stop, step) -%}
explode(sequence({{ start }}, {{ stop }}{% if step is not none %}, {{ step }}{% endif %}))
{%- endmacro %}
