"""The Zendesk API adapter on the sample in tests/fixtures/zendesk_api (JSON lines as an API dump or Airbyte
writes them): canonical rows, the quarantined comment, status history from audits, and Zendesk's own
ticket metrics loaded for reconciliation."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from dagster_project.ingest import discover_deliveries, load_table
from dagster_project.ingest.adapters.adapted_delivery import read_accounts
from dagster_project.ingest.adapters.vendor_metrics import load_vendor_ticket_metrics
from dagster_project.ingest.export_format import TABLES
from dagster_project.warehouse import connect

SAMPLE = "zendesk_api/2024-06-16-zendesk-api"
DELIVERY = "2024-06-16-zendesk-api"


@pytest.fixture
def loaded(con, raw_dir, copy_fixture):  # noqa: ANN001, ANN201
    copy_fixture(SAMPLE)
    return {table: load_table(con, raw_dir, table) for table in TABLES}


def test_every_stream_is_loaded(loaded) -> None:  # noqa: ANN001
    assert {t: (r.rows_read, r.rows_loaded, r.rows_quarantined) for t, r in loaded.items()} == {
        "tickets": (4, 4, 0),
        "messages": (16, 15, 1),
        "ticket_events": (29, 29, 0),
        "satisfaction_ratings": (1, 1, 0),
        "agents": (4, 4, 0),
        "teams": (2, 2, 0),
    }


def test_the_comment_with_an_impossible_date_is_quarantined(con, loaded) -> None:  # noqa: ANN001
    rows = con.execute("SELECT table_name, row_number, column_name, reason, raw_row FROM raw.quarantine").fetchall()
    assert [row[:4] for row in rows] == [
        ("messages", 14, "created_at", "created_at: '2024-06-31T14:02:00Z' is not a timestamp")
    ]
    raw_row = json.loads(rows[0][4])
    assert (raw_row["source_file"], raw_row["source_row"], raw_row["message_id"]) == (
        f"{DELIVERY}/ticket_comments.jsonl",
        14,
        "1900014",
    )


def test_tickets_take_their_channel_from_via(con, loaded) -> None:  # noqa: ANN001
    assert con.execute("SELECT ticket_id, channel, team_id, status FROM raw.tickets ORDER BY ticket_id").fetchall() == [
        ("900101", "email", "310001", "solved"),
        ("900102", "web", "310001", "solved"),
        ("900103", "chat", "310002", "solved"),
        ("900104", "voice", "310002", "open"),
    ]


def test_authors_are_typed_by_their_zendesk_role(con, loaded) -> None:  # noqa: ANN001
    # 420001 is an admin (an agent of ours) writing an internal note; users come Airbyte-wrapped
    assert con.execute(
        "SELECT message_id, author_type, is_public FROM raw.messages WHERE ticket_id = '900102' ORDER BY message_id"
    ).fetchall() == [
        ("1900005", "customer", True),
        ("1900006", "agent", False),
        ("1900007", "agent", True),
        ("1900008", "customer", True),
        ("1900009", "agent", True),
        ("1900010", "customer", True),
        ("1900011", "agent", True),
    ]


def test_status_history_comes_from_the_audits(con, loaded) -> None:  # noqa: ANN001
    assert con.execute(
        """SELECT occurred_at, old_value, new_value FROM raw.ticket_events
        WHERE ticket_id = '900102' AND field = 'status' ORDER BY occurred_at"""
    ).fetchall() == [
        (_utc("2024-06-11 10:00"), None, "new"),
        (_utc("2024-06-11 10:45"), "new", "pending"),
        (_utc("2024-06-12 08:00"), "pending", "open"),
        (_utc("2024-06-12 08:15"), "open", "solved"),
        (_utc("2024-06-12 12:00"), "solved", "open"),
        (_utc("2024-06-12 12:30"), "open", "solved"),
    ]


def test_audit_rows_without_a_field_change_are_accounted_as_skipped(raw_dir, loaded) -> None:  # noqa: ANN001
    accounts = {(a.source_file.split("/")[-1], a.table): a for a in read_accounts(raw_dir / DELIVERY)}
    audits = accounts[("ticket_audits.jsonl", "ticket_events")]
    # 19 audits: 16 change a field (29 changes in all), 2 only add a comment, 1 only moves the ticket to
    # another schedule
    assert (audits.rows_read, audits.rows_mapped, audits.rows_skipped, audits.rows_written) == (19, 16, 3, 29)
    ratings = accounts[("satisfaction_ratings.jsonl", "satisfaction_ratings")]
    assert (ratings.rows_read, ratings.rows_mapped, ratings.skipped_because) == (
        2,
        1,
        "a survey offered but not answered is not a rating",
    )


def test_zendesk_ticket_metrics_are_loaded_for_reconciliation(con, raw_dir, loaded) -> None:  # noqa: ANN001
    assert load_vendor_ticket_metrics(con, discover_deliveries(raw_dir)) == (4, 4, 0)
    assert con.execute(
        """SELECT ticket_id, replies, reopens, reply_time_calendar_minutes, full_resolution_calendar_minutes,
                  requester_wait_calendar_minutes, solved_at, _source_file, _row_number
        FROM raw.vendor_ticket_metrics ORDER BY ticket_id"""
    ).fetchall() == [
        ("900101", 2, 0, 30, 80, 80, _utc("2024-06-10 09:20"), f"{DELIVERY}/ticket_metrics.jsonl", 1),
        ("900102", 3, 1, 45, 1590, 90, _utc("2024-06-12 12:30"), f"{DELIVERY}/ticket_metrics.jsonl", 2),
        ("900103", 1, 0, 1, 5, 5, _utc("2024-06-12 14:05"), f"{DELIVERY}/ticket_metrics.jsonl", 3),
        ("900104", 0, 0, None, None, 3660, None, f"{DELIVERY}/ticket_metrics.jsonl", 4),
    ]


def test_an_unreadable_vendor_metric_is_quarantined(con, raw_dir, copy_fixture) -> None:  # noqa: ANN001
    delivery = copy_fixture(SAMPLE)
    metrics = delivery / "ticket_metrics.jsonl"
    lines = metrics.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"reopens": 1', '"reopens": "one"')
    metrics.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load_vendor_ticket_metrics(con, discover_deliveries(raw_dir)) == (4, 3, 1)
    assert con.execute(
        "SELECT table_name, source_file, row_number, column_name, reason FROM raw.quarantine"
    ).fetchall() == [
        (
            "vendor_ticket_metrics",
            f"{DELIVERY}/ticket_metrics.jsonl",
            2,
            "reopens",
            "reopens: 'one' is not a whole number",
        )
    ]
    assert con.execute(
        "SELECT rows_read, rows_loaded, rows_quarantined FROM raw.load_log WHERE table_name = 'vendor_ticket_metrics'"
    ).fetchall() == [(4, 3, 1)]


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def test_the_vendor_metrics_asset_loads_them_into_the_working_copy(tmp_path, raw_dir, copy_fixture) -> None:  # noqa: ANN001
    from dagster import materialize

    from dagster_project.defs.assets.vendor_metrics import vendor_ticket_metrics
    from dagster_project.defs.resources import WarehouseResource

    copy_fixture(SAMPLE)
    warehouse = WarehouseResource(raw_dir=str(raw_dir), path=str(tmp_path / "published.duckdb"))
    result = materialize([vendor_ticket_metrics], resources={"warehouse": warehouse})
    (event,) = result.get_asset_materialization_events()
    materialization = event.event_specific_data.materialization
    assert materialization.asset_key.to_user_string() == "raw/vendor_ticket_metrics"
    assert {k: v.value for k, v in materialization.metadata.items()} == {
        "dagster/row_count": 4,
        "rows_read": 4,
        "rows_loaded": 4,
        "rows_quarantined": 0,
    }
    con = connect(warehouse.warehouse_path, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM raw.vendor_ticket_metrics").fetchall() == [(4,)]
    finally:
        con.close()
