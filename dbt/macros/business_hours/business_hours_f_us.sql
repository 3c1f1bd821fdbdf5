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
  output column; helper columns are prefixed _bh_ and removed again. Models call business_hours_clock (and
  business_hours_minutes_between on its values) or business_hours_instant_after.
-#}

{#- F(t): cumulative business time at instant t (NULL for a NULL instant, an unknown schedule, or an
    instant outside the supported range), as one more column of `relation`: business_hours_clock over its one
    instant column, joined back by equality. Callers pass wide rows (a mart's every column), and carrying them
    through four ASOF joins cost more than the joins themselves. -#}
{% macro business_hours_f_us(relation, schedule_column, at_column, output_column) %}
select _bh_rows.*, _bh_clock.business_us as {{ adapter.quote(output_column) }}
from {{ relation }} as _bh_rows
left join (
    {{ business_hours_clock([(relation, schedule_column, at_column)]) }}
) as _bh_clock
    on _bh_clock.schedule_id = _bh_rows.{{ adapter.quote(schedule_column) }}
    and _bh_clock.instant_at = cast(_bh_rows.{{ adapter.quote(at_column) }} as timestamptz)
{% endmacro %}
