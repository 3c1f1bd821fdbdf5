{#- How many distinct non-NULL values the expressions in `values` take over the rows where `condition` holds
    (NULL when no row does), e.g. every agent who held a ticket, before or after a change. -#}
{% macro count_distinct_values(values, condition) -%}
    {{ return(adapter.dispatch('count_distinct_values', 'helpdesk_metrics')(values, condition)) }}
{%- endmacro %}

{% macro default__count_distinct_values(values, condition) -%}
length(list_distinct(flatten(
        list([{{ values | join(', ') }}]) filter (where {{ condition }})
    )))
{%- endmacro %}

{#- collect_list over no rows is an empty array where DuckDB's list is NULL; array_distinct keeps one NULL
    where list_distinct drops them (array_compact). -#}
{% macro spark__count_distinct_values(values, condition) -%}
case when count(*) filter (where {{ condition }}) > 0 then size(array_compact(array_distinct(flatten(
        collect_list(array({{ values | join(', ') }})) filter (where {{ condition }})
    )))) end
{%- endmacro %}
