{{ agg_ticket_metrics('month', [{'name': 'channel', 'ticket': 'channel', 'cycle': 'channel'}]) }}
