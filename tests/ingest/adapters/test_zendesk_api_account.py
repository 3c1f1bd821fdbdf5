"""A Zendesk API delivery fills the account's own tables (raw.zendesk__<table>) in Fivetran's shape: the
sample in tests/fixtures/zendesk_api (two schedules, one with a holiday on Wednesday 2024-06-12, an SLA
policy applied to three tickets, a chat assigned the around-the-clock schedule at creation, a call moved to
it an hour in) through a real refresh. Its tickets are measured on the delivered schedules and held to the
delivered policy's targets (the seeds would say otherwise: normal first response 240 business minutes, high
60, next response 480), and all six Zendesk marts are filled."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timezone

from dagster_project.ingest import discover_deliveries
from dagster_project.ingest.adapters.vendor_tables import load_vendor_tables
from dagster_project.ingest.adapters.zendesk_account import ACCOUNT_TABLES
from dagster_project.warehouse import connect
from tests.dbt.zendesk.conftest import _dbt_run

SAMPLE = "zendesk_api/2024-06-16-zendesk-api"
DELIVERY = "2024-06-16-zendesk-api"


def test_every_stream_fills_its_account_tables_and_rows_add_up(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT table_name, split_part(source_file, '/', 2), rows_read, rows_loaded, rows_quarantined
        FROM raw.load_log WHERE table_name LIKE 'zendesk\\_\\_%' ESCAPE '\\' ORDER BY 1, 2"""
    ).fetchall() == [
        ("zendesk__brand", "brands.jsonl", 1, 1, 0),
        ("zendesk__domain_name", "organizations.jsonl", 2, 2, 0),
        ("zendesk__group", "groups.jsonl", 2, 2, 0),
        ("zendesk__organization", "organizations.jsonl", 1, 1, 0),
        ("zendesk__organization_tag", "organizations.jsonl", 1, 1, 0),
        # 5 weekdays + 7 days
        ("zendesk__schedule", "schedules.jsonl", 12, 12, 0),
        ("zendesk__schedule_holiday", "schedule_holidays.jsonl", 1, 1, 0),
        ("zendesk__sla_policy_metric_history", "sla_policies.jsonl", 5, 5, 0),
        ("zendesk__ticket", "tickets.jsonl", 4, 4, 0),
        # the comment dated 2024-06-31, as in raw.messages
        ("zendesk__ticket_comment", "ticket_comments.jsonl", 16, 15, 1),
        ("zendesk__ticket_field_history", "ticket_audits.jsonl", 29, 29, 0),
        # 5 targets applied, and the policy's name at 3 applications
        ("zendesk__ticket_field_history", "ticket_metric_events.jsonl", 8, 8, 0),
        ("zendesk__ticket_form_history", "ticket_forms.jsonl", 1, 1, 0),
        ("zendesk__ticket_schedule", "ticket_audits.jsonl", 2, 2, 0),
        ("zendesk__ticket_sla_policy", "ticket_metric_events.jsonl", 3, 3, 0),
        ("zendesk__ticket_tag", "tickets.jsonl", 4, 4, 0),
        ("zendesk__user", "_airbyte_raw_users.jsonl", 8, 8, 0),
        ("zendesk__user_tag", "_airbyte_raw_users.jsonl", 1, 1, 0),
    ]
    # the API has no time-zone tables: they stay empty (schedules' zones come from seed zendesk_time_zones)
    assert adapted_con.execute(
        "SELECT (SELECT count(*) FROM raw.zendesk__time_zone), (SELECT count(*) FROM raw.zendesk__daylight_time)"
    ).fetchall() == [(0, 0)]


