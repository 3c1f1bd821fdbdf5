"""Freshdesk: the API export (JSON lines of GET /api/v2/tickets objects, their conversations, agents, groups
and satisfaction ratings) or the CSV export (Tickets > Export, `tickets.csv`, with the API's conversations
beside it), manifest `"source": "freshdesk"`.

Freshdesk's codes are mapped as its API documents them: status 2 Open, 3 Pending, 4 Resolved (solved),
5 Closed, and the default custom statuses Waiting on Customer (pending) and Waiting on Third Party (on_hold);
source 1 Email, 2 Portal, 3 Phone, 7 Chat, 9 Feedback Widget, 10 Outbound Email (and the older 4 Forum,
5 Twitter, 6 Facebook, 8 Mobihelp); priority 1 Low, 2 Medium, 3 High, 4 Urgent. The CSV export gives the
same as names, in the helpdesk's time zone (set the manifest's `timezone`).

A ticket's description is its first message: the requester's, or the agent's on an outbound email.
Conversations are typed by `incoming` (the requester's side) and `private`; a public note (`source` 2,
`private` false) is a reply, as Freshdesk counts it for first response and resolution, unless the manifest
says `"public_notes": "internal"`. The export has no status history: the ticket's `stats` (resolved_at,
closed_at, reopened_at; the CSV's Resolved and Closed times) become status changes.
"""

from __future__ import annotations

from dagster_project.ingest.adapters.canonical_output import TableMapping, value_map
from dagster_project.ingest.adapters.source_files import (
    SourceFiles,
    SourceTable,
    json_field,
)
from dagster_project.ingest.export_format import TABLES
from dagster_project.ingest.sql import quote_literal

TICKETS_API = SourceTable("tickets", json_records=True)
_CSV_COLUMNS = {
    "ticket_id": "ticket id",
    "created_at": "created time",
    "channel": "source",
    "status": "status",
    "priority": "priority",
    "subject": "subject",
    "category": "type",
    "requester_id": "contact id",
    "team_id": "group",
    "assignee_id": "agent",
    "updated_at": "last update time",
}
TICKETS_CSV = SourceTable(
    "tickets",
    (*_CSV_COLUMNS.values(), "resolved time", "closed time"),
    required=("ticket id", "created time", "source"),
)
CONVERSATIONS = SourceTable("conversations", json_records=True)
AGENTS = SourceTable("agents", json_records=True)
GROUPS = SourceTable("groups", json_records=True)
SATISFACTION_RATINGS = SourceTable("satisfaction_ratings", json_records=True)

# Freshdesk's codes (API) and names (CSV export), lower case, to ours.
STATUSES = {
    "2": "open", "3": "pending", "4": "solved", "5": "closed", "6": "pending", "7": "on_hold",
    "open": "open", "pending": "pending", "resolved": "solved", "closed": "closed",
    "waiting on customer": "pending", "waiting on third party": "on_hold",
}
CHANNELS = {
    "1": "email", "2": "web", "3": "phone", "4": "web", "5": "social", "6": "social", "7": "chat", "8": "chat",
    "9": "web", "10": "email",
    "email": "email", "portal": "web", "phone": "phone", "forum": "web", "twitter": "social", "facebook": "social",
    "chat": "chat", "mobihelp": "chat", "feedback widget": "web", "outbound email": "email", "whatsapp": "social",
}
PRIORITIES = {"1": "low", "2": "medium", "3": "high", "4": "urgent"}
OUTBOUND_EMAIL = ("10", "outbound email")
NOTE_SOURCE = "2"
# Freshdesk's survey answers (3-, 5- and 7-point scales share the codes) on our 1-5 scale.
RATINGS = {"103": "5", "102": "4", "101": "4", "100": "3", "-101": "2", "-102": "2", "-103": "1"}





def table_mappings(files: SourceFiles) -> list[TableMapping]:
    tickets = TICKETS_API if files.find(TICKETS_API) is not None else TICKETS_CSV
    for table in (tickets, CONVERSATIONS, AGENTS, GROUPS, SATISFACTION_RATINGS):
        files.read(table)
    mappings = _api_tickets() if tickets is TICKETS_API else _csv_tickets()
    mappings += [
        _conversations(files, files.manifest.public_notes),
        TableMapping(
            TABLES["agents"],
            AGENTS,
            {
                "agent_id": json_field("id"),
                "name": f"coalesce({json_field('contact.name')}, {json_field('name')})",
                "team_id": "(u.record -> 'group_ids' ->> 0)",
                "is_active": f"coalesce({json_field('contact.active')}, {json_field('active')})",
            },
        ),
        TableMapping(TABLES["teams"], GROUPS, {"team_id": json_field("id"), "name": json_field("name")}),
        TableMapping(
            TABLES["satisfaction_ratings"],
            SATISFACTION_RATINGS,
            {
                "ticket_id": json_field("ticket_id"),
                "rated_at": json_field("created_at"),
                "score": value_map(RATINGS, json_field("ratings.default_question")),
                "comment": json_field("feedback"),
            },
        ),
    ]
    return [m for m in mappings if m.source.name in files.read_files]


