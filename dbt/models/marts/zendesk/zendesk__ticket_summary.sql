{#- fivetran/dbt_zendesk's zendesk__ticket_summary: one row for the account, counts of its users and of its
    tickets (those of zendesk__ticket_enriched) by status and by what happened to them. Statuses are
    Zendesk's (`hold`, `deleted`); reopens, assignments and replies come from zendesk__ticket_metrics.

    The reference counts unreplied tickets as those with fewer than 0 agent replies, so both counts are
    always 0; ours count tickets without an agent reply, and var zendesk_compat_definitions gives the
    reference's 0. Empty unless var zendesk_marts. -#}
{%- set compat = zendesk_compat('definitions') -%}
{%- set unreplied = "total_agent_replies < 0" if compat else "coalesce(total_agent_replies, 0) = 0" -%}

with users as (

    select
        count(*) filter (where is_active) as user_count,
        count(*) filter (where lower(role) != 'end-user' and is_active) as active_agent_count,
        count(*) filter (where not is_active) as deleted_user_count,
        count(*) filter (where lower(role) = 'end-user' and is_active) as end_user_count,
        count(*) filter (where is_suspended) as suspended_user_count
    from {{ ref('int_zendesk__users') }}

),

tickets as (

    select
        enriched.status,
        enriched.type,
        enriched.assignee_id,
        enriched.ticket_satisfaction_score,
        metrics.first_assignee_id,
        metrics.last_assignee_id,
        metrics.count_reopens,
        metrics.total_agent_replies,
        metrics.total_ticket_recoveries,
        metrics.assignee_stations_count
    from {{ ref('zendesk__ticket_enriched') }} as enriched
    left join {{ ref('zendesk__ticket_metrics') }} as metrics on metrics.ticket_id = enriched.ticket_id

),

ticket_counts as (

    select
        count(*) filter (where lower(status) = 'new') as new_ticket_count,
        count(*) filter (where lower(status) = 'hold') as on_hold_ticket_count,
        count(*) filter (where lower(status) = 'open') as open_ticket_count,
        count(*) filter (where lower(status) = 'pending') as pending_ticket_count,
        count(*) filter (where lower(status) in ('solved', 'closed')) as solved_ticket_count,
        count(*) filter (where lower(type) = 'problem') as problem_ticket_count,
        count(*) filter (where assignee_stations_count > 0) as assigned_ticket_count,
        count(*) filter (where first_assignee_id != last_assignee_id) as reassigned_ticket_count,
        count(*) filter (where count_reopens > 0) as reopened_ticket_count,
        count(*) filter (where lower(ticket_satisfaction_score) in ('offered', 'good', 'bad'))
            as surveyed_satisfaction_ticket_count,
        count(*) filter (where assignee_id is null and lower(status) not in ('solved', 'closed'))
            as unassigned_unsolved_ticket_count,
        count(*) filter (where {{ unreplied }}) as unreplied_ticket_count,
        count(*) filter (where {{ unreplied }} and lower(status) not in ('solved', 'closed'))
            as unreplied_unsolved_ticket_count,
        count(*) filter (where lower(status) not in ('solved', 'closed')) as unsolved_ticket_count,
        count(*) filter (where total_ticket_recoveries > 0) as recovered_ticket_count,
        count(*) filter (where lower(status) = 'deleted') as deleted_ticket_count
    from tickets

)

select
    {{ zendesk_source_relation() }} as source_relation,
    users.user_count,
    users.active_agent_count,
    users.deleted_user_count,
    users.end_user_count,
    users.suspended_user_count,
    ticket_counts.new_ticket_count,
    ticket_counts.on_hold_ticket_count,
    ticket_counts.open_ticket_count,
    ticket_counts.pending_ticket_count,
    ticket_counts.solved_ticket_count,
    ticket_counts.problem_ticket_count,
    ticket_counts.assigned_ticket_count,
    ticket_counts.reassigned_ticket_count,
    ticket_counts.reopened_ticket_count,
    ticket_counts.surveyed_satisfaction_ticket_count,
    ticket_counts.unassigned_unsolved_ticket_count,
    ticket_counts.unreplied_ticket_count,
    ticket_counts.unreplied_unsolved_ticket_count,
    ticket_counts.unsolved_ticket_count,
    ticket_counts.recovered_ticket_count,
    ticket_counts.deleted_ticket_count
from users
cross join ticket_counts
{{ zendesk_marts_only() }}
