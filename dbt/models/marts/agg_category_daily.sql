{{ agg_ticket_metrics('day', [{'name': 'category', 'ticket': 'category', 'cycle': 'category'}]) }}
