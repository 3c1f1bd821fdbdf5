{#- Whether a Zendesk model uses fivetran/dbt_zendesk's definition of `part` instead of ours
    (docs/zendesk-parity.md): `minute_boundaries` (rule M) or `definitions` (rules C, D, N, S, G, U). Var
    `zendesk_compat` (a refresh sets it from HELPDESK_ZENDESK_COMPAT or the manifest key) turns on both; the
    var `zendesk_compat_<part>` sets one alone. -#}
{% macro zendesk_compat(part) -%}
    {{ return(var('zendesk_compat_' ~ part, var('zendesk_compat'))) }}
{%- endmacro %}
