{{ agg_ticket_metrics('day', [{'name': 'priority', 'ticket': 'priority', 'cycle': 'priority'}]) }}
