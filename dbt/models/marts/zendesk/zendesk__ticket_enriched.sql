{#- fivetran/dbt_zendesk's zendesk__ticket_enriched: one row per ticket of the Zendesk account, every column
    of the ticket with its brand, tags, form, satisfaction, organization and its requester's, submitter's
    and assignee's attributes. As the reference, a ticket whose requester or submitter is not among the
    account's users is left out. Empty unless var zendesk_marts (set by the refresh for Zendesk accounts). -#}
with ticket_tags as (

    select ticket_id, string_agg(tags, ', ' order by _delivery, _row_number) as ticket_tags
    from {{ ref('stg_zendesk__ticket_tag') }}
    group by 1

)

select
    ticket.ticket_id,
    ticket._fivetran_synced,
    ticket._fivetran_deleted,
    ticket.assignee_id,
    ticket.brand_id,
    ticket.created_at,
    ticket.updated_at,
    ticket.description,
    ticket.due_at,
    ticket.group_id,
    ticket.external_id,
    ticket.is_public,
    ticket.organization_id,
    ticket.priority,
    ticket.recipient,
    ticket.requester_id,
    ticket.status,
    ticket.subject,
    ticket.problem_id,
    ticket.submitter_id,
    ticket.ticket_form_id,
    ticket.type,
    ticket.url,
    ticket.created_channel,
    ticket.source_from_id,
    ticket.source_from_title,
    ticket.source_rel,
    ticket.source_to_address,
    ticket.source_to_name,
    {{ zendesk_source_relation() }} as source_relation,
    coalesce(lower(ticket.type) = 'incident', false) as is_incident,
    brand.name as ticket_brand_name,
    ticket_tags.ticket_tags,
    ticket_form.name as ticket_form_name,
    satisfaction.count_satisfaction_scores as ticket_total_satisfaction_scores,
    satisfaction.first_satisfaction_score as ticket_first_satisfaction_score,
    satisfaction.latest_satisfaction_score as ticket_satisfaction_score,
    satisfaction.latest_satisfaction_comment as ticket_satisfaction_comment,
    satisfaction.latest_satisfaction_reason as ticket_satisfaction_reason,
    satisfaction.is_good_to_bad_satisfaction_score,
    satisfaction.is_bad_to_good_satisfaction_score,
    organization.domain_names as ticket_organization_domain_names,
    requester_org.domain_names as requester_organization_domain_names,
    requester.external_id as requester_external_id,
    requester.created_at as requester_created_at,
    requester.updated_at as requester_updated_at,
    requester.email as requester_email,
    requester.name as requester_name,
    requester.is_active as is_requester_active,
    requester.locale as requester_locale,
    requester.time_zone as requester_time_zone,
    people.requester_ticket_update_count,
    people.requester_ticket_last_update_at,
    requester.last_login_at as requester_last_login_at,
    requester.organization_id as requester_organization_id,
    requester_org.name as requester_organization_name,
    requester_org.organization_tags as requester_organization_tags,
    requester_org.external_id as requester_organization_external_id,
    requester_org.created_at as requester_organization_created_at,
    requester_org.updated_at as requester_organization_updated_at,
    requester.role as requester_role,
    submitter.role as submitter_role,
    submitter.is_internal_role as is_agent_submitted,
    assignee.role as assignee_role,
    submitter.external_id as submitter_external_id,
    submitter.email as submitter_email,
    submitter.name as submitter_name,
    submitter.is_active as is_submitter_active,
    submitter.locale as submitter_locale,
    submitter.time_zone as submitter_time_zone,
    assignee.external_id as assignee_external_id,
    assignee.email as assignee_email,
    assignee.name as assignee_name,
    assignee.is_active as is_assignee_active,
    assignee.locale as assignee_locale,
    assignee.time_zone as assignee_time_zone,
    people.assignee_ticket_update_count,
    people.assignee_ticket_last_update_at,
    assignee.last_login_at as assignee_last_login_at,
    ticket_group.name as group_name,
    organization.name as organization_name,
    requester.user_tags as requester_tag,
    submitter.user_tags as submitter_tag,
    assignee.user_tags as assignee_tag
from {{ ref('stg_zendesk__ticket') }} as ticket
inner join {{ ref('int_zendesk__users') }} as requester on requester.user_id = ticket.requester_id
inner join {{ ref('int_zendesk__users') }} as submitter on submitter.user_id = ticket.submitter_id
left join {{ ref('int_zendesk__users') }} as assignee on assignee.user_id = ticket.assignee_id
left join {{ ref('int_zendesk__organizations') }} as requester_org
    on requester_org.organization_id = requester.organization_id
left join {{ ref('int_zendesk__organizations') }} as organization
    on organization.organization_id = ticket.organization_id
left join {{ ref('int_zendesk__ticket_people_updates') }} as people on people.ticket_id = ticket.ticket_id
left join {{ ref('stg_zendesk__brand') }} as brand on brand.brand_id = ticket.brand_id
left join {{ ref('stg_zendesk__group') }} as ticket_group on ticket_group.group_id = ticket.group_id
left join {{ ref('int_zendesk__latest_ticket_forms') }} as ticket_form
    on ticket_form.ticket_form_id = ticket.ticket_form_id
left join ticket_tags on ticket_tags.ticket_id = ticket.ticket_id
left join {{ ref('int_zendesk__ticket_satisfaction') }} as satisfaction on satisfaction.ticket_id = ticket.ticket_id
{{ zendesk_marts_only() }}
