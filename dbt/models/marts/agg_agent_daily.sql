{#- Tickets count for the agent they are assigned to; reply cycles for the agent who replied. -#}
{{ agg_ticket_metrics('day', [{'name': 'agent_id', 'ticket': 'assignee_id', 'cycle': 'replied_by_agent_id'}]) }}
