{#- The mean of a minutes column, computed over whole microseconds so the result does not depend on the
    order DuckDB's threads add the values in: avg(double) can differ in the last bit from run to run, and
    re-running the same exports must change nothing. Exact for durations under 285 years. -#}
{% macro mean_minutes(minutes_column) -%}
    (avg(cast(round({{ minutes_column }} * 60000000.0) as bigint)) / {{ double_literal('60000000.0') }})
{%- endmacro %}
