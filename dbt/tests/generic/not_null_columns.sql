{#- The not-null checks of a model, declared once per model (a model-level `not_null_columns` test in its yml,
    `arguments: column_names: [...]`) rather than a `not_null` test per column: dbt spends about 0.15 s of
    its own per test node whatever the data size. One failing row per column that has NULLs, with the column
    and how many rows are NULL there; `dbt test --store-failures` keeps them in a table the log names.
    Each column is its own `where ... is null` branch, as in dbt's not_null: DuckDB pushes that filter into
    the table scan and skips every row group whose statistics show no NULLs, where one pass counting all
    columns (count(*) filter per column) would read every row (0.3-0.5 s per staging view at 100k tickets). -#}
{% test not_null_columns(model, column_names) %}
select column_name, null_rows
from (
    {%- for column in column_names %}
    select {{ dbt.string_literal(column) }} as column_name, count(*) as null_rows
    from {{ model }}
    where {{ adapter.quote(column) }} is null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)
where null_rows > 0
{% endtest %}
