{#- An instant as text in the session's time zone (UTC): 'YYYY-MM-DD HH:MM:SS', and '.ffffff' after it only
    when it has a fraction of a second, e.g. in zendesk__sla_policies' sla_event_id. Spark has no
    microsecond() and formats with date_format's patterns. -#}
{% macro instant_text(instant) -%}
    {{ return(adapter.dispatch('instant_text', 'helpdesk_metrics')(instant)) }}
{%- endmacro %}

{% macro default__instant_text(instant) -%}
strftime({{ instant }}, '%Y-%m-%d %H:%M:%S')
        || case when microsecond({{ instant }}) % 1000000 != 0 then strftime({{ instant }}, '.%f') else '' end
{%- endmacro %}

{% macro spark__instant_text(instant) -%}
date_format({{ instant }}, 'yyyy-MM-dd HH:mm:ss')
        || case when date_format({{ instant }}, 'SSSSSS') != '000000' then date_format({{ instant }}, '.SSSSSS') else '' end
{%- endmacro %}
