{#- Floor modulo for BIGINT (DuckDB's % truncates towards zero): in [0, b) for b > 0. -#}
{% macro business_hours_floor_mod(a, b) %}((({{ a }}) % ({{ b }}) + ({{ b }})) % ({{ b }})){% endmacro %}
