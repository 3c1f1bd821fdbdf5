{#- A table of start, start + step, ... before stop (stop excluded; integers, or timestamps with an interval
    step), for a FROM that may read earlier FROM items (lateral):
        from bounds, {{ range_series('bounds.first_day', 'bounds.last_day + interval 1 day', 'interval 1 day') }} as days(day_start)
    DuckDB names the column `range` when no alias names it. -#}
{% macro range_series(start, stop, step) -%}
    {{ return(adapter.dispatch('range_series', 'helpdesk_metrics')(start, stop, step)) }}
{%- endmacro %}

{% macro default__range_series(start, stop, step) -%}
range({{ start }}, {{ stop }}, {{ step }})
{%- endmacro %}

{#- Spark's sequence includes its stop. -#}
{% macro spark__range_series(start, stop, step) -%}
lateral explode(sequence({{ start }}, ({{ stop }}) - {{ step }}, {{ step }}))
{%- endmacro %}
