{{ agg_ticket_metrics('day', [{'name': 'team_id', 'ticket': 'team_id', 'cycle': 'team_id'}]) }}
