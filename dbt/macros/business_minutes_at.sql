{#-
  Cumulative business minutes F(schedule, t) at each row's instant, for business-time differences:
      with timed as ({{ business_minutes_at('my_cte', schedule_column='schedule_id', at_column='at') }})
  returns every column of my_cte plus business_minutes_at (DOUBLE). Business minutes between two instants
  t1 <= t2 of one schedule are F(t2) - F(t1); F itself counts from an arbitrary origin. NULL when the
  schedule or the instant is NULL, the schedule is unknown, or the instant is outside 1970-2099 (UTC).
  The instant column may be TIMESTAMPTZ or a naive TIMESTAMP in UTC.
-#}
{% macro business_minutes_at(relation, schedule_column='schedule_id', at_column='at') %}
select
    _bh_minutes.* exclude (_bh_f_us),
    cast(_bh_minutes._bh_f_us as double) / 60000000 as business_minutes_at
from (
    {{ business_hours__f_us(relation, schedule_column, at_column, '_bh_f_us') }}
) as _bh_minutes
{% endmacro %}