def _api_tickets() -> list[TableMapping]:
    source = json_field("source")
    return [
        TableMapping(
            TABLES["tickets"],
            TICKETS_API,
            {
                "ticket_id": json_field("id"),
                "created_at": json_field("created_at"),
                "channel": value_map(CHANNELS, source),
                "requester_id": json_field("requester_id"),
                "subject": json_field("subject"),
                "priority": value_map(PRIORITIES, json_field("priority")),
                "category": json_field("type"),
                "team_id": json_field("group_id"),
                "assignee_id": json_field("responder_id"),
                "status": value_map(STATUSES, json_field("status")),
                "updated_at": json_field("updated_at"),
                "is_deleted": json_field("deleted"),
            },
        ),
        _description(TICKETS_API, json_field("id"), json_field("created_at"), source, json_field("requester_id")),
        _stats_events(
            TICKETS_API,
            json_field("id"),
            {"resolved_at": ("solved", json_field("stats.resolved_at")), "closed_at": ("closed", json_field("stats.closed_at")),
             "reopened_at": ("open", json_field("stats.reopened_at"))},
        ),
    ]


def _csv_tickets() -> list[TableMapping]:
    def column(name: str) -> str:
        return f'u."{name}"'

    lookups = {"channel": CHANNELS, "status": STATUSES}
    return [
        TableMapping(
            TABLES["tickets"],
            TICKETS_CSV,
            {
                ours: value_map(lookups[ours], column(theirs)) if ours in lookups else column(theirs)
                for ours, theirs in _CSV_COLUMNS.items()
            },
        ),
        _description(
            TICKETS_CSV, column("ticket id"), column("created time"), column("source"), column("contact id")
        ),
        _stats_events(
            TICKETS_CSV,
            column("ticket id"),
            {"resolved_at": ("solved", column("resolved time")), "closed_at": ("closed", column("closed time"))},
        ),
    ]


def _description(source: SourceTable, ticket_id: str, created_at: str, channel: str, requester: str) -> TableMapping:
    outbound = f"lower(trim({channel})) IN ({', '.join(map(quote_literal, OUTBOUND_EMAIL))})"
    return TableMapping(
        TABLES["messages"],
        source,
        {
            "message_id": f"concat({ticket_id}, '-description')",
            "ticket_id": ticket_id,
            "created_at": created_at,
            "author_type": f"CASE WHEN {outbound} THEN 'agent' ELSE 'customer' END",
            "author_id": f"CASE WHEN {outbound} THEN NULL ELSE {requester} END",
            "is_public": "'true'",
        },
    )


def _stats_events(source: SourceTable, ticket_id: str, times: dict[str, tuple[str, str]]) -> TableMapping:
    rows = ", ".join(f"({quote_literal(name)}, {quote_literal(status)})" for name, (status, _) in times.items())
    at = " ".join(f"WHEN {quote_literal(name)} THEN {sql}" for name, (_, sql) in times.items())
    return TableMapping(
        TABLES["ticket_events"],
        source,
        {
            "event_id": f"concat_ws(':', {ticket_id}, e.name)",
            "ticket_id": ticket_id,
            "occurred_at": f"CASE e.name {at} END",
            "field": "'status'",
            "new_value": "e.status",
        },
        from_=f"{source.relation} AS u CROSS JOIN (VALUES {rows}) AS e(name, status)",
        where=f"nullif(trim(CASE e.name {at} END), '') IS NOT NULL",
        skipped_because="tickets never resolved, closed or reopened",
        order_by="u._row_number, e.name",
    )


def _conversations(files: SourceFiles, public_notes: str) -> TableMapping:
    """The conversations file, or without one the `conversations` list of each ticket (GET
    /api/v2/tickets/{id}?include=conversations)."""
    if CONVERSATIONS.name in files.read_files or TICKETS_API.name not in files.read_files:
        source, relation, c, ticket_id, order = CONVERSATIONS, f"{CONVERSATIONS.relation} AS u", "u.record", None, "u._row_number"
    else:
        source = TICKETS_API
        relation = f"{TICKETS_API.relation} AS u CROSS JOIN json_each(u.record -> 'conversations') AS c"
        c, ticket_id, order = "c.value", json_field("id"), "u._row_number, CAST(c.key AS BIGINT)"
    private = f"lower({json_field('private', c)}) = 'true'"
    note = f"{json_field('source', c)} = {quote_literal(NOTE_SOURCE)}"
    hidden = private if public_notes == "replies" else f"({private} OR {note})"
    return TableMapping(
        TABLES["messages"],
        source,
        {
            "message_id": json_field("id", c),
            "ticket_id": ticket_id or json_field("ticket_id", c),
            "created_at": json_field("created_at", c),
            "author_type": (
                f"CASE lower({json_field('incoming', c)}) WHEN 'true' THEN 'customer' WHEN 'false' THEN 'agent'"
                f" ELSE {json_field('incoming', c)} END"
            ),
            "author_id": json_field("user_id", c),
            # a missing `private` is a public conversation, as the API omits nothing but older exports may
            "is_public": f"CASE WHEN {hidden} THEN 'false' ELSE 'true' END",
        },
        from_=relation,
        skipped_because="tickets without conversations" if source is TICKETS_API else "",
        order_by=order,
    )
