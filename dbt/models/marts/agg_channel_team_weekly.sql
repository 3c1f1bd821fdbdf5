{{ agg_ticket_metrics('week', [
    {'name': 'channel', 'ticket': 'channel', 'cycle': 'channel'},
    {'name': 'team_id', 'ticket': 'team_id', 'cycle': 'team_id'},
]) }}
