"""The Zendesk account's own tables (`raw.zendesk__<table>`, declared in `zendesk_account`) from a Zendesk
Support API delivery: each stream's objects reshaped to the Fivetran table the connector lands, so staging
(`stg_zendesk__*`), the Zendesk marts, the account's schedules and its SLA policies read an API account
exactly as a Fivetran one.

tickets -> ticket, ticket_tag; users -> user, user_tag; organizations -> organization, organization_tag,
domain_name; groups -> group; brands -> brand; ticket_forms -> ticket_form_history; ticket_comments (or the
Comment events of ticket_audits) -> ticket_comment; the field changes of ticket_audits ->
ticket_field_history, their ScheduleAssignment events -> ticket_schedule; schedules (one row per weekly
interval) -> schedule; schedule_holidays -> schedule_holiday; sla_policies (one row per policy metric) ->
sla_policy_metric_history; the apply_sla events of ticket_metric_events -> ticket_sla_policy and the SLA
rows of ticket_field_history. The API has no time_zone or daylight_time: those stay empty (the schedules'
zones are read with the seed zendesk_time_zones). docs/adapters.md has the mapping column by column.
"""

from __future__ import annotations

from collections.abc import Mapping

from dagster_project.ingest.adapters.canonical_output import TableMapping
from dagster_project.ingest.adapters.source_files import SourceFiles, SourceTable, json_field
from dagster_project.ingest.adapters.zendesk_account import ACCOUNT_TABLES

ORGANIZATIONS = SourceTable("organizations", json_records=True)
BRANDS = SourceTable("brands", json_records=True)
TICKET_FORMS = SourceTable("ticket_forms", json_records=True)
SCHEDULES = SourceTable("schedules", json_records=True)
# `/business_hours/schedules/{id}/holidays`: the API's holiday has no schedule id (it is in the path), so
# an export writes it into each record as `schedule_id`.
SCHEDULE_HOLIDAYS = SourceTable("schedule_holidays", json_records=True)
SLA_POLICIES = SourceTable("sla_policies", json_records=True)
TICKET_METRIC_EVENTS = SourceTable("ticket_metric_events", json_records=True)
STREAMS = (ORGANIZATIONS, BRANDS, TICKET_FORMS, SCHEDULES, SCHEDULE_HOLIDAYS, SLA_POLICIES, TICKET_METRIC_EVENTS)

# The items of a JSON array of the record, one row each, in the record's and the array's order.
_ITEM_ORDER = "u._row_number, CAST(e.key AS INTEGER)"
_EVENT = "e.value"


def table_mappings(
    files: SourceFiles,
    tickets: SourceTable,
    users: SourceTable,
    groups: SourceTable,
    audits: SourceTable,
    comments: SourceTable,
) -> list[TableMapping]:
    """One mapping per account table the delivery's streams fill; `tickets` ... `comments` are the streams
    the canonical mappings have read already (whole records, so one read serves both)."""
    for stream in STREAMS:
        files.read(stream)
    mappings = [
        _mapping("ticket", tickets, _TICKET_COLUMNS),
        _tags("ticket_tag", tickets, "ticket_id", "tickets without tags"),
        _mapping("user", users, {c: json_field(c) for c in _USER_COLUMNS}),
        _tags("user_tag", users, "user_id", "users without tags"),
        _mapping("organization", ORGANIZATIONS, {c: json_field(c) for c in _ORGANIZATION_COLUMNS}),
        _tags("organization_tag", ORGANIZATIONS, "organization_id", "organizations without tags"),
        _items(
            "domain_name", ORGANIZATIONS, "domain_names",
            {"index": "e.key", "organization_id": json_field("id"), "domain_name": json_field("", _EVENT)},
            "organizations without domain names",
        ),
        _mapping(
            "group", groups,
            {**{c: json_field(c) for c in ("id", "created_at", "name", "updated_at", "url")},
             # a deleted group stays in the API with `deleted`, as Fivetran keeps it flagged
             "_fivetran_deleted": json_field("deleted")},
        ),
        _mapping("brand", BRANDS, _BRAND_COLUMNS),
        _mapping(
            "ticket_form_history", TICKET_FORMS,
            {**{c: json_field(c) for c in ("id", "active", "created_at", "display_name", "end_user_visible", "name")},
             # the form as of its last change: one revision per delivery
             "updated_at": f"coalesce({json_field('updated_at')}, {json_field('created_at')})"},
        ),
        _ticket_comments(files, audits, comments),
        _items(
            "ticket_field_history", audits, "events",
            {"field_name": json_field("field_name", _EVENT), "ticket_id": json_field("ticket_id"),
             "updated": json_field("created_at"), "user_id": json_field("author_id"),
             "value": json_field("value", _EVENT)},
            "audits that change no ticket field",
            where=(
                f"{json_field('type', _EVENT)} IN ('Create', 'Change')"
                f" AND {json_field('field_name', _EVENT)} IS NOT NULL"
            ),
        ),
        _sla_targets(),
        _sla_policy_names(),
        _items(
            "ticket_schedule", audits, "events",
            {"created_at": json_field("created_at"), "ticket_id": json_field("ticket_id"),
             "schedule_id": json_field("new_schedule_id", _EVENT)},
            "audits that assign no schedule",
            where=(
                f"{json_field('type', _EVENT)} = 'ScheduleAssignment'"
                f" AND {json_field('new_schedule_id', _EVENT)} IS NOT NULL"
            ),
        ),
        _items(
            "schedule", SCHEDULES, "intervals",
            {"id": json_field("id"), "start_time": json_field("start_time", _EVENT),
             "end_time": json_field("end_time", _EVENT), "name": json_field("name"),
             "time_zone": json_field("time_zone"), "created_at": json_field("created_at")},
            "schedules without intervals",
        ),
        _mapping(
            "schedule_holiday", SCHEDULE_HOLIDAYS,
            {c: json_field(c) for c in ("id", "schedule_id", "name", "start_date", "end_date")},
        ),
        _items(
            "sla_policy_metric_history", SLA_POLICIES, "policy_metrics",
            {"sla_policy_id": json_field("id"), "index": "e.key",
             # the policy as of its last change: a later delivery with a newer updated_at is a new revision
             "sla_policy_updated_at": f"coalesce({json_field('updated_at')}, {json_field('created_at')})",
             **{c: json_field(c, _EVENT) for c in ("business_hours", "metric", "priority", "target")}},
            "policies without metrics",
        ),
        _policy_applications(),
    ]
    return [m for m in mappings if m.source.name in files.read_files]


