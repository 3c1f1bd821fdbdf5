{#- The inverse row by row: five ASOF joins that carry every column of `relation`. With start_f_us_known,
    `relation` already holds F(start) in _bh_start_f_us. -#}
{% macro business_hours_instant_after_each(relation, schedule_column, start_column, minutes_column, start_f_us_known=false) %}
{%- set schedule = adapter.quote(schedule_column) -%}
{%- set minutes = adapter.quote(minutes_column) -%}

{#- F(start) + minutes = the cumulative value to reach -#}
{%- set targeted -%}
(
    select
        _bh_start.*,
        case
            when _bh_start.{{ minutes }} >= 0
                then _bh_start._bh_start_f_us + cast(round(cast(_bh_start.{{ minutes }} as double) * 60000000) as bigint)
        end as _bh_target_us
    {%- if start_f_us_known %}
    from {{ relation }} as _bh_start
    {%- else %}
    from (
        select {{ star_rename(adapter.quote(start_column ~ '_business_us'), '_bh_start_f_us') }}
        from ({{ business_hours_clock_at(relation, schedule_column, [start_column]) }})
    ) as _bh_start
    {%- endif %}
)
{%- endset -%}

{#- the UTC-offset segment in which F reaches the target; G(local) = F - correction there -#}
{%- set in_segment -%}
(
    select
        _bh_target.*,
        _bh_segment.utc_offset_us as _bh_segment_offset_us,
        _bh_target._bh_target_us - _bh_segment.correction_us as _bh_target_g_us
    from {{ targeted }} as _bh_target
    {{ asof_left_join('(select * from ' ~ ref('int_business_time_segments') ~ ' where is_inverse_candidate)', '_bh_segment',
        [('schedule_id', '_bh_target.' ~ schedule)], '_bh_target._bh_target_us', '>', 'f_at_start_us') }}
)
{%- endset -%}

{#- add back the holiday time before that point: G0 = G + holiday time so far -#}
{%- set after_holidays -%}
(
    select
        _bh_segment_found.*,
        _bh_segment_found._bh_target_g_us + coalesce(_bh_holiday.cum_through_us, 0) as _bh_target_g0_us
    from {{ in_segment }} as _bh_segment_found
    {{ asof_left_join('(select * from ' ~ ref('int_business_holiday_periods') ~ ' where is_inverse_candidate)', '_bh_holiday',
        [('schedule_id', '_bh_segment_found.' ~ schedule)], '_bh_segment_found._bh_target_g_us', '>', 'g_at_start_us') }}
)
{%- endset -%}

{#- the schedule version, then whole weeks plus the remainder within the week (in (0, weekly]) -#}
{%- set in_version -%}
(
    select
        _bh_version_found.*,
        {{ business_hours_floor_div('_bh_version_found._bh_raw_target_us - 1', '_bh_version_found._bh_weekly_us') }}
            as _bh_weeks
    from (
        select
            _bh_holiday_found.*,
            _bh_version.valid_from_us as _bh_valid_from_us,
            nullif(_bh_version.weekly_us, 0) as _bh_weekly_us,
            coalesce(_bh_holiday_found._bh_target_g0_us > _bh_version.g0_at_to_us, false) as _bh_beyond_versions,
            _bh_holiday_found._bh_target_g0_us - _bh_version.offset_us as _bh_raw_target_us
        from {{ after_holidays }} as _bh_holiday_found
        {{ asof_left_join('(select * from ' ~ ref('int_business_schedule_versions') ~ ' where is_inverse_candidate)', '_bh_version',
            [('schedule_id', '_bh_holiday_found.' ~ schedule)], '_bh_holiday_found._bh_target_g0_us', '>', 'g0_at_from_us') }}
    ) as _bh_version_found
)
{%- endset -%}

{%- set located -%}
(
    select
        _bh_weekly.*,
        {{ business_hours_week_anchor_us() }} + _bh_weekly._bh_weeks * {{ business_hours_week_us() }}
            + _bh_week.start_us + (_bh_weekly._bh_in_week_us - _bh_week.cum_before_us)
            - _bh_weekly._bh_segment_offset_us as _bh_deadline_us
    from (
        select
            _bh_in_version.*,
            _bh_in_version._bh_raw_target_us - _bh_in_version._bh_weeks * _bh_in_version._bh_weekly_us as _bh_in_week_us
        from {{ in_version }} as _bh_in_version
    ) as _bh_weekly
    {{ asof_left_join(ref('int_business_week_intervals'), '_bh_week',
        [('schedule_id', '_bh_weekly.' ~ schedule), ('valid_from_us', '_bh_weekly._bh_valid_from_us')],
        '_bh_weekly._bh_in_week_us', '>', 'cum_before_us') }}
)
{%- endset -%}

select
    {{ star_except('_bh_due', [
        '_bh_start_f_us', '_bh_target_us', '_bh_segment_offset_us', '_bh_target_g_us', '_bh_target_g0_us',
        '_bh_valid_from_us', '_bh_weekly_us', '_bh_beyond_versions', '_bh_raw_target_us', '_bh_weeks', '_bh_in_week_us',
        '_bh_deadline_us'
    ]) }},
    case
        when _bh_due._bh_target_us is null then null
        when _bh_due.{{ minutes }} = 0 then cast(_bh_due.{{ adapter.quote(start_column) }} as {{ type_timestamptz() }})
        when _bh_due._bh_beyond_versions or _bh_due._bh_deadline_us >= {{ business_hours_range_end_us() }} then null
        else {{ timestamptz_from_epoch_us('_bh_due._bh_deadline_us') }}
    end as business_deadline_at
from {{ located }} as _bh_due
{% endmacro %}
