"""Zendesk as the Fivetran connector lands it (the tables fivetran/dbt_zendesk reads), as CSV or Parquet.

ticket -> tickets, ticket_comment -> messages, ticket_field_history -> ticket_events (every row; the
package's `group_id` is our `team_id`, status 'deleted' our `is_deleted`), satisfaction_rating (or, without
it, the `satisfaction_score` rows of the field history) -> satisfaction_ratings, user (agents and admins) -> agents, group -> teams.
Every table of the account, as delivered, also -> raw.zendesk__<table> (`zendesk_account`).
Schedules, holidays and each ticket's schedule are business-hours configuration, not tickets: dbt measures a
Zendesk delivery's tickets on them (int_zendesk__business_schedules, docs/business-hours.md).
"""

from __future__ import annotations

from dagster_project.ingest.adapters import zendesk_account
from dagster_project.ingest.adapters.canonical_output import TableMapping
from dagster_project.ingest.adapters.source_files import SourceFiles, SourceTable
from dagster_project.ingest.export_format import TABLES

TICKET = SourceTable(
    "ticket",
    (
        "id", "created_at", "updated_at", "via_channel", "requester_id", "subject", "priority", "group_id",
        "assignee_id", "status", "merged_ticket_ids", "_fivetran_deleted",
    ),
    required=("id", "created_at", "via_channel"),
)
TICKET_COMMENT = SourceTable(
    "ticket_comment",
    ("id", "ticket_id", "created", "user_id", "public"),
    required=("id", "ticket_id", "created", "user_id", "public"),
)
TICKET_FIELD_HISTORY = SourceTable(
    "ticket_field_history",
    ("ticket_id", "field_name", "updated", "value", "user_id"),
    required=("ticket_id", "field_name", "updated", "value"),
)
SATISFACTION_RATING = SourceTable(
    "satisfaction_rating",
    ("id", "ticket_id", "score", "comment", "created_at", "updated_at"),
    required=("ticket_id", "score"),
)
USER = SourceTable(
    "user", ("id", "name", "role", "active", "suspended", "default_group_id"), required=("id", "role")
)
GROUP = SourceTable("group", ("id", "name"), required=("id",))

# Zendesk's internal roles; 'end-user' and 'not set' are customers (as in dbt_zendesk).
AGENT_ROLES = ("agent", "admin")
# Zendesk CSAT is good/bad: good is a satisfied 5, bad an unsatisfied 1 (satisfied share = Zendesk's score).
SCORES = "CASE lower(trim({score})) WHEN 'good' THEN '5' WHEN 'bad' THEN '1' ELSE {score} END"
NOT_RATED = "('offered', 'unoffered')"


def table_mappings(files: SourceFiles) -> list[TableMapping]:
    """Read the delivery's Zendesk tables and say how each canonical table is filled from them."""
    for table in (TICKET, TICKET_COMMENT, TICKET_FIELD_HISTORY, SATISFACTION_RATING, USER, GROUP):
        files.read(zendesk_account.with_declared_columns(table))
    _create_lookups(files)
    mappings = [
        TableMapping(
            TABLES["tickets"],
            TICKET,
            {
                "ticket_id": "u.id",
                "created_at": "u.created_at",
                "channel": "u.via_channel",
                "requester_id": "u.requester_id",
                "subject": "u.subject",
                "priority": "u.priority",
                "team_id": "u.group_id",
                "assignee_id": "u.assignee_id",
                # 'deleted' is not a status but the ticket's deletion; its status history keeps it.
                "status": "CASE WHEN lower(trim(u.status)) = 'deleted' THEN NULL ELSE u.status END",
                "updated_at": "u.updated_at",
                "merged_into_ticket_id": "m.into_ticket_id",
                "is_deleted": "CASE WHEN lower(trim(u.status)) = 'deleted' THEN 'true' ELSE u._fivetran_deleted END",
            },
            from_=f"{TICKET.relation} AS u LEFT JOIN zendesk_merges AS m ON m.ticket_id = trim(u.id)",
        ),
        TableMapping(
            TABLES["messages"],
            TICKET_COMMENT,
            {
                "message_id": "u.id",
                "ticket_id": "u.ticket_id",
                "created_at": "u.created",
                "author_type": _author_type("r.role"),
                "author_id": "u.user_id",
                "is_public": "u.public",
            },
            from_=f"{TICKET_COMMENT.relation} AS u LEFT JOIN zendesk_roles AS r ON r.user_id = trim(u.user_id)",
        ),
        TableMapping(
            TABLES["ticket_events"],
            TICKET_FIELD_HISTORY,
            {
                # Fivetran's key of a field change is (field_name, ticket_id, updated).
                "event_id": "concat_ws(':', trim(u.ticket_id), trim(u.field_name), trim(u.updated))",
                "ticket_id": "u.ticket_id",
                "occurred_at": "u.updated",
                "field": event_field("u.field_name", "u.value"),
                "new_value": event_value("u.field_name", "u.value"),
                "actor_id": "u.user_id",
            },
        ),
        _satisfaction_ratings(files),
        TableMapping(
            TABLES["agents"],
            USER,
            {
                "agent_id": "u.id",
                "name": "u.name",
                "team_id": "u.default_group_id",
                "is_active": "CASE WHEN lower(trim(u.suspended)) IN ('true', 't', '1') THEN 'false' ELSE u.active END",
            },
            where=f"lower(trim(u.role)) IN {AGENT_ROLES}",
            skipped_because="end-users are customers, not agents",
        ),
        TableMapping(TABLES["teams"], GROUP, {"team_id": "u.id", "name": "u.name"}),
    ]
    canonical = [m for m in mappings if m.source.name in files.read_files]
    return canonical + zendesk_account.table_mappings(files)


