"""The adapters through the whole pipeline, and marts.zendesk__ticket_metrics against fivetran/dbt_zendesk's
output on the parity fixture, column by column, at no less than the shares docs/zendesk-parity.md records."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

from dagster_project.ingest.adapters.adapted_delivery import read_accounts
from dagster_project.warehouse import connect
from dagster_project.warehouse.refresh import failed_checks, run_errors
from tests.dbt.zendesk.conftest import REFERENCE_NOW, _dbt_run

DOC = Path(__file__).parents[3] / "docs" / "zendesk-parity.md"


def recorded_shares() -> dict[str, tuple[float, float]]:
    """Per column, the match shares (in %) the doc's table records: (our definitions, compat vars)."""
    shares = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`(\w+)`\s*\|\s*([\d.]+) %\s*\|\s*([\d.]+) %\s*\|", line)
        if match:
            shares[match.group(1)] = (float(match.group(2)), float(match.group(3)))
    return shares


def test_every_gate_passes_on_real_exports(zendesk_run) -> None:  # noqa: ANN001
    assert run_errors(zendesk_run.result) == []
    assert failed_checks(zendesk_run.result) == []


def test_every_source_row_is_loaded_quarantined_or_skipped_by_a_rule(zendesk_run) -> None:  # noqa: ANN001
    con = connect(zendesk_run.built, read_only=True)
    try:
        logged = {
            (delivery, table): (read, loaded, quarantined)
            for table, delivery, read, loaded, quarantined in con.execute(
                "SELECT table_name, delivery, rows_read, rows_loaded, rows_quarantined FROM raw.load_log"
            ).fetchall()
        }
    finally:
        con.close()
    for delivery in ("2024-06-14-freshdesk", "2024-06-16-zendesk"):
        written: dict[str, int] = {}
        for account in read_accounts(zendesk_run.raw_dir / delivery):
            assert account.rows_read == account.rows_mapped + account.rows_skipped
            written[account.table] = written.get(account.table, 0) + account.rows_written
        for table, rows in written.items():
            if table != "vendor_ticket_metrics":  # loaded by its own asset, once registered
                read, loaded, quarantined = logged[(delivery, table)]
                assert read == rows == loaded + quarantined
    quarantined = {key: value[2] for key, value in logged.items() if value[2]}
    assert quarantined == {("2024-06-14-freshdesk", "tickets"): 1}


def test_every_supported_column_matches_at_least_its_recorded_share(zendesk_run) -> None:  # noqa: ANN001
    recorded = recorded_shares()
    print(f"\npipeline on the fixture: {zendesk_run.pipeline_seconds:.1f} s")
    print("| column | ours | compat | first differing tickets (ticket, ours, reference) |")
    for ours, compat in zip(zendesk_run.ours, zendesk_run.compat):
        print(f"| `{ours.column}` | {100 * ours.share:.2f} % | {100 * compat.share:.2f} % | {ours.examples[:2]} |")
    below = [
        f"{ours.column}: ours {100 * ours.share:.2f} % (recorded {recorded[ours.column][0]} %), "
        f"compat {100 * compat.share:.2f} % (recorded {recorded[ours.column][1]} %)"
        for ours, compat in zip(zendesk_run.ours, zendesk_run.compat)
        if round(100 * ours.share, 2) < recorded[ours.column][0]
        or round(100 * compat.share, 2) < recorded[ours.column][1]
    ]
    assert below == []


def test_the_doc_records_exactly_the_compared_columns(zendesk_run) -> None:  # noqa: ANN001
    assert sorted(recorded_shares()) == sorted(p.column for p in zendesk_run.ours)


def test_the_compat_switch_reproduces_every_column(zendesk_run) -> None:  # noqa: ANN001
    # business minutes included: on the account's schedule periods, as the reference counts them
    assert [p.column for p in zendesk_run.compat if p.share < 1] == []
    assert all(p.tickets == 2000 for p in zendesk_run.compat)


