"""Zendesk Support API objects as JSON lines, one file per stream, as a plain API dump or Airbyte's Zendesk
Support source writes them (`<stream>.jsonl`, or `_airbyte_raw_<stream>.jsonl` with `_airbyte_data`).

tickets -> tickets (channel from `via.channel`), ticket_comments -> messages (or, without them, the
Comment events of ticket_audits), the field changes of ticket_audits -> ticket_events, satisfaction_ratings
-> satisfaction_ratings, users (agents and admins) -> agents, groups -> teams, and ticket_metrics ->
vendor_ticket_metrics (Zendesk's own numbers, for marts.fct_vendor_metric_reconciliation).
Every stream also fills the account's own tables, raw.zendesk__<table>, in Fivetran's shape
(`zendesk_api_account`).
"""

from __future__ import annotations

from dagster_project.ingest.adapters import zendesk_api_account
from dagster_project.ingest.adapters.canonical_output import TableMapping
from dagster_project.ingest.adapters.source_files import (
    SourceFiles,
    SourceTable,
    json_field,
)
from dagster_project.ingest.adapters.vendor_metrics import VENDOR_TICKET_METRICS
from dagster_project.ingest.adapters.zendesk_fivetran import (
    AGENT_ROLES,
    NOT_RATED,
    SCORES,
    event_field,
    event_value,
)
from dagster_project.ingest.export_format import TABLES

TICKETS = SourceTable("tickets", json_records=True)
TICKET_COMMENTS = SourceTable("ticket_comments", json_records=True)
TICKET_AUDITS = SourceTable("ticket_audits", json_records=True)
SATISFACTION_RATINGS = SourceTable("satisfaction_ratings", json_records=True)
USERS = SourceTable("users", json_records=True)
GROUPS = SourceTable("groups", json_records=True)
TICKET_METRICS = SourceTable("ticket_metrics", json_records=True)

# The events of an audit, one row each, in the audit's order.
_AUDIT_EVENTS = (
    f"{TICKET_AUDITS.relation} AS u CROSS JOIN json_each(u.record -> 'events') AS e"
    " LEFT JOIN api_roles AS r ON r.user_id = coalesce(e.value ->> 'author_id', u.record ->> 'author_id')"
)
_AUDIT_ORDER = "u._row_number, CAST(e.key AS INTEGER)"