def test_tickets_users_and_organizations_keep_their_api_attributes(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT id, via_channel, status, priority, group_id, brand_id, ticket_form_id, organization_id, type,
                  is_public, created_at
        FROM raw.zendesk__ticket ORDER BY id"""
    ).fetchall() == [
        ("900101", "email", "solved", "normal", "310001", "360001", "360030001", "370000001", "question", True,
         _utc("2024-06-10 08:00")),
        ("900102", "web", "solved", "high", "310001", "360001", "360030001", None, "question", True,
         _utc("2024-06-11 10:00")),
        ("900103", "chat", "solved", "low", "310002", "360001", "360030001", None, "question", True,
         _utc("2024-06-12 14:00")),
        ("900104", "voice", "open", "normal", "310002", "360001", "360030001", None, "question", True,
         _utc("2024-06-13 09:00")),
    ]
    assert adapted_con.execute("SELECT ticket_id, tag FROM raw.zendesk__ticket_tag ORDER BY 1, 2").fetchall() == [
        ("900101", "billing"), ("900101", "invoice"), ("900102", "login"), ("900104", "renewal"),
    ]
    assert adapted_con.execute(
        "SELECT id, role, email, organization_id, suspended FROM raw.zendesk__user WHERE id IN ('410003', '510001')"
        " ORDER BY id"
    ).fetchall() == [("410003", "agent", "dana@example.com", None, True), ("510001", "end-user", "eva@example.com",
                                                                          "370000001", False)]
    assert adapted_con.execute(
        "SELECT organization_id, domain_name, index FROM raw.zendesk__domain_name ORDER BY index"
    ).fetchall() == [("370000001", "globex.example", 0), ("370000001", "globex.test", 1)]
    assert adapted_con.execute(
        "SELECT id, name, logo_file_name, logo_size, logo_width, has_help_center FROM raw.zendesk__brand"
    ).fetchall() == [("360001", "Acme", "acme.png", 2048, 80, True)]


def test_field_changes_come_from_the_audits(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT field_name, updated, user_id, value FROM raw.zendesk__ticket_field_history
        WHERE ticket_id = '900101' AND _source_file LIKE '%ticket_audits.jsonl' ORDER BY updated, field_name"""
    ).fetchall() == [
        # the custom field by its id, as Fivetran names it
        ("360040001", _utc("2024-06-10 08:00"), "510001", "invoice_error"),
        ("group_id", _utc("2024-06-10 08:00"), "510001", "310001"),
        ("priority", _utc("2024-06-10 08:00"), "510001", "normal"),
        ("status", _utc("2024-06-10 08:00"), "510001", "new"),
        ("assignee_id", _utc("2024-06-10 08:05"), "410001", "410001"),
        ("status", _utc("2024-06-10 08:30"), "410001", "open"),
        ("status", _utc("2024-06-10 09:20"), "410001", "solved"),
        ("satisfaction_comment", _utc("2024-06-10 10:02"), "510001", "Fast, thanks"),
        ("satisfaction_score", _utc("2024-06-10 10:02"), "510001", "good"),
    ]


