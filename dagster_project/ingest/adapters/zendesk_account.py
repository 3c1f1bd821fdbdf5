"""The Zendesk account's own tables, as the Fivetran connector lands them, kept beside the canonical tables
as `raw.zendesk__<table>` for the dbt_zendesk-shaped marts (users, organizations, brands, tags, forms,
schedules, SLA policies, the full ticket and field history).

The canonical tables carry what our metrics need; these carry the rest of what a Zendesk team's dashboards
read. One declaration per table (its Fivetran columns, types and primary key) drives everything: the
adapter copies the delivered text of each declared column to `.canonical/zendesk__<table>.parquet` with
its source file and row (accounted like any canonical table), and `vendor_tables.load_vendor_tables` types,
quarantines and loads them. A delivery without a table, or a canonical delivery, leaves it empty.
"""

from __future__ import annotations

from dagster_project.ingest.adapters.canonical_output import TableMapping
from dagster_project.ingest.adapters.source_files import SourceFiles, SourceTable
from dagster_project.ingest.export_format import Column, Table
from dagster_project.ingest.sql import quote_identifier

PREFIX = "zendesk__"

# Per Fivetran table: its primary key (first, the connector's order) and its columns as `name:type`.
# Ids stay text, as everywhere in the warehouse (Zendesk ids exceed INTEGER; they are never summed).
_DECLARATIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "ticket": (
        ("id",),
        "id:id _fivetran_synced:timestamp _fivetran_deleted:boolean allow_channelback:boolean assignee_id:id"
        " brand_id:id created_at:timestamp description due_at:timestamp external_id:id forum_topic_id:id"
        " group_id:id has_incidents:boolean is_public:boolean merged_ticket_ids organization_id:id priority"
        " problem_id:id recipient requester_id:id status subject submitter_id:id system_ccs system_client"
        " system_ip_address system_json_email_identifier system_latitude:number system_location"
        " system_longitude:number system_machine_generated:boolean system_message_id system_raw_email_identifier"
        " ticket_form_id:id type updated_at:timestamp url via_channel via_source_from_address"
        " via_source_from_id:id via_source_from_title via_source_rel via_source_to_address via_source_to_name",
    ),
    "ticket_comment": (
        ("id",),
        "id:id _fivetran_synced:timestamp _fivetran_deleted:boolean body created:timestamp"
        " facebook_comment:boolean public:boolean ticket_id:id tweet:boolean user_id:id voice_comment:boolean",
    ),
    "ticket_field_history": (
        ("field_name", "ticket_id", "updated"),
        "field_name ticket_id:id updated:timestamp _fivetran_synced:timestamp user_id:id value",
    ),
    "ticket_tag": (("tag", "ticket_id"), "tag ticket_id:id _fivetran_synced:timestamp"),
    "ticket_form_history": (
        ("id", "updated_at"),
        "id:id updated_at:timestamp _fivetran_deleted:boolean _fivetran_synced:timestamp active:boolean"
        " created_at:timestamp display_name end_user_visible:boolean name",
    ),
    "user": (
        ("id",),
        "id:id _fivetran_synced:timestamp _fivetran_deleted:boolean active:boolean alias authenticity_token"
        " chat_only:boolean created_at:timestamp details email external_id:id last_login_at:timestamp locale"
        " locale_id:id moderator:boolean name notes only_private_comments:boolean organization_id:id phone"
        " remote_photo_url restricted_agent:boolean role shared:boolean shared_agent:boolean signature"
        " suspended:boolean ticket_restriction time_zone two_factor_auth_enabled:boolean updated_at:timestamp"
        " url verified:boolean",
    ),
    "user_tag": (("tag", "user_id"), "tag user_id:id _fivetran_synced:timestamp"),
    "organization": (
        ("id",),
        "id:id _fivetran_synced:timestamp created_at:timestamp details external_id:id group_id:id name notes"
        " shared_comments:boolean shared_tickets:boolean updated_at:timestamp url",
    ),
    "organization_tag": (("organization_id", "tag"), "organization_id:id tag _fivetran_synced:timestamp"),
    "domain_name": (
        ("index", "organization_id"),
        "index:integer organization_id:id _fivetran_synced:timestamp domain_name",
    ),
    "brand": (
        ("id",),
        "id:id _fivetran_deleted:boolean _fivetran_synced:timestamp active:boolean brand_url"
        " has_help_center:boolean help_center_state logo_content_type logo_content_url logo_deleted:boolean"
        " logo_file_name logo_height:integer logo_id:id logo_inline:boolean logo_mapped_content_url"
        " logo_size:integer logo_url logo_width:integer name subdomain url",
    ),
    "group": (
        ("id",),
        "id:id _fivetran_deleted:boolean _fivetran_synced:timestamp created_at:timestamp name"
        " updated_at:timestamp url",
    ),
    "schedule": (
        ("end_time", "id", "start_time"),
        "end_time:integer id:id start_time:integer _fivetran_deleted:boolean _fivetran_synced:timestamp"
        " end_time_utc:integer name start_time_utc:integer time_zone created_at:timestamp",
    ),
    "schedule_holiday": (
        ("id", "schedule_id"),
        "id:id schedule_id:id _fivetran_deleted:boolean _fivetran_synced:timestamp end_date:date name"
        " start_date:date",
    ),
    "ticket_schedule": (
        ("created_at", "ticket_id"),
        "created_at:timestamp ticket_id:id _fivetran_synced:timestamp schedule_id:id",
    ),
    "ticket_sla_policy": (
        ("ticket_id", "sla_policy_id", "policy_applied_at"),
        "ticket_id:id sla_policy_id:id policy_applied_at:timestamp _fivetran_synced:timestamp",
    ),
    "sla_policy_metric_history": (
        ("sla_policy_id", "index", "sla_policy_updated_at"),
        "sla_policy_id:id index:integer sla_policy_updated_at:timestamp business_hours:boolean metric priority"
        " target:integer _fivetran_synced:timestamp",
    ),
    "time_zone": (("time_zone",), "time_zone _fivetran_synced:timestamp standard_offset"),
    "daylight_time": (
        ("time_zone", "year"),
        "time_zone year:integer _fivetran_synced:timestamp daylight_end_utc:timestamp daylight_offset:integer"
        " daylight_start_utc:timestamp",
    ),
}


