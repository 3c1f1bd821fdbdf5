{#- The instant (timestamptz) at which the wall clock of time zone `zone` shows the naive timestamp `local`. -#}
{% macro instant_at_local(zone, local) -%}
    {{ return(adapter.dispatch('instant_at_local', 'helpdesk_metrics')(zone, local)) }}
{%- endmacro %}

{% macro default__instant_at_local(zone, local) -%}
timezone({{ zone }}, {{ local }})
{%- endmacro %}

{% macro spark__instant_at_local(zone, local) -%}
to_utc_timestamp({{ local }}, {{ zone }})
{%- endmacro %}
