with source as (

    select * from {{ source('zendesk', 'zendesk__ticket_comment') }}
    {{ latest_delivery_only() }}

)

select
    id as ticket_comment_id,
    _fivetran_synced,
    _fivetran_deleted,
    body,
    created as created_at,
    public as is_public,
    ticket_id,
    user_id,
    facebook_comment as is_facebook_comment,
    tweet as is_tweet,
    voice_comment as is_voice_comment,
    _delivery,
    _source_file,
    _row_number
from source
