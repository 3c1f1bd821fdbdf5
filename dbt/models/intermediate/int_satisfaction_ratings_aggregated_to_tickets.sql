{#- One row per rated ticket: the score of its latest satisfaction rating at or before the as-of time (a
    requester who changes a 2 to a 5 counts as a 5). -#}

select
    ticket_id,
    {{ arg_max('score', 'rated_at') }} as csat_score
from {{ tickets_in_scope(ref('stg_helpdesk__satisfaction_ratings')) }}
where rated_at <= (select as_of_at from {{ ref('int_as_of') }})
group by ticket_id
