"""An incremental refresh recomputes an old Zendesk ticket whose schedule periods, SLA targets or schedules a
delivery changes without any other row of it: a delivery of only `ticket_schedule` rows, then one of only
`ticket_sla_policy` and `sla_policy_metric_history` rows, each for ticket 1 of
tests/fixtures/zendesk_schedule_move, solved days before (so no as-of rule keeps it in scope), and ticket 4,
solved too, in neither; then one of only `schedule` rows (the hours of Late, ticket 1's second schedule) and
one of only `schedule_holiday` rows (a holiday of Late on ticket 1's Tuesday, and one of Early far ahead, which
brings in ticket 4, on Early, though it moves none of its minutes). After the last step every table equals a
full refresh of the same files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dagster_project.warehouse import connect
from dagster_project.warehouse.refresh import failed_checks, run_errors, run_full_refresh
from tests.conftest import FIXTURES
from tests.incremental.test_incremental_refresh import differences

ACCOUNT = FIXTURES / "zendesk_schedule_move" / "2024-03-15-zendesk"
MOVE = "2024-03-04 15:00:30,1,2024-03-15 00:00:00,902"  # ticket 1 moves from Early to Late
SYNCED = "2024-03-16 00:00:00"


def datetime_utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass(frozen=True)
class Step:
    scope: list[str]  # int_tickets_in_scope of the step's build
    first_response: tuple  # ticket 1's first response: business minutes; SLA target, breach instant, status


def _run(raw_dir: Path, warehouse: Path, *, full_refresh: bool = False) -> None:
    result = run_full_refresh(raw_dir, warehouse, full_refresh=full_refresh)
    assert result.success and not failed_checks(result), (run_errors(result), failed_checks(result))


def _step(raw_dir: Path, warehouse: Path) -> Step:
    _run(raw_dir, warehouse)
    con = connect(warehouse, read_only=True)
    try:
        scope = [row[0] for row in con.execute("SELECT ticket_id FROM intermediate.int_tickets_in_scope ORDER BY 1").fetchall()]
        first_response = con.execute(
            "SELECT tickets.first_response_business_minutes, sla.target_minutes, sla.breach_at, sla.sla_status"
            " FROM marts.fct_tickets AS tickets INNER JOIN marts.fct_sla_events AS sla USING (ticket_id)"
            " WHERE ticket_id = '1' AND sla.metric = 'first_response'"
        ).fetchone()
    finally:
        con.close()
    return Step(scope, first_response)


def _delivery(raw_dir: Path, name: str, files: dict[str, list[str]]) -> None:
    folder = raw_dir / name
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text('{"source": "zendesk_fivetran", "exported_at": "2024-03-16T00:00:00Z"}\n')
    for table, lines in files.items():
        (folder / f"{table}.csv").write_text("\n".join(lines) + "\n")


@dataclass(frozen=True)
class History:
    steps: dict[str, Step]
    incremental: Path
    full: Path


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    root = tmp_path_factory.mktemp("incremental_zendesk")
    raw_dir, warehouse = root / "raw", root / "warehouse" / "warehouse.duckdb"
    account = raw_dir / ACCOUNT.name
    shutil.copytree(ACCOUNT, account)
    schedule_rows = (account / "ticket_schedule.csv").read_text().splitlines()
    (account / "ticket_schedule.csv").write_text("\n".join(row for row in schedule_rows if row != MOVE) + "\n")
    steps = {"first": _step(raw_dir, warehouse)}

    deliveries = {
        "schedule": {"ticket_schedule": [schedule_rows[0], MOVE]},
        "sla": {
            "ticket_sla_policy": ["ticket_id,sla_policy_id,policy_applied_at,_fivetran_synced",
                                  f"1,77,2024-03-04 10:00:00,{SYNCED}"],
            "sla_policy_metric_history": [
                "sla_policy_id,index,sla_policy_updated_at,business_hours,metric,priority,target,_fivetran_synced",
                f"77,0,2024-01-01 00:00:00,true,first_reply_time,normal,600,{SYNCED}",
            ],
        },
        # Late's Tuesday opens at 13:00 instead of 12:00 (a changed interval is a new key: the old one is deleted)
        "hours": {"schedule": [
            "end_time,id,start_time,_fivetran_deleted,_fivetran_synced,name,time_zone,created_at",
            f"3960,902,3600,true,{SYNCED},Late,UTC,2023-02-01 00:00:00",
            f"3960,902,3660,false,{SYNCED},Late,UTC,2023-02-01 00:00:00",
        ]},
        "holiday": {"schedule_holiday": [
            "id,schedule_id,_fivetran_deleted,_fivetran_synced,end_date,name,start_date",
            f"81,902,false,{SYNCED},2024-03-05,Late's day off,2024-03-05",
            f"82,901,false,{SYNCED},2024-12-25,Christmas,2024-12-25",
        ]},
    }  # fmt: skip
    for number, (name, files) in enumerate(deliveries.items(), start=1):
        # folders are delivered in the order of their names
        _delivery(raw_dir, f"2024-03-16-zendesk-{number}-{name}", files)
        steps[name] = _step(raw_dir, warehouse)

    full_raw, full = root / "full_raw", root / "full" / "warehouse.duckdb"
    shutil.copytree(raw_dir, full_raw)
    _run(full_raw, full, full_refresh=True)
    yield History(steps, warehouse, full)


def test_the_first_delivery_measures_the_ticket_on_one_schedule(history: History) -> None:
    # Early from Mon 10:00 to Tue 12:45:15: 420 + 225.25; the field's target of 500 runs out Tue 10:20
    assert history.steps["first"].first_response == (645.25, 500.0, datetime_utc("2024-03-05 10:20"), "breached")


def test_a_delivery_of_only_ticket_schedule_rows_recomputes_the_ticket(history: History) -> None:
    step = history.steps["schedule"]
    assert "1" in step.scope
    # 300.5 on Early, then 179.5 + 45.25 on Late (tests/dbt/test_zendesk_schedule_moves.py)
    assert step.first_response == (525.25, 500.0, datetime_utc("2024-03-05 12:20"), "breached")


def test_a_delivery_of_only_sla_policy_rows_recomputes_the_ticket(history: History) -> None:
    step = history.steps["sla"]
    assert "1" in step.scope
    # the policy's own target now: 480 by Monday 18:00 on Early and Late, then 120 on Late from Tue 12:00
    assert step.first_response == (525.25, 600.0, datetime_utc("2024-03-05 14:00"), "met")


def test_a_delivery_of_only_schedule_rows_recomputes_the_tickets_on_that_schedule(history: History) -> None:
    step = history.steps["hours"]
    # Late (902) changed: ticket 1 has a period on it; ticket 4, only ever on Early, stays out
    assert step.scope == ["1", "2", "3"]
    # 300.5 on Early, 179.5 on Late to Monday 18:00, nothing on Tuesday before the reply at 12:45:15; the
    # target's last 120 minutes from Tuesday 13:00
    assert step.first_response == (480.0, 600.0, datetime_utc("2024-03-05 15:00"), "met")


def test_a_delivery_of_only_holidays_recomputes_every_ticket_on_their_schedules(history: History) -> None:
    step = history.steps["holiday"]
    # a holiday of Late and one of Early: every ticket with a period on either, ticket 4 included
    assert step.scope == ["1", "2", "3", "4"]
    # Late's Tuesday is a holiday: the last 120 minutes run from Wednesday 12:00
    assert step.first_response == (480.0, 600.0, datetime_utc("2024-03-06 14:00"), "met")


def test_the_other_solved_ticket_stays_out_of_scope(history: History) -> None:
    # tickets 2 and 3 are open (their ages move with the as-of time); ticket 4, solved, changes in neither step
    assert history.steps["first"].scope == []  # a full build
    assert history.steps["schedule"].scope == history.steps["sla"].scope == ["1", "2", "3"]


def test_the_incremental_warehouse_equals_a_full_refresh(history: History) -> None:
    assert differences(history.incremental, history.full) == {}
