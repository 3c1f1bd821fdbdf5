{#- A model's column rules, declared once per model (a model-level `column_rules` test in its yml) rather than a
    `not_null`, `unique`, `accepted_values`, `relationships` or expression test per column: dbt spends about
    0.1-0.15 s of its own per test node whatever the data size, and Dagster one check event per node. Arguments:
      not_null:        [column, ...]                 no row is NULL there
      unique:          [column or expression, ...]   no non-NULL value appears twice (dbt's `unique`)
      accepted_values: {column: [value, ...], ...}   every non-NULL value is one of these (dbt's
                                                     `accepted_values`; strings quoted, numbers not)
      relationships:   {column: {to: "ref('model')", field: column}, ...}
                                                     every non-NULL value is a `field` of `to` (dbt's
                                                     `relationships`; the rule's rows count the orphans)
      expressions:     [boolean SQL, ...]            true on every row; NULL counts as false (the rule's
                                                     column is the expression)
    One failing row per broken rule: the rule, the column (or expression), and how many rows are NULL, how many
    values repeat, or how many rows hold another value; `dbt test --store-failures` keeps them in a table the
    log names, and a failed Dagster check shows them (defs/assets/dbt.py).
    Each rule is its own branch of a `union all`: DuckDB pushes a branch's `is null` filter into the table scan
    and skips every row group whose statistics show no NULLs, where one pass counting every rule would read
    every row (0.3-0.5 s per staging view at 100k tickets). -#}
{% test column_rules(model, not_null=[], unique=[], accepted_values={}, relationships={}, expressions=[]) %}
{%- set branches = [] %}
{%- set failing = " as column_name, count(*) as failing_rows from " %}
{%- for column in not_null %}
    {%- set named = dbt.string_literal(column | replace("'", "''")) %}
    {%- do branches.append(
        "select 'not_null' as rule, " ~ named ~ failing ~ model ~ " where " ~ adapter.quote(column) ~ " is null"
    ) %}
{%- endfor %}
{%- for expression in unique %}
    {%- set named = dbt.string_literal(expression | replace("'", "''")) %}
    {%- do branches.append(
        "select 'unique' as rule, " ~ named ~ failing ~ "(select " ~ expression ~ " as value from " ~ model
        ~ " where " ~ expression ~ " is not null group by value having count(*) > 1)"
    ) %}
{%- endfor %}
{%- for column, values in accepted_values.items() %}
    {%- set named = dbt.string_literal(column | replace("'", "''")) %}
    {%- set listed = [] %}
    {%- for value in values %}
        {%- do listed.append(value if value is number else dbt.string_literal(value | replace("'", "''"))) %}
    {%- endfor %}
    {%- do branches.append(
        "select 'accepted_values' as rule, " ~ named ~ failing ~ model
        ~ " where " ~ adapter.quote(column) ~ " not in (" ~ listed | join(", ") ~ ")"
    ) %}
{%- endfor %}
{%- for column, parent in relationships.items() %}
    {%- set named = dbt.string_literal(column | replace("'", "''")) %}
    {%- do branches.append(
        "select 'relationships' as rule, " ~ named ~ failing ~ "(select " ~ adapter.quote(column)
        ~ " as from_field from " ~ model ~ " where " ~ adapter.quote(column) ~ " is not null) as child"
        ~ " left join (select " ~ adapter.quote(parent.field) ~ " as to_field from " ~ parent.to ~ ") as parent"
        ~ " on child.from_field = parent.to_field where parent.to_field is null"
    ) %}
{%- endfor %}
{%- for expression in expressions %}
    {%- set named = dbt.string_literal(expression | replace("'", "''")) %}
    {%- do branches.append(
        "select 'expression' as rule, " ~ named ~ failing ~ model ~ " where not coalesce(" ~ expression ~ ", false)"
    ) %}
{%- endfor %}
select rule, column_name, failing_rows
from (
    {{ branches | join("\n    union all\n    ") }}
)
where failing_rows > 0
{% endtest %}