def test_freshdesk_tickets_are_measured_like_any_other(zendesk_run) -> None:  # noqa: ANN001
    con = connect(zendesk_run.built, read_only=True)
    try:
        rows = con.execute(
            """SELECT ticket_id, channel, is_outbound, first_response_minutes, first_resolution_minutes,
                      status, internal_notes
            FROM marts.fct_tickets WHERE ticket_id IN ('7001', '7002', '7003') ORDER BY ticket_id"""
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        ("7001", "email", False, 40.0, 150.0, "closed", 1),
        ("7002", "web", False, 5.0, 20.0, "solved", 0),
        ("7003", "email", True, None, None, "pending", 0),
    ]


# dbt_zendesk's other models: one table per model in the doc, under "### `<model>`", rows `| column | ours | compat |`.
def recorded_model_shares() -> dict[str, dict[str, tuple[float, float]]]:
    shares: dict[str, dict[str, tuple[float, float]]] = {}
    model = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"###\s+`(zendesk__\w+)`", line)
        if heading:
            model = heading.group(1)
            shares[model] = {}
            continue
        row = re.match(r"\|\s*(\w+)\s*\|\s*([\d.]+) %\s*\|\s*([\d.]+) %\s*\|", line)
        if model and row:
            shares[model][row.group(1)] = (float(row.group(2)), float(row.group(3)))
    return shares


def test_the_other_models_have_the_references_grain(zendesk_run) -> None:  # noqa: ANN001
    # rows of the reference, rows of ours (every reference row is found by its grain: see the key columns)
    assert zendesk_run.other_rows == {
        "zendesk__ticket_enriched": (2000, 2000),
        "zendesk__ticket_summary": (1, 1),
        "zendesk__ticket_field_history": (15285, 15285),
        "zendesk__ticket_backlog": (4225, 4225),
        # ours also lists 34 business-hours reply targets the reference's schedule filter drops
        "zendesk__sla_policies": (7047, 7081),
    }
    for model, grain in zendesk_run.other_grains.items():
        parity = {p.column: p for p in zendesk_run.other_compat[model]}
        assert [parity[g].share for g in grain] == [1.0] * len(grain), model


def test_every_column_of_the_other_models_matches_at_least_its_recorded_share(zendesk_run) -> None:  # noqa: ANN001
    recorded = recorded_model_shares()
    below = []
    for model in zendesk_run.other_grains:
        print(f"\n### `{model}` (rows: reference, ours = {zendesk_run.other_rows[model]})")
        print("| column | ours | compat | first differing rows (key, ours, reference) |")
        for ours, compat in zip(zendesk_run.other_ours[model], zendesk_run.other_compat[model]):
            print(f"| {ours.column} | {100 * ours.share:.2f} % | {100 * compat.share:.2f} % | {ours.examples[:2]} |")
            want = recorded.get(model, {}).get(ours.column, (100.0, 100.0))
            if round(100 * ours.share, 2) < want[0] or round(100 * compat.share, 2) < want[1]:
                below.append(f"{model}.{ours.column}: ours {100 * ours.share:.2f} %, compat {100 * compat.share:.2f} % "
                             f"(recorded {want[0]} %, {want[1]} %)")
    assert below == []


def test_the_doc_records_every_column_of_the_other_models(zendesk_run) -> None:  # noqa: ANN001
    recorded = recorded_model_shares()
    assert {m: sorted(recorded.get(m, {})) for m in zendesk_run.other_grains} == {
        m: sorted(p.column for p in zendesk_run.other_ours[m]) for m in zendesk_run.other_grains
    }


def test_the_compat_var_reproduces_every_column_of_the_other_models(zendesk_run) -> None:  # noqa: ANN001
    assert [f"{m}.{p.column}" for m in zendesk_run.other_grains for p in zendesk_run.other_compat[m] if p.share < 1] == []
    # and the reference's rows: its business-hours reply filter drops 34 targets we list (rule X)
    assert zendesk_run.other_compat_rows["zendesk__sla_policies"] == (7047, 7047)


SLA_EXAMPLES = """SELECT ticket_id, metric, sla_elapsed_time, strftime(sla_breach_at, '%Y-%m-%d %H:%M:%S'), is_sla_breach
    FROM marts.zendesk__sla_policies
    WHERE (ticket_id, metric) IN (('11', 'agent_work_time'), ('1741', 'agent_work_time'), ('30', 'first_reply_time'),
                                  ('1936', 'first_reply_time'), ('1957', 'first_reply_time'), ('112', 'first_reply_time'))
    ORDER BY ticket_id, sla_applied_at"""