def _mapping(name: str, source: SourceTable, columns: Mapping[str, str], **options: str) -> TableMapping:
    """`name`'s account table from `source`: every declared column, NULL where the API has no value for it,
    so each delivery's file has the table's full shape."""
    spec = ACCOUNT_TABLES[name]
    return TableMapping(spec, source, {**dict.fromkeys(spec.column_names, "NULL"), **columns}, **options)


def _items(
    name: str, source: SourceTable, array: str, columns: Mapping[str, str], skipped_because: str, where: str = "true"
) -> TableMapping:
    """One row per item of the record's JSON array `array` (`e.key` its index, `e.value` the item)."""
    return _mapping(
        name, source, columns,
        from_=f"{source.relation} AS u CROSS JOIN json_each(u.record -> '{array}') AS e",
        where=where, skipped_because=skipped_because, order_by=_ITEM_ORDER,
    )


def _tags(name: str, source: SourceTable, owner: str, skipped_because: str) -> TableMapping:
    return _items(name, source, "tags", {"tag": json_field("", _EVENT), owner: json_field("id")}, skipped_because)


def _ticket_comments(files: SourceFiles, audits: SourceTable, comments: SourceTable) -> TableMapping:
    """ticket_comments, or without them the Comment events of the audits (as the canonical messages)."""
    if comments.name in files.read_files:
        return _mapping(
            "ticket_comment", comments,
            {"id": json_field("id"), "created": json_field("created_at"), "body": json_field("body"),
             "public": json_field("public"), "ticket_id": json_field("ticket_id"), "user_id": json_field("author_id"),
             "voice_comment": f"CAST({json_field('type')} = 'VoiceComment' AS VARCHAR)"},
        )
    return _items(
        "ticket_comment", audits, "events",
        {"id": json_field("id", _EVENT), "created": json_field("created_at"), "body": json_field("body", _EVENT),
         "public": json_field("public", _EVENT), "ticket_id": json_field("ticket_id"),
         "user_id": f"coalesce({json_field('author_id', _EVENT)}, {json_field('author_id')})",
         "voice_comment": f"CAST({json_field('type', _EVENT)} = 'VoiceComment' AS VARCHAR)"},
        "audits without a comment",
        where=f"{json_field('type', _EVENT)} IN ('Comment', 'VoiceComment')",
    )


