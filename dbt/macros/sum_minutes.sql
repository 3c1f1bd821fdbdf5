{#- The sum of a minutes expression (over the rows where `condition` holds), added up in whole microseconds
    so the result does not depend on the order DuckDB's threads add the values in: a sum of doubles can
    differ in the last bit from run to run, and re-running the same exports must change nothing. Exact for
    minutes computed from microsecond timestamps, and for the whole minutes of
    zendesk_compat_minute_boundaries. -#}
{% macro sum_minutes(minutes_expression, condition=none) -%}
    (sum(cast(round({{ minutes_expression }} * 60000000.0) as bigint))
    {%- if condition is not none %} filter (where {{ condition }}){% endif %} / {{ double_literal('60000000.0') }})
{%- endmacro %}