def test_the_sla_rules_examples_with_our_definitions_and_the_references(zendesk_run, rebuild_on_copy) -> None:  # noqa: ANN001
    # docs/zendesk-parity.md, the SLA rules, each by its example ticket: the parity warehouse holds the compat
    # build; ours is rebuilt on a copy
    ours_warehouse = rebuild_on_copy(
        ["int_zendesk__sla_reply_times", "int_zendesk__sla_status_times", "zendesk__sla_policies"],
        {"zendesk_compat": False, "zendesk_account_schedules": True},
    )
    found = {}
    for name, warehouse in (("ours", ours_warehouse), ("compat", zendesk_run.parity_warehouse)):
        con = connect(warehouse, read_only=True)
        try:
            found[name] = con.execute(SLA_EXAMPLES).fetchall()
        finally:
            con.close()
    assert found["ours"] == [
        ("11", "agent_work_time", 51.35, "2024-01-18 13:00:00", False),
        ("112", "first_reply_time", 0.0, "2024-01-24 05:54:38", False),
        ("1741", "agent_work_time", 187.1333, "2024-05-31 07:22:52", False),
        ("1741", "agent_work_time", 15.8167, "2024-05-30 18:14:11", False),
        ("1936", "first_reply_time", 464.5, "2024-06-11 15:30:00", True),
        ("1957", "first_reply_time", 1370.9667, "2024-06-13 17:09:02", True),
        ("30", "first_reply_time", 314.1167, "2024-01-17 15:41:04", True),
    ]
    assert found["compat"] == [
        # H: new on MLK Day 17:25:42-18:54:59, in no open interval of the holiday's week, counts all its minutes
        ("11", "agent_work_time", 140.6333, "2024-01-18 11:30:43", False),
        # X: #112's reply target has no row
        # H: new 2024-05-28 22:56:11-2024-05-29 00:23:15, a night of EU Business Hours, counts 87.0667 minutes
        ("1741", "agent_work_time", 274.2, "2024-05-31 05:55:48", False),
        ("1741", "agent_work_time", 15.8167, "2024-05-30 18:14:11", False),
        # Z: the 240 minutes run out exactly at an interval's end: breached at the next interval's start
        ("1936", "first_reply_time", 464.5, "2024-06-12 07:00:00", True),
        # E: still running at the as-of instant: calendar minutes from the last window's start
        ("1957", "first_reply_time", 2930.9667, "2024-06-13 17:09:02", True),
        # T: two schedules that day, their intervals counted in order of their start in the week, not in time
        ("30", "first_reply_time", 466.7667, "2024-01-17 16:13:14", True),
    ]


def test_the_pipeline_snapshots_tickets_up_to_the_deliverys_exported_at(zendesk_run) -> None:  # noqa: ANN001
    # built by the refresh alone, no as_of var: "now" is the manifest's exported_at, 2024-06-16T00:00:00Z
    con = connect(zendesk_run.built, read_only=True)
    try:
        rows = con.execute(
            """SELECT max(date_day), count(*), count(*) FILTER (WHERE status = 'hold')
            FROM marts.zendesk__ticket_field_history WHERE ticket_id IN ('1', '1934')"""
        ).fetchall()
        last_days = con.execute(
            """SELECT ticket_id, max(date_day), arg_max(status, date_day) FROM marts.zendesk__ticket_field_history
            WHERE ticket_id IN ('1', '1934') GROUP BY 1 ORDER BY 1"""
        ).fetchall()
    finally:
        con.close()
    assert rows[0][0] == date(2024, 6, 16)
    # #1 closed on 2024-01-19 (its last snapshot); #1934, on hold, runs to the as-of day
    assert last_days == [("1", date(2024, 1, 19), "closed"), ("1934", date(2024, 6, 16), "hold")]