def test_schedules_holidays_and_schedule_moves_are_the_accounts(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT id, name, time_zone, min(start_time), max(end_time), count(*), min(created_at)
        FROM raw.zendesk__schedule GROUP BY ALL ORDER BY id"""
    ).fetchall() == [
        # Monday to Friday 08:00-18:00 London; every day 00:00-24:00 UTC (minutes from Sunday 00:00)
        ("360020001", "Support Hours", "London", 1920, 8280, 5, _utc("2023-01-10 15:00")),
        ("360020002", "Around the clock", "UTC", 0, 10080, 7, _utc("2023-03-01 12:00")),
    ]
    assert adapted_con.execute(
        "SELECT id, schedule_id, name, start_date, end_date FROM raw.zendesk__schedule_holiday"
    ).fetchall() == [("7000001", "360020001", "Founders Day", date(2024, 6, 12), date(2024, 6, 12))]
    assert adapted_con.execute(
        "SELECT ticket_id, schedule_id, created_at FROM raw.zendesk__ticket_schedule ORDER BY ticket_id"
    ).fetchall() == [
        ("900103", "360020002", _utc("2024-06-12 14:00")),
        ("900104", "360020002", _utc("2024-06-13 10:00")),
    ]
    # Zendesk's rule: the default (earliest) schedule unless one is set at creation, then each move
    assert adapted_con.execute(
        """SELECT ticket_id, schedule_id, schedule_started_at, schedule_ended_at
        FROM intermediate.int_zendesk__ticket_schedule_periods ORDER BY ticket_id, period_number"""
    ).fetchall() == [
        ("900101", "360020001", _utc("2024-06-10 08:00"), None),
        ("900102", "360020001", _utc("2024-06-11 10:00"), None),
        ("900103", "360020002", _utc("2024-06-12 14:00"), None),
        ("900104", "360020001", _utc("2024-06-13 09:00"), _utc("2024-06-13 10:00")),
        ("900104", "360020002", _utc("2024-06-13 10:00"), None),
    ]


def test_business_minutes_are_measured_on_the_delivered_schedules(adapted_con) -> None:  # noqa: ANN001
    # 900101: Monday 09:00-10:20 London, all in hours. 900102: Tuesday 11:00 London to Wednesday, a holiday:
    # only Tuesday's 11:00-18:00 counts (420), and its pending spell Tuesday 11:45-18:00 (375). 900103 is on
    # the around-the-clock schedule, so its Wednesday counts in full (on Support Hours it would be 0).
    # 900104 was requested (the customer's first message, 11:00) after its move to that schedule.
    assert adapted_con.execute(
        """SELECT ticket_id, schedule_id, first_response_business_minutes, first_resolution_business_minutes,
                  full_resolution_business_minutes, requester_wait_business_minutes, agent_wait_business_minutes
        FROM marts.fct_tickets ORDER BY ticket_id"""
    ).fetchall() == [
        ("900101", "360020001", 30.0, 80.0, 80.0, 80.0, 0.0),
        ("900102", "360020001", 45.0, 420.0, 420.0, 45.0, 375.0),
        ("900103", "360020002", 0.75, 5.0, 5.0, 5.0, 0.0),
        ("900104", "360020002", None, None, None, 0.0, 120.0),
    ]
    assert adapted_con.execute(
        """SELECT ticket_id, first_reply_time_business_minutes, full_resolution_business_minutes,
                  agent_wait_time_in_business_minutes
        FROM marts.zendesk__ticket_metrics ORDER BY ticket_id"""
    ).fetchall() == [
        ("900101", 30.0, 80.0, 0.0),
        ("900102", 45.0, 420.0, 375.0),
        ("900103", 0.75, 5.0, 0.0),
        ("900104", None, None, 120.0),
    ]


def test_sla_targets_come_from_the_delivered_policy(adapted_con) -> None:  # noqa: ANN001
    assert adapted_con.execute(
        """SELECT sla_policy_id, index, sla_policy_updated_at, priority, metric, target, business_hours
        FROM raw.zendesk__sla_policy_metric_history ORDER BY index"""
    ).fetchall() == [
        ("1001", 0, _utc("2024-05-01 09:00"), "low", "first_reply_time", 10, False),
        ("1001", 1, _utc("2024-05-01 09:00"), "normal", "first_reply_time", 60, True),
        ("1001", 2, _utc("2024-05-01 09:00"), "high", "first_reply_time", 30, True),
        ("1001", 3, _utc("2024-05-01 09:00"), "high", "next_reply_time", 240, True),
        ("1001", 4, _utc("2024-05-01 09:00"), "normal", "requester_wait_time", 1440, True),
    ]
    assert adapted_con.execute(
        "SELECT ticket_id, sla_policy_id, policy_applied_at FROM raw.zendesk__ticket_sla_policy ORDER BY 1"
    ).fetchall() == [
        ("900101", "1001", _utc("2024-06-10 08:00")),
        ("900102", "1001", _utc("2024-06-11 10:00")),
        ("900103", "1001", _utc("2024-06-12 14:00")),
    ]
    # first and next response from the policy; full resolution (no Zendesk target) and 900104 (no policy)
    # from the seeds
    assert adapted_con.execute(
        """SELECT ticket_id, metric, cycle_number, time_basis, target_minutes, elapsed_minutes, sla_status
        FROM marts.fct_sla_events ORDER BY ticket_id, metric, cycle_number"""
    ).fetchall() == [
        ("900101", "first_response", None, "business", 60.0, 30.0, "met"),
        ("900101", "full_resolution", None, "business", 2400.0, 80.0, "met"),
        ("900101", "next_response", 2, "business", 480.0, 20.0, "met"),
        ("900102", "first_response", None, "business", 30.0, 45.0, "breached"),
        ("900102", "full_resolution", None, "business", 2400.0, 420.0, "met"),
        ("900102", "next_response", 2, "business", 240.0, 0.0, "met"),
        ("900102", "next_response", 3, "business", 240.0, 0.0, "met"),
        ("900103", "first_response", None, "calendar", 10.0, 0.75, "met"),
        ("900103", "full_resolution", None, "business", 2400.0, 5.0, "met"),
        ("900104", "first_response", None, "business", 240.0, 0.0, "running"),
        ("900104", "full_resolution", None, "business", 2400.0, 120.0, "running"),
    ]


def test_all_six_zendesk_marts_are_filled(adapted_con) -> None:  # noqa: ANN001
    counts = {
        model: adapted_con.execute(f"SELECT count(*) FROM marts.{model}").fetchall()[0][0]
        for model in (
            "zendesk__ticket_metrics", "zendesk__ticket_enriched", "zendesk__ticket_summary",
            "zendesk__sla_policies", "zendesk__ticket_backlog", "zendesk__ticket_field_history",
        )
    }
    assert counts == {
        "zendesk__ticket_metrics": 4,
        "zendesk__ticket_enriched": 4,
        "zendesk__ticket_summary": 1,
        "zendesk__sla_policies": 5,
        # 900102 pending at the end of 06-11, 900104 open from 06-13 to the export day
        "zendesk__ticket_backlog": 5,
        "zendesk__ticket_field_history": 22,
    }
    assert adapted_con.execute(
        """SELECT ticket_id, ticket_tags, ticket_brand_name, ticket_form_name, requester_organization_name
        FROM marts.zendesk__ticket_enriched ORDER BY ticket_id"""
    ).fetchall() == [
        ("900101", "billing, invoice", "Acme", "Default Ticket Form", "Globex"),
        ("900102", "login", "Acme", "Default Ticket Form", None),
        ("900103", None, "Acme", "Default Ticket Form", None),
        ("900104", "renewal", "Acme", "Default Ticket Form", None),
    ]
    assert adapted_con.execute(
        """SELECT ticket_id, metric, sla_policy_name, target, in_business_hours, sla_elapsed_time, is_sla_breach
        FROM marts.zendesk__sla_policies ORDER BY ticket_id, metric"""
    ).fetchall() == [
        ("900101", "first_reply_time", "Standard", 60, True, 30.0, False),
        ("900101", "requester_wait_time", "Standard", 1440, True, 80.0, False),
        ("900102", "first_reply_time", "Standard", 30, True, 45.0, True),
        ("900102", "next_reply_time", "Standard", 240, True, 45.0, False),
        ("900103", "first_reply_time", "Standard", 10, False, 0.75, False),
    ]
    assert adapted_con.execute(
        "SELECT user_count, active_agent_count FROM marts.zendesk__ticket_summary"
    ).fetchall() == [(8, 4)]


def test_the_compat_spine_takes_londons_offsets_from_its_iana_zone(adapted_con) -> None:  # noqa: ANN001
    # no time_zone or daylight_time rows: Support Hours' "London" is Europe/London (seed zendesk_time_zones),
    # GMT until Sunday 2024-03-31 (01:00 UTC), BST (+60) until Sunday 2024-10-27: Mon-Fri 08:00-18:00 local is
    # 07:00-17:00 UTC, minute 1920 - 60 = 1860 from Sunday 00:00 UTC; the week of the Founders Day holiday
    # (Wednesday 2024-06-12) has no Wednesday interval
    weekdays = [(1920, 2520), (3360, 3960), (4800, 5400), (6240, 6840), (7680, 8280)]
    summer = [(start - 60, end - 60) for start, end in weekdays]
    ranges = [(date(2023, 10, 29), date(2024, 3, 31), weekdays), (date(2024, 3, 31), date(2024, 6, 9), summer),
              (date(2024, 6, 9), date(2024, 6, 16), summer[:2] + summer[3:]), (date(2024, 6, 16), date(2024, 10, 27), summer)]
    assert adapted_con.execute(
        """SELECT valid_from, valid_until, start_time_utc, end_time_utc FROM intermediate.int_zendesk__sla_schedule_spine
        WHERE schedule_id = '360020001' AND valid_from >= '2023-10-29' AND valid_until <= '2024-10-27' ORDER BY 1, 3"""
    ).fetchall() == [(since, until, *interval) for since, until, intervals in ranges for interval in intervals]


def test_the_compat_sla_policies_are_counted_on_that_spine(adapted_warehouse, tmp_path) -> None:  # noqa: ANN001
    warehouse = tmp_path / "compat.duckdb"
    shutil.copyfile(adapted_warehouse.path, warehouse)
    _dbt_run(tmp_path, warehouse, ["int_zendesk__sla_reply_times", "int_zendesk__sla_status_times", "zendesk__sla_policies"],
             {"zendesk_compat": True, "zendesk_account_schedules": True})  # fmt: skip
    con = connect(warehouse, read_only=True)
    try:
        rows = con.execute(
            """SELECT ticket_id, metric, strftime(sla_breach_at, '%Y-%m-%d %H:%M:%S'), sla_elapsed_time, is_sla_breach
            FROM marts.zendesk__sla_policies ORDER BY ticket_id, metric"""
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        # applied Monday 08:00 UTC (09:00 BST, in the 07:00-17:00 UTC window), replied 08:30: met then
        ("900101", "first_reply_time", "2024-06-10 08:30:00", 30.0, False),
        # its new/open spans 08:00-09:20 in that window: 80 minutes; breach projected from the span's start in
        # the week (minute 1920) + 80 + the 1,360 left = minute 3360, Tuesday 08:00
        ("900101", "requester_wait_time", "2024-06-11 08:00:00", 80.0, False),
        # applied Tuesday 10:00 UTC, 30 minutes: breached 10:30, the reply at 10:45 is 45 minutes in
        ("900102", "first_reply_time", "2024-06-11 10:30:00", 45.0, True),
        ("900102", "next_reply_time", "2024-06-11 10:45:00", 45.0, False),
        # calendar hours: 10 minutes, replied after 45 seconds
        ("900103", "first_reply_time", "2024-06-12 14:00:45", 0.75, False),
    ]


def test_zendesks_own_metrics_reconcile_with_ours(adapted_con) -> None:  # noqa: ANN001
    rows = adapted_con.execute(
        """SELECT ticket_id, metric, our_value, vendor_value, is_match FROM marts.fct_vendor_metric_reconciliation
        WHERE metric IN ('first_reply_calendar_minutes', 'full_resolution_calendar_minutes', 'reopens',
                         'agent_wait_calendar_minutes')
        ORDER BY ticket_id, metric"""
    ).fetchall()
    summary = adapted_con.execute(
        "SELECT metric, tickets, compared, matching FROM marts.agg_vendor_metric_reconciliation ORDER BY metric"
    ).fetchall()
    assert rows == [
        ("900101", "agent_wait_calendar_minutes", 0.0, 0.0, True),
        ("900101", "first_reply_calendar_minutes", 30.0, 30.0, True),
        ("900101", "full_resolution_calendar_minutes", 80.0, 80.0, True),
        ("900101", "reopens", 0.0, 0.0, True),
        ("900102", "agent_wait_calendar_minutes", 1275.0, 1275.0, True),
        ("900102", "first_reply_calendar_minutes", 45.0, 45.0, True),
        ("900102", "full_resolution_calendar_minutes", 1590.0, 1590.0, True),
        ("900102", "reopens", 1.0, 1.0, True),
        ("900103", "agent_wait_calendar_minutes", 0.0, 0.0, True),
        # a 45-second reply: Zendesk reports whole minutes
        ("900103", "first_reply_calendar_minutes", 0.75, 1.0, True),
        ("900103", "full_resolution_calendar_minutes", 5.0, 5.0, True),
        ("900103", "reopens", 0.0, 0.0, True),
        ("900104", "agent_wait_calendar_minutes", 120.0, 120.0, True),
        ("900104", "reopens", 0.0, 0.0, True),
    ]
    assert ("replies", 4, 4, 4) in summary
    # 900104 is still open: Zendesk measured its requester wait up to its own export (3,660 minutes), ours runs
    # to this refresh's as-of, the latest event (2024-06-13 11:00), since no `as_of` is given
    assert ("requester_wait_calendar_minutes", 4, 4, 3) in summary


def test_a_bad_value_is_quarantined_with_its_api_file_row_and_column(con, raw_dir, copy_fixture) -> None:  # noqa: ANN001
    delivery = copy_fixture(SAMPLE)
    schedules = delivery / "schedules.jsonl"
    lines = schedules.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"start_time": 1440,', '"start_time": "nine",')
    schedules.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load_vendor_tables(con, list(ACCOUNT_TABLES.values()), discover_deliveries(raw_dir))
    assert con.execute(
        """SELECT table_name, source_file, row_number, column_name, reason, raw_row->>'id'
        FROM raw.quarantine WHERE table_name = 'zendesk__schedule'"""
    ).fetchall() == [
        ("zendesk__schedule", f"{DELIVERY}/schedules.jsonl", 2, "start_time",
         "start_time: 'nine' is not an integer", "360020002"),
    ]
    assert con.execute(
        "SELECT rows_read, rows_loaded, rows_quarantined FROM raw.load_log WHERE table_name = 'zendesk__schedule'"
    ).fetchall() == [(12, 11, 1)]


def test_a_second_load_changes_nothing(con, raw_dir, copy_fixture) -> None:  # noqa: ANN001
    copy_fixture(SAMPLE)
    specs = list(ACCOUNT_TABLES.values())
    load_vendor_tables(con, specs, discover_deliveries(raw_dir))
    first = _snapshot(con)
    load_vendor_tables(con, specs, discover_deliveries(raw_dir))
    assert _snapshot(con) == first


def _snapshot(con) -> dict[str, object]:  # noqa: ANN001
    tables = {
        spec.name: sorted(con.execute(f"SELECT * EXCLUDE (_loaded_at) FROM raw.{spec.name}").fetchall(), key=repr)
        for spec in ACCOUNT_TABLES.values()
    }
    logs = con.execute(
        "SELECT table_name, source_file, rows_read, rows_loaded, rows_quarantined FROM raw.load_log ORDER BY ALL"
    ).fetchall()
    return {"tables": tables, "load_log": logs}


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)