def event_field(field: str, value: str) -> str:
    """Zendesk's field as ours: `group_id` is `team_id`, and status 'deleted' is no status but the deletion
    of the ticket (`is_deleted` true); a later status change restores it."""
    return (
        f"CASE WHEN lower(trim({field})) = 'status' AND lower(trim({value})) = 'deleted' THEN 'is_deleted'"
        f" WHEN lower(trim({field})) = 'group_id' THEN 'team_id' ELSE {field} END"
    )


def event_value(field: str, value: str) -> str:
    deleted = f"lower(trim({field})) = 'status' AND lower(trim({value})) = 'deleted'"
    return f"CASE WHEN {deleted} THEN 'true' ELSE {value} END"


def _author_type(role: str) -> str:
    # An author missing from `user` (Zendesk's system user -1, a purged account) is not a person we know.
    return f"CASE WHEN {role} IN {AGENT_ROLES} THEN 'agent' WHEN {role} IS NOT NULL THEN 'customer' ELSE 'system' END"


def _satisfaction_ratings(files: SourceFiles) -> TableMapping:
    if SATISFACTION_RATING.name in files.read_files:
        return TableMapping(
            TABLES["satisfaction_ratings"],
            SATISFACTION_RATING,
            {
                "ticket_id": "u.ticket_id",
                # the current score was given at the rating's last update
                "rated_at": "coalesce(u.updated_at, u.created_at)",
                "score": SCORES.format(score="u.score"),
                "comment": "u.comment",
            },
            where=f"lower(trim(u.score)) NOT IN {NOT_RATED}",
            skipped_because="a survey offered but not answered is not a rating",
        )
    return TableMapping(
        TABLES["satisfaction_ratings"],
        TICKET_FIELD_HISTORY,
        {
            "ticket_id": "u.ticket_id",
            "rated_at": "u.updated",
            "score": SCORES.format(score="u.value"),
            "comment": "c.comment",
        },
        from_=(
            f"{TICKET_FIELD_HISTORY.relation} AS u LEFT JOIN zendesk_rating_comments AS c"
            " ON c.ticket_id = trim(u.ticket_id) AND c.updated = trim(u.updated)"
        ),
        where=f"lower(trim(u.field_name)) = 'satisfaction_score' AND lower(trim(u.value)) NOT IN {NOT_RATED}",
        skipped_because="only satisfaction_score changes to a score are ratings",
    )


def _create_lookups(files: SourceFiles) -> None:
    """Per-key lookups the mappings join; one row per key (the file's last row wins), so a join never
    multiplies a source row."""
    files.con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE zendesk_roles AS
        SELECT trim(id) AS user_id, arg_max(lower(trim(role)), _row_number) AS role
        FROM {USER.relation} GROUP BY 1;

        -- `merged_ticket_ids` lists the tickets merged into this one, e.g. [1051, 1077]
        CREATE OR REPLACE TEMP TABLE zendesk_merges AS
        SELECT ticket_id, arg_max(into_ticket_id, _row_number) AS into_ticket_id
        FROM (
            SELECT trim(unnest(string_split(regexp_replace(merged_ticket_ids, '[\\[\\]"\\s]', '', 'g'), ',')))
                       AS ticket_id,
                   trim(id) AS into_ticket_id, _row_number
            FROM {TICKET.relation}
        )
        WHERE ticket_id != ''
        GROUP BY 1;

        CREATE OR REPLACE TEMP TABLE zendesk_rating_comments AS
        SELECT trim(ticket_id) AS ticket_id, trim(updated) AS updated, arg_max(value, _row_number) AS comment
        FROM {TICKET_FIELD_HISTORY.relation}
        WHERE lower(trim(field_name)) = 'satisfaction_comment'
        GROUP BY 1, 2;
        """
    )
