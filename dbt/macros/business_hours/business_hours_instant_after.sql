{#-
  When a target in business time runs out (an SLA deadline):
      with due as ({{ business_hours_instant_after('my_cte', schedule_column='schedule_id',
                                             start_column='start_at', minutes_column='target_minutes') }})
  returns every column of my_cte plus business_deadline_at (TIMESTAMPTZ): the earliest instant t >= start
  with F(t) - F(start) = minutes, i.e. the instant the last business minute of the target elapses (inside a
  business period or at its end). Zero minutes give the start itself. NULL when the schedule, start or
  minutes is NULL, minutes is negative, the schedule is unknown, or the deadline would fall after the
  schedule's last version ends or outside 1970-2099 (UTC).
  A caller that already has F(start) (from business_hours_clock) passes its column as start_business_us_column,
  so the inverse does not compute it again.

  The inverse walks the tables F uses backwards, one ASOF join on a cumulative value each:
  UTC-offset segment -> holiday period -> schedule version -> interval within the week. Only rows marked
  is_inverse_candidate take part: they drop breakpoints with equal cumulative values, which keeps each
  match unique and picks the breakpoint right before the target is reached.
-#}
{% macro business_hours_instant_after(relation, schedule_column='schedule_id', start_column='start_at', minutes_column='target_minutes', start_business_us_column=none) %}
{#- As in business_hours_clock_at: the inverse runs once per distinct (schedule, start, minutes), on those three
    columns only, and is joined back by equality instead of carrying every column of `relation`. -#}
{%- set schedule = adapter.quote(schedule_column) -%}
{%- set start = adapter.quote(start_column) -%}
{%- set minutes = adapter.quote(minutes_column) -%}
{%- set targets -%}
(
    select distinct
        {{ schedule }} as _bh_schedule_id,
        cast({{ start }} as {{ type_timestamptz() }}) as _bh_start_at,
        {{ minutes }} as _bh_minutes
        {%- if start_business_us_column %},
        {{ adapter.quote(start_business_us_column) }} as _bh_start_f_us
        {%- endif %}
    from {{ relation }}
    where {{ schedule }} is not null and {{ start }} is not null and {{ minutes }} is not null
)
{%- endset -%}
select _bh_rows.*, _bh_due.business_deadline_at
from {{ relation }} as _bh_rows
left join (
    {{ business_hours_instant_after_each(targets, '_bh_schedule_id', '_bh_start_at', '_bh_minutes',
        start_f_us_known=start_business_us_column is not none) }}
) as _bh_due
    on _bh_due._bh_schedule_id = _bh_rows.{{ schedule }}
    and _bh_due._bh_start_at = cast(_bh_rows.{{ start }} as {{ type_timestamptz() }})
    and _bh_due._bh_minutes = _bh_rows.{{ minutes }}
{% endmacro %}
