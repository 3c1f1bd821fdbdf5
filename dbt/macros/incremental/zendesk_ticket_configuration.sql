{#- A Zendesk account's per-ticket configuration, as rows (ticket_id, model, row_value: the row as JSON): each
    ticket's schedule periods, the SLA targets applied to it, and the definition of every schedule its periods
    use (its open intervals and zone, its holidays, the zone's offsets: the account's `schedule`,
    `schedule_holiday`, `time_zone` and `daylight_time` rows, without their delivery columns). A delivery can
    change them without a canonical row of the ticket (a new `ticket_schedule` or `ticket_sla_policy` row, a
    policy revision, a schedule's hours or holidays), so int_tickets_in_scope compares them with the previous
    build's (meta.zendesk_ticket_configuration, written by record_zendesk_ticket_configuration) to find the
    tickets whose business minutes or SLA targets moved: a changed schedule re-scopes every ticket with a period
    on it, and no other. Only with var zendesk_account_schedules (the models are disabled on Spark). -#}
{% macro zendesk_ticket_configuration() -%}
    -- materialized: a schedule's digest once, not once per period row (the planner moves the md5 above the join)
    with definitions as materialized (
        select schedule_id, schedule_id || ' ' || md5(string_agg(part, '|' order by part)) as row_value
        from (
            select schedule_id, cast(to_json(hours) as varchar) as part
            from (select cast(schedule_id as varchar) as schedule_id, start_time, end_time, time_zone
                  from {{ ref('stg_zendesk__schedule') }}) as hours
            union all
            -- a holiday marked deleted too: the compat spine still counts it
            select cast(schedule_id as varchar), cast(to_json(holiday) as varchar)
            from (select schedule_id, holiday_id, holiday_name, holiday_start_date_at, holiday_end_date_at, _fivetran_deleted
                  from {{ ref('stg_zendesk__schedule_holiday') }}) as holiday
            union all
            select cast(schedule.schedule_id as varchar), cast(to_json(offsets) as varchar)
            from (select distinct schedule_id, time_zone from {{ ref('stg_zendesk__schedule') }}) as schedule
            inner join (
                select time_zone, standard_offset, null as year, null as daylight_start_utc, null as daylight_end_utc,
                    null as daylight_offset
                from {{ ref('stg_zendesk__time_zone') }}
                union all
                select time_zone, null, year, daylight_start_utc, daylight_end_utc, daylight_offset
                from {{ ref('stg_zendesk__daylight_time') }}
            ) as offsets on lower(offsets.time_zone) = lower(schedule.time_zone)
        )
        group by schedule_id
    )
    {%- for model in ['int_zendesk__ticket_schedule_periods', 'int_zendesk__sla_policy_applied'] %}
    select cast(configured.ticket_id as varchar) as ticket_id, '{{ model }}' as model,
        cast(to_json(configured) as varchar) as row_value
    from {{ ref(model) }} as configured
    union all
    {%- endfor %}
    select distinct periods.ticket_id, 'schedule_definition', definitions.row_value
    from {{ ref('int_zendesk__ticket_schedule_periods') }} as periods
    inner join definitions on definitions.schedule_id = periods.schedule_id
{%- endmacro %}
