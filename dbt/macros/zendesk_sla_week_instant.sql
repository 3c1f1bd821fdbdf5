{#- The instant `minutes` (a SQL expression) after the start of the count's week in the reference's
    business-hours SLAs (macro zendesk_sla_weekly_spine): the Sunday week_started_on, plus week_number weeks. -#}
{% macro zendesk_sla_week_instant(minutes) -%}
    (cast(week_started_on as {{ type_timestamptz() }})
        + {{ interval_of(round_to_bigint('week_number * 604800 + (' ~ minutes ~ ') * 60'), 'second') }})
{%- endmacro %}
