"""ITSM incident event logs in ServiceNow's layout: one row per update of an incident (`number`,
`incident_state`, `sys_updated_at`, `opened_at`, `resolved_at`, `closed_at`, `reassignment_count`,
`reopen_count`, `made_sla`, `contact_type`, `priority`, `assignment_group`, `assigned_to`, ...), delivered as
`incident_event_log.<suffix>` (the name of the public "Incident management process enriched event log") or
`incidents.<suffix>`. A log has no messages: it yields tickets and their history.

Each incident is a ticket, described by its latest update (by `sys_updated_at`, then file order); every
update whose state, assignment group or assignee differs from the incident's previous update is a ticket
event (status, team_id, assignee_id) at its `sys_updated_at`, by `sys_updated_by`. Where the log has
`made_sla`, the latest update's value goes to `vendor_ticket_metrics` to be reconciled with our SLA verdict.
`?` is a missing value (as that public log writes it); timestamps are ISO 8601 or day-first
`31/12/2016 23:59[:59]`, wall time in the manifest's zone.
"""

from __future__ import annotations

from dagster_project.ingest.adapters.canonical_output import TableMapping, value_map
from dagster_project.ingest.adapters.source_files import SourceFiles, SourceTable
from dagster_project.ingest.adapters.vendor_metrics import VENDOR_TICKET_METRICS
from dagster_project.ingest.export_format import TABLES
from dagster_project.ingest.sql import quote_literal

_COLUMNS = (
    "number", "incident_state", "sys_updated_at", "sys_updated_by", "opened_at", "resolved_at", "closed_at",
    "reassignment_count", "reopen_count", "made_sla", "contact_type", "priority", "category", "assignment_group",
    "assigned_to", "caller_id", "short_description",
)
_REQUIRED = ("number", "incident_state", "sys_updated_at", "opened_at")
SOURCES = tuple(SourceTable(name, _COLUMNS, required=_REQUIRED) for name in ("incident_event_log", "incidents"))

# ServiceNow's incident states, by label and by the codes of its `incident_state` choice list.
STATES = {
    "new": "new", "1": "new", "active": "open", "in progress": "open", "2": "open",
    "awaiting user info": "pending", "awaiting caller": "pending",
    "on hold": "on_hold", "3": "on_hold", "awaiting problem": "on_hold", "awaiting vendor": "on_hold",
    "awaiting evidence": "on_hold", "awaiting change": "on_hold",
    "resolved": "solved", "6": "solved", "closed": "closed", "7": "closed", "canceled": "closed", "8": "closed",
}
CHANNELS = {
    "phone": "phone", "ivr": "phone", "email": "email", "self service": "web", "self-service": "web", "web": "web",
    "chat": "chat", "virtual_agent": "chat", "walk-in": "other", "direct opening": "other",
}
# ServiceNow's `1 - Critical` ... `5 - Planning` as the priorities our SLA policies know.
PRIORITIES = {"1": "urgent", "2": "high", "3": "normal", "4": "low", "5": "low"}
_DAY_FIRST = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")


def _value(column: str) -> str:
    return f"nullif(nullif(trim(u.{column}), ''), '?')"


def _time(column: str) -> str:
    """A day-first time as ISO text (still wall time, read by the loader in the manifest's zone); any other
    value as delivered."""
    value = _value(column)
    parsed = ", ".join(f"try_strptime({value}, {quote_literal(f)})" for f in _DAY_FIRST)
    return f"coalesce(strftime(coalesce({parsed}), '%Y-%m-%d %H:%M:%S'), {value})"



def table_mappings(files: SourceFiles) -> list[TableMapping]:
    source = next((s for s in SOURCES if files.find(s) is not None), SOURCES[0])
    files.read(source)
    if source.name not in files.read_files:
        return []
    updated = _time("sys_updated_at")
    files.con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE incident_updates AS
        WITH typed AS (
            SELECT _row_number, {_value("number")} AS number, {value_map(STATES, _value("incident_state"))} AS state,
                   {_value("assignment_group")} AS team, {_value("assigned_to")} AS assignee,
                   TRY_CAST({updated} AS TIMESTAMP) AS updated
            FROM {source.relation} AS u
        )
        SELECT *,
            lag(state) OVER incident AS previous_state,
            lag(team) OVER incident AS previous_team,
            lag(assignee) OVER incident AS previous_assignee,
            row_number() OVER (PARTITION BY number ORDER BY updated DESC NULLS LAST, _row_number DESC) = 1 AS is_latest
        FROM typed
        WINDOW incident AS (PARTITION BY number ORDER BY updated NULLS LAST, _row_number)
        """
    )
    relation = f"{source.relation} AS u JOIN incident_updates AS i USING (_row_number)"
    priority = _value("priority")
    # `3 - Moderate` -> normal; a priority of another shape passes as delivered
    priority_code = f"split_part({priority}, ' - ', 1)"
    change = (
        "CASE f.field WHEN 'status' THEN i.state WHEN 'team_id' THEN i.team WHEN 'assignee_id' THEN i.assignee END"
    )
    previous = (
        "CASE f.field WHEN 'status' THEN i.previous_state WHEN 'team_id' THEN i.previous_team"
        " WHEN 'assignee_id' THEN i.previous_assignee END"
    )
    return [
        TableMapping(
            TABLES["tickets"],
            source,
            {
                "ticket_id": _value("number"),
                "created_at": _time("opened_at"),
                "channel": value_map(CHANNELS, _value("contact_type")),
                "requester_id": _value("caller_id"),
                "subject": _value("short_description"),
                "priority": f"CASE WHEN {priority} LIKE '_ - %' THEN {value_map(PRIORITIES, priority_code)} ELSE {priority} END",
                "category": _value("category"),
                "team_id": _value("assignment_group"),
                "assignee_id": _value("assigned_to"),
                "status": "i.state",
                "updated_at": updated,
            },
            from_=relation,
            where="i.is_latest OR i.number IS NULL",
            skipped_because="earlier updates of an incident (its latest update is the ticket)",
        ),
        TableMapping(
            TABLES["ticket_events"],
            source,
            {
                "event_id": f"concat_ws(':', i.number, f.field, {_value('sys_updated_at')})",
                "ticket_id": "i.number",
                "occurred_at": updated,
                "field": "f.field",
                "old_value": previous,
                "new_value": change,
                "actor_id": _value("sys_updated_by"),
            },
            from_=f"{relation} CROSS JOIN (VALUES ('status'), ('team_id'), ('assignee_id')) AS f(field)",
            where=f"({change}) IS DISTINCT FROM ({previous})",
            skipped_because="updates that change neither state, assignment group nor assignee",
            order_by="u._row_number, f.field",
        ),
        TableMapping(
            VENDOR_TICKET_METRICS,
            source,
            {
                "ticket_id": _value("number"),
                "vendor": "'servicenow'",
                "reopens": _value("reopen_count"),
                "made_sla": _value("made_sla"),
            },
            from_=relation,
            where=f"i.is_latest AND {_value('made_sla')} IS NOT NULL",
            skipped_because="earlier updates of an incident, and updates without made_sla",
        ),
    ]
