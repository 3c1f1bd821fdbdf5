{#- Exports are often cumulative snapshots: a key delivered several times is taken from the latest delivery
    (folder names sort in delivery order), and within one file from its last row. The ingest marks that row
    `_is_latest` as it loads (keys per table in dagster_project/ingest/export_format.py, the rule in
    dagster_project/ingest/latest_rows.py), so reading the latest rows is a filter, not a ranking of every
    raw row. -#}
{% macro latest_delivery_only() -%}
    where _is_latest
{%- endmacro %}
