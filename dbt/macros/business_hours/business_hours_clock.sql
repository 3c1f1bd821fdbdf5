{#-
  Business-minute arithmetic, one macro per file in this folder (docs/business-hours.md explains the method).
  Everything is integer microseconds so sums and differences are exact; only business_hours_minutes_between
  divides by 60e6.

  F(schedule, t)  = G(local(t)) + correction(t)     cumulative business time at instant t (business_hours_f_us_each)
  G(schedule, x)  = G0(x) - holiday time before x    over local wall-clock time x, flat inside a holiday (business_hours_g_us)
  G0(schedule, x) = offset(version) + whole weeks * weekly time + time inside the week up to x (business_hours_g0_us)
  correction(t)   = sum over UTC-offset changes before t of G(clock before) - G(clock after)
  Each step is one ASOF join on a small table, so every instant costs O(log k).

  The macros take a relation (a CTE name or a parenthesised subquery) and return all its columns plus one
  output column; helper columns are prefixed _bh_ and removed again. Models call business_hours_clock_at (and
  business_hours_minutes_between on its values) or business_hours_instant_after.
-#}

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
            cast({{ adapter.quote(at_column) }} as {{ type_timestamptz() }}) as instant_at
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