def _table(name: str, key: tuple[str, ...], columns: str) -> Table:
    declared = [c.partition(":") for c in columns.split()]
    return Table(
        PREFIX + name,
        tuple(Column(c, type or "text", required=c in key) for c, _, type in declared),  # type: ignore[arg-type]
        key=tuple(key),
    )


# The raw tables, by Fivetran table name.
ACCOUNT_TABLES: dict[str, Table] = {name: _table(name, *spec) for name, spec in _DECLARATIONS.items()}


def with_declared_columns(table: SourceTable) -> SourceTable:
    """`table` (a canonical mapping's source) with every column its account table declares too, so that
    one read of the file serves both (the files are the delivery's largest: ticket, field history, user)."""
    spec = ACCOUNT_TABLES.get(table.name)
    if spec is None:
        return table
    columns = dict.fromkeys([*table.columns, *spec.column_names])
    return SourceTable(table.name, tuple(columns), required=table.required, json_records=table.json_records)


def table_mappings(files: SourceFiles) -> list[TableMapping]:
    """One mapping per account table the delivery has: each row's delivered text, column by column.

    A table the canonical mappings read already (ticket, user, ...) is read again, with its declared
    columns and those they read, unless that read had every declared column (`with_declared_columns`);
    either way their mappings run on the same rows."""
    mappings = []
    for name, spec in ACCOUNT_TABLES.items():
        earlier = _earlier_columns(files, name)
        source = SourceTable(name, tuple(dict.fromkeys([*spec.column_names, *earlier])), required=tuple(spec.key))
        read_before = name in files.read_files and set(spec.column_names) <= set(earlier)
        if not read_before and files.read(source) is None:
            continue
        columns = {c: f"u.{quote_identifier(c)}" for c in spec.column_names}
        mappings.append(TableMapping(spec, source, columns))
    return mappings


def _earlier_columns(files: SourceFiles, name: str) -> list[str]:
    """The columns an earlier read of the Fivetran file of a table has (none when it was not read)."""
    return [
        column
        for (column,) in files.con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = $name AND column_name != '_row_number'",
            {"name": f"src_{name}"},
        ).fetchall()
    ]
