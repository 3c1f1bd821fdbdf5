"""The Zendesk Fivetran adapter: a small Fivetran-shaped delivery becomes canonical rows, every source row
is accounted for, bad rows are quarantined with their Zendesk file and row, and whole-file problems stop the
run naming the file."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from dagster_project.ingest import IngestError, discover_deliveries, load_table
from dagster_project.ingest.adapters.adapted_delivery import read_accounts
from dagster_project.ingest.adapters.canonical_output import canonical_folder
from dagster_project.ingest.adapters.vendor_tables import load_vendor_tables
from dagster_project.ingest.adapters.zendesk_account import ACCOUNT_TABLES
from dagster_project.ingest.export_format import TABLES

DELIVERY = "2024-03-04"


@pytest.fixture
def zendesk(deliver) -> Path:  # noqa: ANN001
    deliver(DELIVERY, "manifest.json", json.dumps({"source": "zendesk_fivetran"}))
    deliver(
        DELIVERY,
        "ticket.csv",
        "id,created_at,updated_at,via_channel,requester_id,subject,priority,group_id,assignee_id,status,"
        "merged_ticket_ids,_fivetran_deleted",
        '1,2024-03-01 09:00:00,2024-03-01 10:00:00,web,501,Login,high,10,401,solved,"[3]",false',
        "2,2024-03-02 09:00:00,2024-03-02 09:30:00,voice,501,Call,,10,,deleted,[],false",
        "3,2024-03-01 08:00:00,2024-03-01 08:05:00,email,502,Duplicate,low,10,,closed,[],false",
        "4,yesterday,2024-03-03 09:00:00,native_messaging,502,Chat,normal,11,402,open,[],false",
    )
    deliver(
        DELIVERY,
        "ticket_comment.csv",
        "id,created,public,ticket_id,user_id,body",
        "11,2024-03-01 09:00:00,true,1,501,Cannot log in",
        "12,2024-03-01 09:10:00,true,1,401,Try this",
        "13,2024-03-01 09:20:00,false,1,402,Internal note",
        "14,2024-03-01 09:30:00,true,1,-1,Automatic reminder",
    )
    deliver(
        DELIVERY,
        "ticket_field_history.csv",
        "field_name,ticket_id,updated,user_id,value",
        "status,1,2024-03-01 09:00:00,501,new",
        "group_id,1,2024-03-01 09:00:00,-1,10",
        "status,1,2024-03-01 10:00:00,401,solved",
        "satisfaction_score,1,2024-03-01 11:00:00,-1,offered",
        "satisfaction_score,1,2024-03-01 12:00:00,501,good",
        "satisfaction_comment,1,2024-03-01 12:00:00,501,Thanks!",
        "status,2,2024-03-02 09:30:00,401,deleted",
    )
    deliver(
        DELIVERY,
        "user.csv",
        "id,name,role,active,suspended",
        "401,Ana Lima,agent,true,false",
        "402,Ben Okafor,admin,true,true",
        "501,Cy Young,end-user,true,false",
        "502,Di Park,end-user,true,false",
    )
    deliver(DELIVERY, "group.csv", "id,name", "10,Support", "11,Billing")
    # a Fivetran table nothing reads (the reference leaves audit logs off too)
    return deliver(DELIVERY, "audit_log.csv", "id,action,created_at", "1,update,2024-03-01 09:00:00")


def _load_all(con, raw_dir: Path) -> None:  # noqa: ANN001
    for table in TABLES:
        load_table(con, raw_dir, table)


def test_zendesk_tables_become_canonical_rows(con, raw_dir, zendesk) -> None:  # noqa: ANN001
    _load_all(con, raw_dir)
    assert con.execute(
        """SELECT ticket_id, created_at, channel, team_id, assignee_id, status, merged_into_ticket_id, is_deleted
        FROM raw.tickets ORDER BY ticket_id"""
    ).fetchall() == [
        ("1", _utc("2024-03-01 09:00"), "web", "10", "401", "solved", None, False),
        ("2", _utc("2024-03-02 09:00"), "voice", "10", None, None, None, True),
        ("3", _utc("2024-03-01 08:00"), "email", "10", None, "closed", "1", False),
    ]
    assert con.execute(
        "SELECT message_id, author_type, author_id, is_public FROM raw.messages ORDER BY message_id"
    ).fetchall() == [
        ("11", "customer", "501", True),
        ("12", "agent", "401", True),
        ("13", "agent", "402", False),
        ("14", "system", "-1", True),
    ]
    assert con.execute(
        "SELECT event_id, field, new_value, actor_id FROM raw.ticket_events ORDER BY occurred_at, event_id"
    ).fetchall() == [
        ("1:group_id:2024-03-01 09:00:00", "team_id", "10", "-1"),
        ("1:status:2024-03-01 09:00:00", "status", "new", "501"),
        ("1:status:2024-03-01 10:00:00", "status", "solved", "401"),
        ("1:satisfaction_score:2024-03-01 11:00:00", "satisfaction_score", "offered", "-1"),
        ("1:satisfaction_comment:2024-03-01 12:00:00", "satisfaction_comment", "Thanks!", "501"),
        ("1:satisfaction_score:2024-03-01 12:00:00", "satisfaction_score", "good", "501"),
        ("2:status:2024-03-02 09:30:00", "is_deleted", "true", "401"),
    ]
    assert con.execute("SELECT ticket_id, rated_at, score, comment FROM raw.satisfaction_ratings").fetchall() == [
        ("1", _utc("2024-03-01 12:00"), 5, "Thanks!")
    ]
    assert con.execute("SELECT agent_id, name, is_active FROM raw.agents ORDER BY agent_id").fetchall() == [
        ("401", "Ana Lima", True),
        ("402", "Ben Okafor", False),
    ]
    assert con.execute("SELECT team_id, name FROM raw.teams ORDER BY team_id").fetchall() == [
        ("10", "Support"),
        ("11", "Billing"),
    ]


def test_a_bad_zendesk_row_is_quarantined_with_its_zendesk_file_and_row(con, raw_dir, zendesk) -> None:  # noqa: ANN001
    _load_all(con, raw_dir)
    rows = con.execute(
        "SELECT table_name, source_file, row_number, column_name, reason, raw_row FROM raw.quarantine"
    ).fetchall()
    assert [row[:5] for row in rows] == [
        (
            "tickets",
            f"{DELIVERY}/.canonical/tickets.parquet",
            4,
            "created_at",
            "created_at: 'yesterday' is not a timestamp",
        )
    ]
    raw_row = json.loads(rows[0][5])
    assert (raw_row["source_file"], raw_row["source_row"], raw_row["ticket_id"]) == (f"{DELIVERY}/ticket.csv", 4, "4")


def test_every_source_row_is_accounted_for(con, raw_dir, zendesk) -> None:  # noqa: ANN001
    _load_all(con, raw_dir)
    accounts = {(a.source_file.split("/")[-1], a.table): a for a in read_accounts(raw_dir / DELIVERY)}
    assert {key: (a.rows_read, a.rows_mapped, a.rows_skipped, a.rows_written) for key, a in accounts.items()} == {
        ("ticket.csv", "tickets"): (4, 4, 0, 4),
        ("ticket_comment.csv", "messages"): (4, 4, 0, 4),
        ("ticket_field_history.csv", "ticket_events"): (7, 7, 0, 7),
        ("ticket_field_history.csv", "satisfaction_ratings"): (7, 1, 6, 1),
        ("user.csv", "agents"): (4, 2, 2, 2),
        ("group.csv", "teams"): (2, 2, 0, 2),
        # and every row of the account's tables, as delivered (zendesk_account)
        ("ticket.csv", "zendesk__ticket"): (4, 4, 0, 4),
        ("ticket_comment.csv", "zendesk__ticket_comment"): (4, 4, 0, 4),
        ("ticket_field_history.csv", "zendesk__ticket_field_history"): (7, 7, 0, 7),
        ("user.csv", "zendesk__user"): (4, 4, 0, 4),
        ("group.csv", "zendesk__group"): (2, 2, 0, 2),
    }
    assert accounts[("user.csv", "agents")].skipped_because == "end-users are customers, not agents"
    load_vendor_tables(con, list(ACCOUNT_TABLES.values()), discover_deliveries(raw_dir))
    # what the adapter wrote is what the loader read, and it was loaded or quarantined
    logged = con.execute(
        "SELECT table_name, rows_read, rows_loaded + rows_quarantined FROM raw.load_log ORDER BY table_name"
    ).fetchall()
    written = {a.table: a.rows_written for a in accounts.values()}
    assert logged == [(table, written[table], written[table]) for table in sorted(written)]


def test_files_the_adapter_does_not_read_are_reported(raw_dir, zendesk) -> None:  # noqa: ANN001
    (delivery,) = discover_deliveries(raw_dir)
    assert [p.name for p in delivery.unknown_files] == ["audit_log.csv"]
    assert sorted(delivery.files) == sorted(TABLES)


def test_the_conversion_is_reused_until_a_source_file_changes(raw_dir, zendesk) -> None:  # noqa: ANN001
    discover_deliveries(raw_dir)
    converted = canonical_folder(raw_dir / DELIVERY) / "tickets.parquet"
    first = converted.stat().st_mtime_ns
    discover_deliveries(raw_dir)
    assert converted.stat().st_mtime_ns == first
    source = raw_dir / DELIVERY / "group.csv"
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1_000_000_000))
    discover_deliveries(raw_dir)
    assert converted.stat().st_mtime_ns != first


def test_a_missing_required_zendesk_column_names_the_file(raw_dir, deliver, zendesk) -> None:  # noqa: ANN001
    deliver(DELIVERY, "ticket_comment.csv", "id,created,ticket_id,user_id", "11,2024-03-01 09:00:00,1,501")
    with pytest.raises(IngestError) as error:
        discover_deliveries(raw_dir)
    assert str(error.value) == (
        f"{DELIVERY}/ticket_comment.csv: missing required column 'public'"
        " (columns found: id, created, ticket_id, user_id)"
    )


def test_an_unknown_source_names_the_supported_ones(raw_dir, deliver) -> None:  # noqa: ANN001
    deliver(DELIVERY, "manifest.json", json.dumps({"source": "zendesk"}))
    with pytest.raises(IngestError) as error:
        discover_deliveries(raw_dir)
    assert str(error.value) == (
        f"{DELIVERY}/manifest.json: unknown source 'zendesk' "
        "(supported: canonical, zendesk_fivetran, zendesk_api, intercom, freshdesk, incident_log, social_threads, mapping:<file>)"
    )


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
