{#- Exports are often cumulative snapshots: a key delivered several times is taken from the latest delivery
    (folder names sort in delivery order), and within one file from its last row. -#}
{% macro latest_delivery_only(key_columns) -%}
    qualify row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by _delivery desc, _row_number desc
    ) = 1
{%- endmacro %}
