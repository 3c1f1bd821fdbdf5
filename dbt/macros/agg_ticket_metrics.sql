{#- The body of every agg_* model: ticket measures by creation cohort and flow measures by the period
    they happened in, for one period (day, week, month) and a set of dimensions. Every statistic is
    recomputed from the facts at the model's own grain (never averaged from a finer grain).

    dimensions: list of {name, ticket, cycle}: the output column, its expression over fct_tickets and over
    fct_reply_cycles (for an agent breakdown the assignee of the ticket and the agent who replied differ).
    Definitions: docs/metrics.md. -#}
{% macro agg_ticket_metrics(period, dimensions) -%}
{%- set period_column = 'date_day' if period == 'day' else period ~ '_start' -%}
{%- set dimension_names = dimensions | map(attribute='name') | list -%}

with tickets as (

    select
        *,
        {{ reporting_period('created_at', period) }} as created_period,
        {{ reporting_period('first_resolved_at', period) }} as first_resolved_period
    from {{ ref('fct_tickets') }}

),

sla_clocks as (

    select
        *,
        {{ reporting_period('started_at', period) }} as started_period
    from {{ ref('fct_sla_events') }}

),

cycles as (

    select
        *,
        {{ reporting_period('cycle_started_at', period) }} as started_period
    from {{ ref('fct_reply_cycles') }}

),

cohorts as (

    select
        created_period as {{ period_column }},
        {% for d in dimensions %}{{ d.ticket }} as {{ d.name }},
        {% endfor -%}
        count(*) as tickets_created,
        count(*) filter (where is_answered) as tickets_answered,
        {{ mean_minutes('first_response_minutes') }} as first_response_mean_minutes,
        {{ quantile_cont('first_response_minutes', 0.5) }} as first_response_p50_minutes,
        {{ quantile_cont('first_response_minutes', 0.9) }} as first_response_p90_minutes,
        {{ mean_minutes('first_response_business_minutes') }} as first_response_business_mean_minutes,
        {{ quantile_cont('first_response_business_minutes', 0.5) }} as first_response_business_p50_minutes,
        {{ quantile_cont('first_response_business_minutes', 0.9) }} as first_response_business_p90_minutes,
        avg(case when is_resolved then {{ double_literal('1.0') }} else {{ double_literal('0.0') }} end) as resolution_rate,
        avg(case when reopen_count > 0 then {{ double_literal('1.0') }} else {{ double_literal('0.0') }} end) as reopen_rate,
        avg(case when is_one_touch then {{ double_literal('1.0') }} else {{ double_literal('0.0') }} end) as one_touch_rate,
        {{ quantile_cont('full_resolution_minutes', 0.5) }} as full_resolution_p50_minutes,
        {{ quantile_cont('full_resolution_business_minutes', 0.5) }} as full_resolution_business_p50_minutes,
        count(csat_score) as csat_responses,
        avg(csat_score) as csat_mean,
        avg(case when csat_score >= 4 then {{ double_literal('1.0') }} else {{ double_literal('0.0') }} end) filter (where csat_score is not null)
            as csat_satisfied_share
    from tickets
    group by all

),

first_resolutions as (

    select
        first_resolved_period as {{ period_column }},
        {% for d in dimensions %}{{ d.ticket }} as {{ d.name }},
        {% endfor -%}
        count(*) as tickets_first_resolved
    from tickets
    where first_resolved_at is not null
    group by all

),

responses as (

    select
        started_period as {{ period_column }},
        {% for d in dimensions %}{{ d.cycle }} as {{ d.name }},
        {% endfor -%}
        count(*) as reply_cycles_started,
        {{ mean_minutes('response_minutes') }} as avg_response_minutes,
        {{ mean_minutes('response_business_minutes') }} as avg_response_business_minutes,
        {{ mean_minutes("case when response_kind = 'next_response' then response_minutes end") }}
            as next_response_mean_minutes
    from cycles
    group by all

),

slas as (

    -- attainment over the SLA clocks started in the period that are decided (met or breached)
    select
        started_period as {{ period_column }},
        {% for d in dimensions %}{{ d.ticket }} as {{ d.name }},
        {% endfor -%}
        {%- for metric in ['first_response', 'next_response', 'full_resolution'] %}
        avg(case when is_met then {{ double_literal('1.0') }} else {{ double_literal('0.0') }} end) filter (where metric = '{{ metric }}' and (is_met or is_breached))
            as {{ metric }}_sla_attainment,
        count(*) filter (where metric = '{{ metric }}' and is_breached) as {{ metric }}_sla_breaches{{ ',' if not loop.last }}
        {%- endfor %}
    from sla_clocks
    group by all

),

active_keys as (

    select {{ period_column }}, {{ dimension_names | join(', ') }} from cohorts
    union
    select {{ period_column }}, {{ dimension_names | join(', ') }} from first_resolutions
    union
    select {{ period_column }}, {{ dimension_names | join(', ') }} from responses
    union
    select {{ period_column }}, {{ dimension_names | join(', ') }} from slas

)

select
    active_keys.{{ period_column }},
    {% for name in dimension_names %}active_keys.{{ name }},
    {% endfor -%}
    cast(coalesce(cohorts.tickets_created, 0) as integer) as tickets_created,
    cast(coalesce(cohorts.tickets_answered, 0) as integer) as tickets_answered,
    cohorts.first_response_mean_minutes,
    cohorts.first_response_p50_minutes,
    cohorts.first_response_p90_minutes,
    cohorts.first_response_business_mean_minutes,
    cohorts.first_response_business_p50_minutes,
    cohorts.first_response_business_p90_minutes,
    cohorts.resolution_rate,
    cohorts.reopen_rate,
    cohorts.one_touch_rate,
    cohorts.full_resolution_p50_minutes,
    cohorts.full_resolution_business_p50_minutes,
    cast(coalesce(cohorts.csat_responses, 0) as integer) as csat_responses,
    cohorts.csat_mean,
    cohorts.csat_satisfied_share,
    cast(coalesce(first_resolutions.tickets_first_resolved, 0) as integer) as tickets_first_resolved,
    cast(coalesce(responses.reply_cycles_started, 0) as integer) as reply_cycles_started,
    responses.avg_response_minutes,
    responses.avg_response_business_minutes,
    responses.next_response_mean_minutes,
    {%- for metric in ['first_response', 'next_response', 'full_resolution'] %}
    slas.{{ metric }}_sla_attainment,
    cast(coalesce(slas.{{ metric }}_sla_breaches, 0) as integer) as {{ metric }}_sla_breaches{{ ',' if not loop.last }}
    {%- endfor %}
from active_keys
{%- for cte in ['cohorts', 'first_resolutions', 'responses', 'slas'] %}
left join {{ cte }}
    on {{ cte }}.{{ period_column }} = active_keys.{{ period_column }}
    {%- for name in dimension_names %}
    -- a ticket without a team, agent, priority or category is a group of its own, not lost
    and {{ cte }}.{{ name }} is not distinct from active_keys.{{ name }}
    {%- endfor %}
{%- endfor %}
{%- endmacro %}
