{#- How waiting moves satisfaction: CSAT of rated tickets by how long their first response took, per channel. -#}

with rated as (

    select
        channel,
        csat_score,
        case
            when first_response_minutes is null then 'no response'
            when first_response_minutes < 5 then '< 5 min'
            when first_response_minutes < 30 then '5-30 min'
            when first_response_minutes < 60 then '30-60 min'
            when first_response_minutes < 240 then '1-4 h'
            when first_response_minutes < 1440 then '4-24 h'
            else '> 24 h'
        end as first_response_bucket
    from {{ ref('fct_tickets') }}
    where csat_score is not null

)

select
    channel,
    first_response_bucket,
    cast(case first_response_bucket
        when '< 5 min' then 1 when '5-30 min' then 2 when '30-60 min' then 3
        when '1-4 h' then 4 when '4-24 h' then 5 when '> 24 h' then 6 else 7
    end as integer) as bucket_order,
    cast(count(*) as integer) as csat_responses,
    avg(csat_score) as csat_mean,
    avg(case when csat_score >= 4 then {{ double_literal('1.0') }} else {{ double_literal('0.0') }} end) as csat_satisfied_share
from rated
group by all
