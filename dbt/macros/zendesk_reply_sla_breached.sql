{#- Whether a reply-time SLA (first_reply_time, next_reply_time) was breached, as the reference's
    int_zendesk__reply_time_combined decides it: its breach instant `breach_at` came before the reply and the
    solve (before the one that came, when only one did), or neither came. NULL where `breach_at` is NULL and a reply
    or a solve came. -#}
{% macro zendesk_reply_sla_breached(breach_at) -%}
    ({{ breach_at }} < agent_reply_at and {{ breach_at }} < next_solved_at)
        or ({{ breach_at }} < agent_reply_at and next_solved_at is null)
        or (agent_reply_at is null and {{ breach_at }} < next_solved_at)
        or (agent_reply_at is null and next_solved_at is null)
{%- endmacro %}
