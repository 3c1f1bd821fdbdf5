{#- Which statuses each kind of status time adds up (docs/metrics.md): who the ticket is waiting on, and the
    per-status buckets Zendesk reports. One place for fct_tickets and zendesk__ticket_metrics to pick from. -#}
{% macro ticket_status_buckets() %}
    {{ return({
        'new': ['new'],
        'open': ['open'],
        'requester_wait': ['new', 'open', 'on_hold'],
        'agent_wait': ['pending'],
        'on_hold': ['on_hold'],
        'agent_work': ['new', 'open'],
        'solve': ['new', 'open', 'on_hold', 'pending'],
        'resolved_before_reopen': ['solved', 'closed'],
    }) }}
{% endmacro %}
