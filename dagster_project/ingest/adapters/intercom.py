"""Intercom API objects as JSON lines, one file per stream, as a plain API dump or Airbyte's Intercom source
writes them (`<stream>.jsonl`, or `_airbyte_raw_<stream>.jsonl` with `_airbyte_data`). Timestamps are Unix
epoch seconds, as Intercom's API gives them (ISO 8601 text is read too).

conversations -> tickets (state as status: open, closed -> solved since a reply reopens it, snoozed ->
on_hold), each conversation's opening message (`source`) -> messages, its `conversation_rating` ->
satisfaction_ratings; conversation parts -> messages (parts with a body, and comments and notes; `note`
parts are internal) and ticket_events (close, open and snooze parts as status changes, assignment parts as
assignee or team changes, and who closed: `closed_by` = the closing part's author type); admins -> agents,
teams -> teams. The parts come from the `conversation_parts` stream (Airbyte's, one part per line with its
`conversation_id`) or, without it, from each conversation's `conversation_parts.conversation_parts` (the
API's GET /conversations/{id}). Contacts hold no canonical table: customers are ids on tickets and messages.
"""

from __future__ import annotations

from dagster_project.ingest.adapters.canonical_output import TableMapping, epoch_instant
from dagster_project.ingest.adapters.source_files import (
    SourceFiles,
    SourceTable,
    json_field,
)
from dagster_project.ingest.export_format import TABLES

CONVERSATIONS = SourceTable("conversations", json_records=True)
CONVERSATION_PARTS = SourceTable("conversation_parts", json_records=True)
ADMINS = SourceTable("admins", json_records=True)
TEAMS = SourceTable("teams", json_records=True)

# Intercom's author types: teammates, contacts (users and leads), bots (Fin, Operator, workflows).
AUTHOR_TYPE = (
    "CASE lower(trim({t})) WHEN 'admin' THEN 'agent' WHEN 'team' THEN 'agent' WHEN 'user' THEN 'customer'"
    " WHEN 'lead' THEN 'customer' WHEN 'contact' THEN 'customer' WHEN 'bot' THEN 'bot' ELSE 'system' END"
)
# Where a conversation came in (`source.type`): the Messenger is chat; Intercom's social inboxes are social.
CHANNEL = (
    "CASE lower(trim({t})) WHEN 'conversation' THEN 'chat' WHEN 'chat' THEN 'chat' WHEN 'email' THEN 'email'"
    " WHEN 'phone_call' THEN 'phone' WHEN 'phone' THEN 'phone' WHEN 'facebook' THEN 'social'"
    " WHEN 'twitter' THEN 'social' WHEN 'instagram' THEN 'social' WHEN 'whatsapp' THEN 'social'"
    " WHEN 'push' THEN 'other' WHEN 'sms' THEN 'other' ELSE {t} END"
)
STATE = "CASE lower(trim({t})) WHEN 'closed' THEN 'solved' WHEN 'snoozed' THEN 'on_hold' ELSE {t} END"
# The status a part sets, by its `part_type` (assign_and_reopen reopens, assign_and_unsnooze wakes, ...).
PART_STATUS = (
    "CASE WHEN {t} = 'close' OR {t} LIKE '%\\_and\\_close' ESCAPE '\\' THEN 'solved'"
    " WHEN {t} LIKE '%unsnooze%' OR {t} = 'open' OR {t} LIKE '%reopen%' THEN 'open'"
    " WHEN {t} LIKE '%snooze%' THEN 'on_hold' END"
)




def _instant(path: str, record: str = "u.record") -> str:
    return epoch_instant(json_field(path, record))


def table_mappings(files: SourceFiles) -> list[TableMapping]:
    """Read the delivery's streams and say how each canonical table is filled from them."""
    for table in (CONVERSATIONS, CONVERSATION_PARTS, ADMINS, TEAMS):
        files.read(table)
    parts = _Parts(files)
    mappings = [
        TableMapping(
            TABLES["tickets"],
            CONVERSATIONS,
            {
                "ticket_id": json_field("id"),
                "created_at": _instant("created_at"),
                "channel": CHANNEL.format(t=json_field("source.type")),
                "requester_id": (
                    f"coalesce(CASE WHEN lower({json_field('source.author.type')}) IN ('user', 'lead', 'contact')"
                    f" THEN {json_field('source.author.id')} END, (u.record -> 'contacts' -> 'contacts' -> 0 ->> 'id'),"
                    f" {json_field('user.id')})"
                ),
                "subject": f"coalesce(nullif({json_field('title')}, ''), nullif({json_field('source.subject')}, ''))",
                "priority": json_field("priority"),
                "team_id": json_field("team_assignee_id"),
                "assignee_id": json_field("admin_assignee_id"),
                "status": STATE.format(t=json_field("state")),
                "updated_at": _instant("updated_at"),
            },
        ),
        TableMapping(
            TABLES["messages"],
            CONVERSATIONS,
            {
                "message_id": f"concat({json_field('id')}, ':source')",
                "ticket_id": json_field("id"),
                "created_at": _instant("created_at"),
                "author_type": AUTHOR_TYPE.format(t=json_field("source.author.type")),
                "author_id": json_field("source.author.id"),
                "is_public": "'true'",
            },
            where=f"{json_field('source.author.type')} IS NOT NULL",
            skipped_because="conversations without an opening message (source.author)",
        ),
        parts.messages(),
        parts.events(),
        TableMapping(
            TABLES["satisfaction_ratings"],
            CONVERSATIONS,
            {
                "ticket_id": json_field("id"),
                "rated_at": epoch_instant(
                    f"coalesce({json_field('conversation_rating.created_at')}, {json_field('updated_at')})"
                ),
                "score": json_field("conversation_rating.rating"),
                "comment": json_field("conversation_rating.remark"),
            },
            where=f"{json_field('conversation_rating.rating')} IS NOT NULL",
            skipped_because="conversations without a rating",
        ),
        TableMapping(
            TABLES["agents"],
            ADMINS,
            {"agent_id": json_field("id"), "name": json_field("name"), "team_id": "(u.record -> 'team_ids' ->> 0)"},
        ),
        TableMapping(TABLES["teams"], TEAMS, {"team_id": json_field("id"), "name": json_field("name")}),
    ]
    return [m for m in mappings if m.source.name in files.read_files]