# An apply_sla event: a policy's target applied to one metric of a ticket at `time`
# ({"sla": {"target": 60, "business_hours": true, "policy": {"id": 1001, "title": "Standard"}}}).
_APPLY_SLA = f"{json_field('type')} = 'apply_sla' AND {json_field('sla.policy.id')} IS NOT NULL"
# Zendesk's reply_time instance 1 is the first reply, later instances the next replies; the policy metrics
# (and Fivetran's field history) name them first_reply_time and next_reply_time.
_SLA_FIELD = (
    f"CASE WHEN {json_field('metric')} = 'reply_time' THEN CASE WHEN {json_field('instance_id')} = '1'"
    f" THEN 'first_reply_time' ELSE 'next_reply_time' END ELSE {json_field('metric')} END"
)


def _first_per(key: str) -> str:
    """The metric events, numbered within `key` (SQL over `record`) in file order: several apply_sla
    events of one application (one per metric) are one row of a table keyed on it."""
    return (
        f"(SELECT *, row_number() OVER (PARTITION BY {key} ORDER BY _row_number) AS _nth"
        f" FROM (SELECT * FROM {TICKET_METRIC_EVENTS.relation} AS u WHERE {_APPLY_SLA})) AS u"
    )


def _sla_targets() -> TableMapping:
    """Each applied target as Fivetran's field history has it: the metric's row with the target as JSON."""
    return _mapping(
        "ticket_field_history", TICKET_METRIC_EVENTS,
        {"field_name": _SLA_FIELD, "ticket_id": json_field("ticket_id"), "updated": json_field("time"),
         "value": (
             # the target as delivered, so that a target that is no number fails the build naming it
             f"json_object('minutes', u.record -> 'sla' -> 'target',"
             f" 'in_business_hours', {json_field('sla.business_hours')} = 'true')"
         )},
        where=_APPLY_SLA, skipped_because="metric events that apply no SLA target",
    )


def _sla_policy_names() -> TableMapping:
    """The policy's title at each application, as Fivetran's `sla_policy` field-history rows."""
    return _mapping(
        "ticket_field_history", TICKET_METRIC_EVENTS,
        {"field_name": "'sla_policy'", "ticket_id": json_field("ticket_id"), "updated": json_field("time"),
         "value": json_field("sla.policy.title")},
        from_=_first_per(f"record ->> 'ticket_id', record ->> 'time'"), where="u._nth = 1",
        skipped_because="metric events that apply no SLA policy, or the same application again",
    )


def _policy_applications() -> TableMapping:
    return _mapping(
        "ticket_sla_policy", TICKET_METRIC_EVENTS,
        {"ticket_id": json_field("ticket_id"), "sla_policy_id": json_field("sla.policy.id"),
         "policy_applied_at": json_field("time")},
        from_=_first_per("record ->> 'ticket_id', record -> 'sla' -> 'policy' ->> 'id', record ->> 'time'"),
        where="u._nth = 1",
        skipped_because="metric events that apply no SLA policy, or the same application again",
    )


_TICKET_COLUMNS = {
    **{
        c: json_field(c)
        for c in (
            "id", "allow_channelback", "assignee_id", "brand_id", "created_at", "description", "due_at",
            "external_id", "forum_topic_id", "group_id", "has_incidents", "is_public", "organization_id",
            "priority", "problem_id", "recipient", "requester_id", "status", "subject", "submitter_id",
            "ticket_form_id", "type", "updated_at", "url",
        )
    },
    "via_channel": json_field("via.channel"),
    "via_source_from_address": json_field("via.source.from.address"),
    "via_source_from_id": json_field("via.source.from.id"),
    "via_source_from_title": json_field("via.source.from.title"),
    "via_source_rel": json_field("via.source.rel"),
    "via_source_to_address": json_field("via.source.to.address"),
    "via_source_to_name": json_field("via.source.to.name"),
}
_USER_COLUMNS = (
    "id", "active", "alias", "chat_only", "created_at", "details", "email", "external_id", "last_login_at",
    "locale", "locale_id", "moderator", "name", "notes", "only_private_comments", "organization_id", "phone",
    "restricted_agent", "role", "shared", "shared_agent", "signature", "suspended", "ticket_restriction",
    "time_zone", "two_factor_auth_enabled", "updated_at", "url", "verified",
)
_ORGANIZATION_COLUMNS = (
    "id", "created_at", "details", "external_id", "group_id", "name", "notes", "shared_comments",
    "shared_tickets", "updated_at", "url",
)
_BRAND_COLUMNS = {
    **{c: json_field(c) for c in ("id", "active", "brand_url", "has_help_center", "help_center_state", "name",
                                   "subdomain", "url")},
    # the brand's logo is an attachment object: {"id", "file_name", "content_url", "content_type", "size", ...}
    **{f"logo_{c}": json_field(f"logo.{c}") for c in ("content_type", "content_url", "file_name", "height", "id",
                                                      "inline", "mapped_content_url", "size", "url", "width")},
}
