{#- Floor division for BIGINT (DuckDB's // truncates towards zero). -#}
{% macro business_hours_floor_div(a, b) %}{{ integer_divide('((' ~ a ~ ') - ' ~ business_hours_floor_mod(a, b) ~ ')', '(' ~ b ~ ')') }}{% endmacro %}