def table_mappings(files: SourceFiles) -> list[TableMapping]:
    """Read the delivery's streams and say how each canonical table is filled from them."""
    for table in (TICKETS, TICKET_COMMENTS, TICKET_AUDITS, SATISFACTION_RATINGS, USERS, GROUPS, TICKET_METRICS):
        files.read(table)
    files.con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE api_roles AS
        SELECT record ->> 'id' AS user_id, arg_max(lower(trim(record ->> 'role')), _row_number) AS role
        FROM {USERS.relation} GROUP BY 1
        """
    )
    status = json_field("status")
    mappings = [
        TableMapping(
            TABLES["tickets"],
            TICKETS,
            {
                "ticket_id": json_field("id"),
                "created_at": json_field("created_at"),
                "channel": json_field("via.channel"),
                "requester_id": json_field("requester_id"),
                "subject": json_field("subject"),
                "priority": json_field("priority"),
                "team_id": json_field("group_id"),
                "assignee_id": json_field("assignee_id"),
                "status": f"CASE WHEN lower(trim({status})) = 'deleted' THEN NULL ELSE {status} END",
                "updated_at": json_field("updated_at"),
                "is_deleted": f"CASE WHEN lower(trim({status})) = 'deleted' THEN 'true' END",
            },
        ),
        _messages(files),
        TableMapping(
            TABLES["ticket_events"],
            TICKET_AUDITS,
            {
                "event_id": json_field("id", "e.value"),
                "ticket_id": json_field("ticket_id"),
                "occurred_at": json_field("created_at"),
                "field": event_field(json_field("field_name", "e.value"), json_field("value", "e.value")),
                # a restored ticket's status changes from 'deleted', which is no status of ours
                "old_value": f"nullif({json_field('previous_value', 'e.value')}, 'deleted')",
                "new_value": event_value(json_field("field_name", "e.value"), json_field("value", "e.value")),
                "actor_id": json_field("author_id"),
            },
            from_=_AUDIT_EVENTS,
            where=(
                f"{json_field('type', 'e.value')} IN ('Create', 'Change')"
                f" AND {json_field('field_name', 'e.value')} IS NOT NULL"
            ),
            skipped_because="audits that change no ticket field (only comments or notifications)",
            order_by=_AUDIT_ORDER,
        ),
        TableMapping(
            TABLES["satisfaction_ratings"],
            SATISFACTION_RATINGS,
            {
                "ticket_id": json_field("ticket_id"),
                "rated_at": f"coalesce({json_field('updated_at')}, {json_field('created_at')})",
                "score": SCORES.format(score=json_field("score")),
                "comment": json_field("comment"),
            },
            where=f"lower(trim({json_field('score')})) NOT IN {NOT_RATED}",
            skipped_because="a survey offered but not answered is not a rating",
        ),
        TableMapping(
            TABLES["agents"],
            USERS,
            {
                "agent_id": json_field("id"),
                "name": json_field("name"),
                "team_id": json_field("default_group_id"),
                "is_active": f"CASE WHEN {json_field('suspended')} = 'true' THEN 'false' ELSE {json_field('active')} END",
            },
            where=f"lower(trim({json_field('role')})) IN {AGENT_ROLES}",
            skipped_because="end-users are customers, not agents",
        ),
        TableMapping(TABLES["teams"], GROUPS, {"team_id": json_field("id"), "name": json_field("name")}),
        TableMapping(
            VENDOR_TICKET_METRICS,
            TICKET_METRICS,
            {
                "ticket_id": json_field("ticket_id"),
                "vendor": "'zendesk'",
                **{c: json_field(c) for c in ("created_at", "updated_at", "solved_at", "replies", "reopens")},
                **{c: json_field(c) for c in ("assignee_stations", "group_stations")},
                **{
                    f"{ours}_{clock}_minutes": json_field(f"{theirs}_in_minutes.{clock}")
                    for ours, theirs in (
                        ("reply_time", "reply_time"),
                        ("first_resolution", "first_resolution_time"),
                        ("full_resolution", "full_resolution_time"),
                        ("agent_wait", "agent_wait_time"),
                        ("requester_wait", "requester_wait_time"),
                        ("on_hold", "on_hold_time"),
                    )
                    for clock in ("calendar", "business")
                },
            },
        ),
    ]
    canonical = [m for m in mappings if m.source.name in files.read_files]
    return canonical + zendesk_api_account.table_mappings(
        files, TICKETS, USERS, GROUPS, TICKET_AUDITS, TICKET_COMMENTS
    )


def _messages(files: SourceFiles) -> TableMapping:
    author_type = (
        f"CASE WHEN r.role IN {AGENT_ROLES} THEN 'agent' WHEN r.role IS NOT NULL THEN 'customer' ELSE 'system' END"
    )
    if TICKET_COMMENTS.name in files.read_files:
        return TableMapping(
            TABLES["messages"],
            TICKET_COMMENTS,
            {
                "message_id": json_field("id"),
                "ticket_id": json_field("ticket_id"),
                "created_at": json_field("created_at"),
                "author_type": author_type,
                "author_id": json_field("author_id"),
                "is_public": json_field("public"),
            },
            from_=f"{TICKET_COMMENTS.relation} AS u LEFT JOIN api_roles AS r ON r.user_id = {json_field('author_id')}",
        )
    return TableMapping(
        TABLES["messages"],
        TICKET_AUDITS,
        {
            "message_id": json_field("id", "e.value"),
            "ticket_id": json_field("ticket_id"),
            "created_at": json_field("created_at"),
            "author_type": author_type,
            "author_id": f"coalesce({json_field('author_id', 'e.value')}, {json_field('author_id')})",
            "is_public": json_field("public", "e.value"),
        },
        from_=_AUDIT_EVENTS,
        where=f"{json_field('type', 'e.value')} IN ('Comment', 'VoiceComment')",
        skipped_because="audits without a comment",
        order_by=_AUDIT_ORDER,
    )
