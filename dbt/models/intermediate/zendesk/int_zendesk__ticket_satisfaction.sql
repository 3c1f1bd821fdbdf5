{#- Per ticket with any satisfaction change: its first and latest score (an `offered` survey is no score),
    latest comment and reason, how many score changes it had after the first (the reference subtracts the
    survey's offer), and whether a score turned from good to bad or from bad to good.

    The reference names its two flags the wrong way round: its "good to bad" is a bad score followed by a
    good one. Ours say what they name; var zendesk_compat_definitions gives the reference's. -#}
{%- set compat = zendesk_compat('definitions') -%}

with satisfaction as (

    select ticket_id, field_name, value, valid_starting_at
    from {{ ref('int_zendesk__updates') }}
    where field_name in ('satisfaction_score', 'satisfaction_comment', 'satisfaction_reason_code')

),

scores as (

    select
        ticket_id,
        value,
        valid_starting_at,
        lead(value) over (partition by ticket_id order by valid_starting_at) as next_value
    from satisfaction
    where field_name = 'satisfaction_score'

),

score_summary as (

    select
        ticket_id,
        count(value) as count_scores,
        {{ arg_min('value', 'valid_starting_at') }} filter (where value != 'offered') as first_satisfaction_score,
        {{ arg_max('value', 'valid_starting_at') }} filter (where value != 'offered') as latest_satisfaction_score,
        {%- if compat %}
        bool_or(value = 'bad' and next_value = 'good') as is_good_to_bad_satisfaction_score,
        bool_or(value = 'good' and next_value = 'bad') as is_bad_to_good_satisfaction_score
        {%- else %}
        bool_or(value = 'good' and next_value = 'bad') as is_good_to_bad_satisfaction_score,
        bool_or(value = 'bad' and next_value = 'good') as is_bad_to_good_satisfaction_score
        {%- endif %}
    from scores
    group by 1

),

latest_text as (

    select
        ticket_id,
        {{ arg_max('value', 'valid_starting_at') }} filter (where field_name = 'satisfaction_comment')
            as latest_satisfaction_comment,
        {{ arg_max('value', 'valid_starting_at') }} filter (where field_name = 'satisfaction_reason_code')
            as latest_satisfaction_reason
    from satisfaction
    group by 1

)

select
    latest_text.ticket_id,
    latest_text.latest_satisfaction_reason,
    latest_text.latest_satisfaction_comment,
    score_summary.first_satisfaction_score,
    score_summary.latest_satisfaction_score,
    case when score_summary.count_scores > 0 then score_summary.count_scores - 1 end as count_satisfaction_scores,
    coalesce(score_summary.is_good_to_bad_satisfaction_score, false) as is_good_to_bad_satisfaction_score,
    coalesce(score_summary.is_bad_to_good_satisfaction_score, false) as is_bad_to_good_satisfaction_score
from latest_text
left join score_summary using (ticket_id)
