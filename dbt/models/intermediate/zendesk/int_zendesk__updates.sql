{#- Every update of a ticket by a user: each field change and each comment, at its instant, with its
    author (the reference's int_zendesk__updates; chat messages are not delivered). -#}
{#- A view: neither of its readers needs the comment bodies (int_zendesk__ticket_people_updates counts
    updates, int_zendesk__ticket_satisfaction takes the satisfaction changes), so writing every update with
    its body to disk cost more than reading it in place (docs/performance.md). -#}
{{ config(materialized='view') }}
select
    ticket_id,
    field_name,
    value,
    user_id,
    valid_starting_at
from {{ ref('stg_zendesk__ticket_field_history') }}

union all

select
    ticket_id,
    'comment' as field_name,
    body as value,
    user_id,
    created_at as valid_starting_at
from {{ ref('stg_zendesk__ticket_comment') }}
