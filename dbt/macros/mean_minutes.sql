{#- The mean of a minutes column: its whole microseconds added up as integers, then one division (the double
    nearest the exact sum, divided by the count). A sum of integers does not depend on the order the threads
    add the values in (avg(double) can differ in the last bit from run to run, and re-running the same
    exports must change nothing), and the one division rounds the same way on every engine: avg() does not
    (DuckDB's avg of a BIGINT divides a HUGEINT sum in long double when its statistics cannot bound the sum,
    rounding twice; Spark's adds the values up as doubles). Exact for sums under 285 years (2^53 µs), and
    the same on both engines beyond. -#}
{% macro mean_minutes(minutes_column) -%}
    (cast(sum(cast(round({{ minutes_column }} * 60000000.0) as bigint)) as double) / count({{ minutes_column }})
        / {{ double_literal('60000000.0') }})
{%- endmacro %}
