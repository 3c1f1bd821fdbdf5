"""ServiceNow-style incident event logs through the whole Dagster job, on the sample in
tests/fixtures/incident_log (day-first times and `?` for missing values, as the public incident event log
writes them): an incident per ticket from its latest update, status and assignment history as events,
resolution and reopens, and the log's made_sla reconciled with our SLA verdict."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from dagster_project.ingest.adapters.adapted_delivery import read_accounts
from dagster_project.warehouse.refresh import failed_checks

SAMPLE = "incident_log/2016-03-10-incidents"
DELIVERY = "2016-03-10-incidents"


def test_the_job_succeeds_and_every_check_passes(adapted_warehouse) -> None:  # noqa: ANN001
    assert adapted_warehouse.result.success
    assert failed_checks(adapted_warehouse.result) == []


def test_each_incident_is_a_ticket_as_its_latest_update_says(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT ticket_id, created_at, channel, priority, team_id, assignee_id, status
        FROM staging.stg_helpdesk__tickets ORDER BY ticket_id"""
    ).fetchall() == [
        ("INC0000045", _utc("2016-02-29 01:16"), "phone", "normal", "Group 24", "Resolver 31", "closed"),
        ("INC0000047", _utc("2016-02-29 04:40"), "email", "urgent", "Group 70", "Resolver 89", "solved"),
        ("INC0000050", _utc("2016-03-01 10:00"), "web", "low", "Group 24", "Resolver 31", "open"),
    ]


def test_state_and_assignment_changes_are_the_history(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT occurred_at, field, old_value, new_value FROM staging.stg_helpdesk__ticket_events
        WHERE ticket_id = 'INC0000045' ORDER BY occurred_at, field"""
    ).fetchall() == [
        (_utc("2016-02-29 01:23"), "status", None, "new"),
        (_utc("2016-02-29 01:23"), "team_id", None, "Group 56"),
        (_utc("2016-02-29 08:53"), "assignee_id", None, "Resolver 17"),
        (_utc("2016-02-29 08:53"), "status", "new", "open"),
        (_utc("2016-02-29 11:29"), "assignee_id", "Resolver 17", "Resolver 31"),
        (_utc("2016-02-29 11:29"), "team_id", "Group 56", "Group 24"),
        (_utc("2016-03-01 09:52"), "status", "open", "solved"),
        (_utc("2016-03-06 10:00"), "status", "solved", "closed"),
    ]


def test_resolution_and_reopens(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT ticket_id, first_resolved_at, resolved_at, full_resolution_minutes, reopen_count, team_transfers
        FROM marts.fct_tickets ORDER BY ticket_id"""
    ).fetchall() == [
        ("INC0000045", _utc("2016-03-01 09:52"), _utc("2016-03-01 09:52"), 1956.0, 0, 1),
        ("INC0000047", _utc("2016-03-02 10:00"), _utc("2016-03-02 15:00"), 3500.0, 1, 0),
        ("INC0000050", None, None, None, 0, 0),
    ]


def test_the_update_with_an_impossible_time_is_quarantined(adapted_con) -> None:  # noqa: ANN001
    rows = adapted_con.execute("SELECT table_name, column_name, reason, raw_row FROM raw.quarantine").fetchall()
    assert [r[:3] for r in rows] == [
        ("ticket_events", "occurred_at", "occurred_at: '31/2/2016 10:40' is not a timestamp")
    ]
    raw_row = json.loads(rows[0][3])
    assert (raw_row["source_file"], raw_row["source_row"]) == (f"{DELIVERY}/incident_event_log.csv", 14)


def test_every_update_is_accounted_for(adapted_warehouse) -> None:  # noqa: ANN001
    accounts = {a.table: a for a in read_accounts(adapted_warehouse.raw_dir / DELIVERY)}
    assert {t: (a.rows_read, a.rows_mapped, a.rows_skipped, a.rows_written) for t, a in accounts.items()} == {
        "tickets": (14, 3, 11, 3),
        "ticket_events": (14, 14, 0, 21),
        "vendor_ticket_metrics": (14, 3, 11, 3),
    }


def test_made_sla_is_reconciled_with_our_sla_verdict(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT ticket_id, our_value, vendor_value, is_match FROM marts.fct_vendor_metric_reconciliation
        WHERE metric = 'made_sla' ORDER BY ticket_id"""
    ).fetchall() == [
        ("INC0000045", 1.0, 1.0, True),
        ("INC0000047", 0.0, 0.0, True),
        ("INC0000050", 1.0, 1.0, True),
    ]
    assert adapted_con.execute(
        "SELECT tickets, compared, matching FROM marts.agg_vendor_metric_reconciliation WHERE metric = 'made_sla'"
    ).fetchall() == [(3, 3, 3)]


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
