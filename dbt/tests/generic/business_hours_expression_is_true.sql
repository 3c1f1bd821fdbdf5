{#- Rows of the model for which the boolean SQL expression is not true (NULL counts as a failure). Usable on
    a model or on a column (the expression names the column itself). -#}
{% test business_hours_expression_is_true(model, expression, column_name=none) %}
select * from {{ model }} where not coalesce({{ expression }}, false)
{% endtest %}
