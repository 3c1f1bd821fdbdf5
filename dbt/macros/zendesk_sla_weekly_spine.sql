{#- The reference's business-hours SLA count (var zendesk_compat; docs/zendesk-parity.md, rules H, T, Z, E, X):
    each part of a target's time on one schedule, given in minutes from the Sunday `week_started_on` its count
    starts from (columns started_minute, ended_minute), is cut into Sunday-based UTC weeks (week_number from 0,
    at most 52, those `weeks_condition` keeps: a condition on week_number and the part's columns), each with its
    minutes within the week (week_started_minute, week_ended_minute), and joined (`join`: inner, or left to keep
    a week's part that meets none) to the open intervals of the schedule's spine it meets
    (int_zendesk__sla_schedule_spine: start_time_utc, end_time_utc, in ranges of weeks).
        windows as ({{ zendesk_sla_weekly_spine('parts', 'week_number <= floor(ended_minute / 10080)', 'left') }})
    `parts` (a CTE) has schedule_id, week_started_on, started_minute and ended_minute. -#}
{% macro zendesk_sla_weekly_spine(parts, weeks_condition, join='inner') %}
select
    _weekly.*,
    _spine.start_time_utc,
    _spine.end_time_utc
from (
    select
        _parts.*,
        _weeks.week_number,
        greatest(0, _parts.started_minute - _weeks.week_number * 10080) as week_started_minute,
        least(_parts.ended_minute - _weeks.week_number * 10080, 10080) as week_ended_minute
    from {{ parts }} as _parts
    inner join (select cast(week_number as integer) as week_number from range(0, 52) as _range(week_number)) as _weeks
        on {{ weeks_condition }}
) as _weekly
{{ join }} join {{ ref('int_zendesk__sla_schedule_spine') }} as _spine
    on _spine.schedule_id = _weekly.schedule_id
    and _weekly.week_started_minute <= _spine.end_time_utc
    and _weekly.week_ended_minute >= _spine.start_time_utc
    and cast(_weekly.week_started_on
        + {{ interval_of(round_to_bigint('_weekly.week_number * 10080 + _weekly.week_ended_minute'), 'minute') }}
        as date) > _spine.valid_from
    and cast(_weekly.week_started_on
        + {{ interval_of(round_to_bigint('_weekly.week_number * 10080 + _weekly.week_started_minute'), 'minute') }}
        as date) < _spine.valid_until
{%- endmacro %}
