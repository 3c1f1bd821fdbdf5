"""The canonical helpdesk export: the tables a delivery holds, their columns, types and keys.

This is the single description of the format (docs/export-format.md explains it for people). The ingest
validates against it, the demo generator writes it, and the raw tables in DuckDB are created from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["id", "text", "timestamp", "boolean", "integer", "enum"]

FILE_SUFFIXES: tuple[str, ...] = (".csv", ".csv.gz", ".jsonl", ".jsonl.gz", ".parquet")
MANIFEST_FILE = "manifest.json"

CHANNELS = ("email", "chat", "phone", "web", "social", "api", "other")
STATUSES = ("new", "open", "pending", "on_hold", "solved", "closed")
AUTHOR_TYPES = ("customer", "agent", "bot", "system")


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = "text"
    required: bool = False
    # Allowed values for an enum column (compared lower-case); a value outside them is quarantined.
    allowed: tuple[str, ...] = ()
    # Inclusive bounds for an integer column; a value outside them is quarantined.
    bounds: tuple[int, int] | None = None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    # The business key: a key seen in several deliveries is taken from the latest delivery (and within one
    # file from its last row); the ingest marks that row `_is_latest` and staging keeps only such rows.
    key: tuple[str, ...]

    def __post_init__(self) -> None:
        # A row without its key would be quarantined; the ingest relies on keys never being NULL.
        optional = [k for k in self.key if k not in self.required_columns]
        if optional:
            raise ValueError(f"{self.name}: key columns must be required: {', '.join(optional)}")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "tickets",
            (
                Column("ticket_id", "id", required=True),
                Column("created_at", "timestamp", required=True),
                # Free text: normalised to the channel vocabulary in staging (the original is kept).
                Column("channel", "text", required=True),
                Column("requester_id", "id"),
                Column("subject"),
                Column("priority"),
                Column("category"),
                Column("team_id", "id"),
                Column("assignee_id", "id"),
                Column("status", "enum", allowed=STATUSES),
                Column("updated_at", "timestamp"),
                Column("merged_into_ticket_id", "id"),
                Column("is_deleted", "boolean"),
            ),
            key=("ticket_id",),
        ),
        Table(
            "messages",
            (
                Column("message_id", "id", required=True),
                Column("ticket_id", "id", required=True),
                Column("created_at", "timestamp", required=True),
                Column("author_type", "enum", required=True, allowed=AUTHOR_TYPES),
                Column("author_id", "id"),
                Column("is_public", "boolean", required=True),
            ),
            key=("message_id",),
        ),
        Table(
            "ticket_events",
            (
                Column("event_id", "id", required=True),
                Column("ticket_id", "id", required=True),
                Column("occurred_at", "timestamp", required=True),
                Column("field", "text", required=True),
                Column("old_value"),
                Column("new_value"),
                Column("actor_id", "id"),
            ),
            key=("event_id",),
        ),
        Table(
            "satisfaction_ratings",
            (
                Column("ticket_id", "id", required=True),
                Column("rated_at", "timestamp", required=True),
                Column("score", "integer", required=True, bounds=(1, 5)),
                Column("comment"),
            ),
            key=("ticket_id", "rated_at"),
        ),
        Table(
            "agents",
            (
                Column("agent_id", "id", required=True),
                Column("name"),
                Column("team_id", "id"),
                Column("is_active", "boolean"),
            ),
            key=("agent_id",),
        ),
        Table(
            "teams",
            (
                Column("team_id", "id", required=True),
                Column("name"),
                Column("timezone"),
            ),
            key=("team_id",),
        ),
    )
}
