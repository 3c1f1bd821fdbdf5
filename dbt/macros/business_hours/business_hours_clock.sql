{#- The business clock: F once per distinct (schedule, instant) over the instant columns a model reads it at.
        clock as ({{ business_hours_clock([('spans', 'schedule_id', 'started_at'),
                                             ('spans', 'schedule_id', 'ended_at')]) }})
    `sources` lists (relation, schedule column, instant column); the result has one row per distinct pair,
    columns schedule_id, instant_at (TIMESTAMPTZ) and business_us, and the model joins it back by equality once
    per instant column. One pass over the union costs one set of ASOF joins, and instants the columns share
    (a status span ends where the next begins) are computed once. Pairs with a NULL schedule or instant are
    left out: their F is NULL, which a left join back gives them. -#}
{% macro business_hours_clock(sources) %}
{%- set instants -%}
(
    select distinct schedule_id, instant_at
    from (
        {%- for relation, schedule_column, at_column in sources %}
        select
            {{ adapter.quote(schedule_column) }} as schedule_id,
            cast({{ adapter.quote(at_column) }} as timestamptz) as instant_at
        from {{ relation }}
        where {{ adapter.quote(schedule_column) }} is not null and {{ adapter.quote(at_column) }} is not null
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    )
)
{%- endset -%}
{{ business_hours_f_us_each(instants, 'schedule_id', 'instant_at', 'business_us') }}
{% endmacro %}
