{{ agg_ticket_metrics('week', [{'name': 'channel', 'ticket': 'channel', 'cycle': 'channel'}]) }}
