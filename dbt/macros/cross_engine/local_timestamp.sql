{#- The wall-clock time (a naive timestamp) in time zone `zone` (an SQL expression) at the instant `instant`. -#}
{% macro local_timestamp(zone, instant) -%}
    {{ return(adapter.dispatch('local_timestamp', 'helpdesk_metrics')(zone, instant)) }}
{%- endmacro %}

{% macro default__local_timestamp(zone, instant) -%}
timezone({{ zone }}, {{ instant }})
{%- endmacro %}

{#- from_utc_timestamp shifts the instant by the zone's offset; read in the UTC session it is the wall clock. -#}
{% macro spark__local_timestamp(zone, instant) -%}
cast(from_utc_timestamp({{ instant }}, {{ zone }}) as timestamp_ntz)
{%- endmacro %}