class _Parts:
    """Conversation parts, from Airbyte's `conversation_parts` stream or exploded from the conversations."""

    def __init__(self, files: SourceFiles) -> None:
        if CONVERSATION_PARTS.name in files.read_files:
            self.source = CONVERSATION_PARTS
            self.relation = f"{CONVERSATION_PARTS.relation} AS u"
            self.part = "u.record"
            self.conversation_id = json_field("conversation_id")
            self.order = "u._row_number"
        else:
            self.source = CONVERSATIONS
            self.relation = (
                f"{CONVERSATIONS.relation} AS u"
                " CROSS JOIN json_each(u.record -> 'conversation_parts' -> 'conversation_parts') AS p"
            )
            self.part = "p.value"
            self.conversation_id = json_field("id")
            self.order = "u._row_number, CAST(p.key AS BIGINT)"
        self.part_type = f"lower(trim({json_field('part_type', self.part)}))"
        self.skipped = "" if self.source is CONVERSATION_PARTS else " (and conversations without parts)"

    def messages(self) -> TableMapping:
        body = f"nullif(trim({json_field('body', self.part)}), '')"
        return TableMapping(
            TABLES["messages"],
            self.source,
            {
                "message_id": json_field("id", self.part),
                "ticket_id": self.conversation_id,
                "created_at": _instant("created_at", self.part),
                "author_type": AUTHOR_TYPE.format(t=json_field("author.type", self.part)),
                "author_id": json_field("author.id", self.part),
                "is_public": f"CASE WHEN {self.part_type} LIKE '%note%' THEN 'false' ELSE 'true' END",
            },
            from_=self.relation,
            where=f"{body} IS NOT NULL OR {self.part_type} IN ('comment', 'note')",
            skipped_because="parts without a message (assignments, closes, snoozes without a body)" + self.skipped,
            order_by=self.order,
        )

    def events(self) -> TableMapping:
        assigned = f"(CASE WHEN json_type({self.part} -> 'assigned_to') = 'OBJECT' THEN ({self.part} -> 'assigned_to') END)"
        assigned_type = f"lower({json_field('type', assigned)})"
        # `assigned_to` is an object ({type, id}) or, in some exports, only the admin's id
        assigned_id = (
            f"coalesce({json_field('id', assigned)}, CASE WHEN json_type({self.part} -> 'assigned_to') <> 'OBJECT'"
            f" THEN {json_field('assigned_to', self.part)} END)"
        )
        is_assignment = f"{self.part_type} LIKE '%assign%' AND ({self.part} -> 'assigned_to') IS NOT NULL"
        status = PART_STATUS.format(t=self.part_type)
        value = (
            f"CASE f.field WHEN 'status' THEN {status}"
            f" WHEN 'assignee_id' THEN CASE WHEN {assigned_type} = 'nobody_admin' THEN NULL ELSE {assigned_id} END"
            f" WHEN 'team_id' THEN {assigned_id}"
            f" WHEN 'closed_by' THEN lower({json_field('author.type', self.part)}) END"
        )
        applies = (
            f"CASE f.field WHEN 'status' THEN {status} IS NOT NULL"
            f" WHEN 'assignee_id' THEN {is_assignment} AND coalesce({assigned_type}, 'admin') IN ('admin', 'nobody_admin')"
            f" WHEN 'team_id' THEN {is_assignment} AND {assigned_type} = 'team'"
            f" WHEN 'closed_by' THEN {status} = 'solved' END"
        )
        return TableMapping(
            TABLES["ticket_events"],
            self.source,
            {
                "event_id": f"concat_ws(':', {json_field('id', self.part)}, f.field)",
                "ticket_id": self.conversation_id,
                "occurred_at": _instant("created_at", self.part),
                "field": "f.field",
                "new_value": value,
                "actor_id": json_field("author.id", self.part),
            },
            from_=f"{self.relation} CROSS JOIN (VALUES ('status'), ('assignee_id'), ('team_id'), ('closed_by')) AS f(field)",
            where=applies,
            skipped_because="parts that change no status or assignment (comments, notes, ...)" + self.skipped,
            order_by=f"{self.order}, f.field",
        )
