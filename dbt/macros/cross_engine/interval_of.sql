{#- A span of `amount` (an integer) whole `unit`s ('day', 'hour', 'minute', 'second') to add to or subtract from
    an instant: DuckDB's to_days(), to_minutes(), ...; Spark's day-time interval. -#}
{% macro interval_of(amount, unit) -%}
    {{ return(adapter.dispatch('interval_of', 'helpdesk_metrics')(amount, unit)) }}
{%- endmacro %}

{% macro default__interval_of(amount, unit) -%}
to_{{ unit }}s({{ amount }})
{%- endmacro %}

{% macro spark__interval_of(amount, unit) -%}
{%- set position = ['day', 'hour', 'minute', 'second'].index(unit) -%}
make_dt_interval({{ (['0'] * position + [amount]) | join(', ') }})
{%- endmacro %}
