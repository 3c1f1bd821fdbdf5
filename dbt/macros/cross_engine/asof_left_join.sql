{#- An ASOF left join: each left row meets the one row of `relation` with equal `equalities` whose `right_key`
    is the greatest one with `left_key` >= right_key (op '>=') or > right_key (op '>'); none when there is
    no such row or the left key is NULL. Written after the left relation of a FROM:
        from my_cte as a {{ asof_left_join(ref('segments'), 's', [('schedule_id', 'a.schedule_id')], 'a.at_us', '>=', 'start_us') }}
    `equalities` lists (column of relation, left expression). -#}
{% macro asof_left_join(relation, alias, equalities, left_key, op, right_key) -%}
    {{ return(adapter.dispatch('asof_left_join', 'helpdesk_metrics')(relation, alias, equalities, left_key, op, right_key)) }}
{%- endmacro %}

{% macro default__asof_left_join(relation, alias, equalities, left_key, op, right_key) -%}
asof left join {{ relation }} as {{ alias }}
    on {% for column, left in equalities %}{{ alias }}.{{ column }} = {{ left }}
    and {% endfor %}{{ left_key }} {{ op }} {{ alias }}.{{ right_key }}
{%- endmacro %}

{#- Spark has no ASOF join: a range join on the interval from each right key to the next one (lead over the
    same equalities), which matches the same single row. Exact: the keys are integers or instants. -#}
{% macro spark__asof_left_join(relation, alias, equalities, left_key, op, right_key) -%}
{%- if op not in ('>=', '>') %}{{ exceptions.raise_compiler_error("asof_left_join: op must be '>=' or '>', got " ~ op) }}{% endif -%}
left join (
    select
        _asof_right.*,
        lead(_asof_right.{{ right_key }}) over (
            {%- if equalities %} partition by {% for column, left in equalities %}_asof_right.{{ column }}{{ ', ' if not loop.last }}{% endfor %}{% endif %}
            order by _asof_right.{{ right_key }}
        ) as _asof_next_key
    from {{ relation }} as _asof_right
) as {{ alias }}
    on {% for column, left in equalities %}{{ alias }}.{{ column }} = {{ left }}
    and {% endfor %}{{ left_key }} {{ op }} {{ alias }}.{{ right_key }}
    and ({{ alias }}._asof_next_key is null or {{ left_key }} {{ '<' if op == '>=' else '<=' }} {{ alias }}._asof_next_key)
{%- endmacro %}