def test_the_backlog_names_the_tracked_ids_as_the_reference(rebuild_on_copy) -> None:  # noqa: ANN001
    # other tracked fields than the default: the reference shows the group's and form's names instead of
    # their ids, and for locale_id that day's assignee's locale (`local_name`)
    fields = ["status", "assignee_id", "group_id", "ticket_form_id", "locale_id"]
    warehouse = rebuild_on_copy(
        ["int_zendesk__field_history_daily_changes", "zendesk__ticket_field_history", "zendesk__ticket_backlog"],
        {"ticket_field_history_columns": fields},
    )
    con = connect(warehouse, read_only=True)
    try:
        columns = [row[0] for row in con.execute("DESCRIBE marts.zendesk__ticket_backlog").fetchall()]
        rows = con.execute(
            """SELECT date_day, assignee_id, assignee_name, group_name, ticket_form_name, local_name
            FROM marts.zendesk__ticket_backlog WHERE ticket_id = '6' ORDER BY date_day"""
        ).fetchall()
    finally:
        con.close()
    assert columns[5:] == ["assignee_id", "assignee_name", "group_name", "ticket_form_name", "local_name"]
    # #6 moved from Support US (assigned to Mei Sato) to Support APAC, unassigned, the next day
    assert rows == [
        (date(2024, 1, 15), "400000003", "Mei Sato", "Support US", "Default Ticket Form", "en-US"),
        (date(2024, 1, 16), None, None, "Support APAC", "Default Ticket Form", None),
    ]


def test_a_zendesk_ticket_is_held_to_its_own_sla_policy(zendesk_run) -> None:  # noqa: ANN001
    # built by the refresh alone: #2 (urgent) has the account's Standard policy, 60 and 120 business minutes
    # for first and next reply, instead of the seed's 30 calendar minutes for urgent tickets; Zendesk sets no
    # resolution target, so that one is the seed's. The Freshdesk ticket 7001 keeps the seed's.
    con = connect(zendesk_run.built, read_only=True)
    try:
        rows = con.execute(
            """SELECT DISTINCT ticket_id, metric, target_minutes, time_basis FROM marts.fct_sla_events
            WHERE ticket_id IN ('2', '7001') ORDER BY ALL"""
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        ("2", "first_response", 60.0, "business"),
        ("2", "full_resolution", 480.0, "calendar"),
        ("2", "next_response", 120.0, "business"),
        ("7001", "first_response", 60.0, "business"),
        ("7001", "full_resolution", 2400.0, "business"),
        ("7001", "next_response", 480.0, "business"),
    ]


def test_the_spine_from_the_iana_zones_equals_the_one_from_the_time_zone_tables(zendesk_run, tmp_path) -> None:  # noqa: ANN001
    # a zendesk_api delivery has no time_zone or daylight_time rows: the spine derives them from each
    # schedule's IANA zone (docs/zendesk-parity.md); here, the fixture's emptied, against the fixture's own
    warehouse = tmp_path / "derived.duckdb"
    shutil.copyfile(zendesk_run.parity_warehouse, warehouse)
    con = connect(warehouse)
    try:
        con.execute("DELETE FROM raw.zendesk__time_zone; DELETE FROM raw.zendesk__daylight_time")
    finally:
        con.close()
    _dbt_run(tmp_path, warehouse, ["int_zendesk__sla_schedule_spine"],
             {"as_of": REFERENCE_NOW, "zendesk_account_schedules": True})  # fmt: skip
    con = connect(warehouse, read_only=True)
    try:
        con.execute("ATTACH $path AS tables (READ_ONLY)", {"path": str(zendesk_run.parity_warehouse)})
        derived, spine = "intermediate.int_zendesk__sla_schedule_spine", "tables.intermediate.int_zendesk__sla_schedule_spine"
        counts = con.execute(
            f"""SELECT (SELECT count(*) FROM raw.zendesk__time_zone), (SELECT count(*) FROM {derived}),
                       (SELECT count(*) FROM (SELECT * FROM {derived} EXCEPT ALL SELECT * FROM {spine})),
                       (SELECT count(*) FROM (SELECT * FROM {spine} EXCEPT ALL SELECT * FROM {derived}))"""
        ).fetchall()
    finally:
        con.close()
    assert counts == [(0, 694, 0, 0)]
