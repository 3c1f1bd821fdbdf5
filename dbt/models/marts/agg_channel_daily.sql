{{ agg_ticket_metrics('day', [{'name': 'channel', 'ticket': 'channel', 'cycle': 'channel'}]) }}
