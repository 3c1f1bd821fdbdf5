{#- The instant `microseconds` (an integer expression) after the instant `instant`. -#}
{% macro add_microseconds(instant, microseconds) -%}
    {{ return(adapter.dispatch('add_microseconds', 'helpdesk_metrics')(instant, microseconds)) }}
{%- endmacro %}

{% macro default__add_microseconds(instant, microseconds) -%}
{{ instant }} + to_microseconds({{ microseconds }})
{%- endmacro %}

{% macro spark__add_microseconds(instant, microseconds) -%}
timestampadd(microsecond, {{ microseconds }}, {{ instant }})
{%- endmacro %}
