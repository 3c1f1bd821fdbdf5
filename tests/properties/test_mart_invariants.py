"""Invariants of the marts over random ticket histories (hypothesis): messages of every author type in any
order, status and assignment changes, ratings, timestamps with mixed offsets and some clock skew.

One example is a whole delivery of many random tickets, run through the real pipeline twice: as written, and
with every file's rows shuffled and split across two deliveries. Each pipeline run costs ~20 s, so the number
of examples is small by default; raise HELPDESK_PROPERTY_EXAMPLES for a longer search.
"""

from __future__ import annotations

import csv
import os
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from dagster_project.ingest.export_format import TABLES
from dagster_project.warehouse import connect
from dagster_project.warehouse.refresh import failed_checks, run_full_refresh

EXAMPLES = int(os.environ.get("HELPDESK_PROPERTY_EXAMPLES", "1"))
TICKETS_PER_EXAMPLE = 120
BASE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
OFFSETS = [timezone.utc, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]
STATUSES = ["new", "open", "pending", "on_hold", "solved", "closed"]


@st.composite
def ticket_history(draw: st.DrawFn, ticket_number: int) -> dict[str, list[dict[str, object]]]:
    ticket_id = f"P{ticket_number}"
    created = BASE + timedelta(minutes=draw(st.integers(0, 60 * 24 * 20)))
    moments = draw(st.lists(st.integers(0, 3 * 24 * 3600), min_size=0, max_size=10))
    moments.sort()
    messages = []
    for i, second in enumerate(moments):
        author = draw(st.sampled_from(["customer", "customer", "agent", "agent", "bot", "system"]))
        messages.append({
            "message_id": f"{ticket_id}-m{i}", "ticket_id": ticket_id,
            "at": created + timedelta(seconds=second),
            "author_type": author, "author_id": {"customer": "C1", "agent": "A1", "bot": "B1", "system": ""}[author],
            "is_public": draw(st.sampled_from(["true", "true", "true", "false"])),
        })
    status_moments = sorted(draw(st.lists(st.integers(-600, 4 * 24 * 3600), max_size=6)))
    previous, events = "new", []
    for i, second in enumerate(status_moments):
        new = draw(st.sampled_from(STATUSES))
        events.append({
            "event_id": f"{ticket_id}-s{i}", "ticket_id": ticket_id, "at": created + timedelta(seconds=second),
            "field": "status", "old_value": previous, "new_value": new, "actor_id": "A1",
        })
        previous = new
    for i, second in enumerate(sorted(draw(st.lists(st.integers(0, 4 * 24 * 3600), max_size=3)))):
        events.append({
            "event_id": f"{ticket_id}-a{i}", "ticket_id": ticket_id, "at": created + timedelta(seconds=second),
            "field": draw(st.sampled_from(["assignee_id", "team_id"])), "old_value": "",
            "new_value": draw(st.sampled_from(["A1", "A2", "T1", "T2"])), "actor_id": "A1",
        })
    ratings = [
        {"ticket_id": ticket_id, "at": created + timedelta(seconds=draw(st.integers(0, 5 * 24 * 3600))),
         "score": draw(st.integers(1, 5)), "comment": ""}
        for _ in range(draw(st.integers(0, 2)))
    ]
    ticket = {
        "ticket_id": ticket_id, "at": created,
        "channel": draw(st.sampled_from(["email", "Chat", "phone", "web_form", "twitter", "api", "carrier pigeon"])),
        "priority": draw(st.sampled_from(["low", "normal", "high", "urgent", ""])),
        "team_id": draw(st.sampled_from(["T1", "T2", "T9", ""])),
        "status": previous,
    }
    return {"tickets": [ticket], "messages": messages, "ticket_events": events, "satisfaction_ratings": ratings}


def _timestamp(at: datetime, rng: random.Random) -> str:
    return at.astimezone(rng.choice(OFFSETS)).isoformat()


def _rows(history: dict[str, list[dict[str, object]]], rng: random.Random) -> dict[str, list[dict[str, object]]]:
    """The histories as export rows, each timestamp written with a random UTC offset."""
    out: dict[str, list[dict[str, object]]] = {t: [] for t in TABLES}
    for t in history["tickets"]:
        out["tickets"].append({
            "ticket_id": t["ticket_id"], "created_at": _timestamp(t["at"], rng), "channel": t["channel"],
            "priority": t["priority"], "team_id": t["team_id"], "status": t["status"],
            "updated_at": _timestamp(t["at"], rng), "is_deleted": "false",
        })
    for m in history["messages"]:
        out["messages"].append({**{k: v for k, v in m.items() if k != "at"}, "created_at": _timestamp(m["at"], rng)})
    for e in history["ticket_events"]:
        out["ticket_events"].append({**{k: v for k, v in e.items() if k != "at"}, "occurred_at": _timestamp(e["at"], rng)})
    for r in history["satisfaction_ratings"]:
        out["satisfaction_ratings"].append({**{k: v for k, v in r.items() if k != "at"}, "rated_at": _timestamp(r["at"], rng)})
    out["agents"] = [{"agent_id": "A1", "name": "Ada", "team_id": "T1"}, {"agent_id": "A2", "name": "Bo", "team_id": "T2"}]
    out["teams"] = [{"team_id": "T1", "name": "EMEA", "timezone": "Europe/Berlin"},
                    {"team_id": "T2", "name": "Americas", "timezone": "America/New_York"},
                    {"team_id": "T9", "name": "No schedule", "timezone": ""}]
    return out


def _write(delivery: Path, rows: dict[str, list[dict[str, object]]]) -> None:
    delivery.mkdir(parents=True)
    for table, records in rows.items():
        columns = TABLES[table].column_names
        with (delivery / f"{table}.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=columns)
            writer.writeheader()
            writer.writerows({c: r.get(c, "") for c in columns} for r in records)


MART_FINGERPRINT_TABLES = ("fct_tickets", "fct_reply_cycles", "fct_sla_events", "agg_channel_daily", "agg_hour_of_week")


def _fingerprints(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    return {
        table: tuple(con.execute(
            f"select count(*), md5(string_agg(cast(t as varchar), '|' order by cast(t as varchar))) from marts.{table} as t"
        ).fetchall()[0])
        for table in MART_FINGERPRINT_TABLES
    }


def _violations(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Each invariant as a count of rows breaking it: all must be 0."""
    pairs = ["first_response", "first_resolution", "full_resolution", "avg_response",
             "requester_wait", "agent_wait", "on_hold", "resolved_before_reopen", "first_human_response_after_bot"]
    checks = {
        "negative ticket duration": "select count(*) from marts.fct_tickets where least("
        + ", ".join(f"coalesce({p}_minutes, 0), coalesce({p}_business_minutes, 0)" for p in pairs) + ", age_minutes) < 0",
        "negative cycle duration": "select count(*) from marts.fct_reply_cycles where response_minutes < 0 or response_business_minutes < 0",
        "negative SLA elapsed": "select count(*) from marts.fct_sla_events where elapsed_minutes < 0",
        "first response before request": "select count(*) from marts.fct_tickets where first_response_at < requested_at",
        "business above calendar": "select count(*) from marts.fct_tickets where "
        + " or ".join(f"{p}_business_minutes > {p}_minutes" for p in pairs),
        "status minutes do not add up": "select count(*) from marts.fct_tickets where is_resolved and "
        "abs(requester_wait_minutes + agent_wait_minutes + resolved_before_reopen_minutes - full_resolution_minutes) > 1e-6",
        "business status minutes do not add up": "select count(*) from marts.fct_tickets where is_resolved and "
        "abs(requester_wait_business_minutes + agent_wait_business_minutes + resolved_before_reopen_business_minutes"
        " - full_resolution_business_minutes) > 1e-6",
        "business minutes without a schedule": "select count(*) from marts.fct_tickets where not has_business_schedule "
        "and first_response_business_minutes is not null",
        "daily tickets differ from facts": "select abs((select sum(tickets_created) from marts.agg_channel_daily)"
        " - (select count(*) from marts.fct_tickets))",
        "daily cycles differ from facts": "select abs((select sum(reply_cycles_started) from marts.agg_channel_daily)"
        " - (select count(*) from marts.fct_reply_cycles))",
        "weekly tickets differ from facts": "select abs((select sum(tickets_created) from marts.agg_channel_weekly)"
        " - (select count(*) from marts.fct_tickets))",
        "hour-of-week arrivals differ from facts": "select abs((select sum(arrivals) from marts.agg_hour_of_week)"
        " - (select count(*) from marts.fct_tickets))",
        "reply cycles differ from ticket facts": "select count(*) from marts.fct_tickets t where reply_cycles != "
        "(select count(*) from marts.fct_reply_cycles c where c.ticket_id = t.ticket_id)",
        "breach flag inconsistent": "select count(*) from marts.fct_sla_events where is_breached is distinct from "
        "(case when elapsed_minutes is not null then elapsed_minutes > target_minutes end)",
    }
    return {name: int(con.execute(sql).fetchall()[0][0]) for name, sql in checks.items()}


@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(histories=st.tuples(*[ticket_history(n) for n in range(TICKETS_PER_EXAMPLE)]), shuffle_seed=st.integers(0, 2**32))
def test_marts_hold_their_invariants_and_ignore_row_order_and_delivery_split(
    tmp_path_factory, histories: tuple, shuffle_seed: int  # noqa: ANN001
) -> None:
    rng = random.Random(shuffle_seed)
    merged: dict[str, list] = {"tickets": [], "messages": [], "ticket_events": [], "satisfaction_ratings": []}
    for history in histories:
        for table, rows in history.items():
            merged[table].extend(rows)
    rows = _rows(merged, rng)
    root = tmp_path_factory.mktemp("properties")

    as_written = root / "as_written"
    _write(as_written / "raw" / "2026-04-01", rows)
    result = run_full_refresh(as_written / "raw", as_written / "warehouse.duckdb")
    assert result.success, failed_checks(result)
    con = connect(as_written / "warehouse.duckdb", read_only=True)
    try:
        assert {name: n for name, n in _violations(con).items() if n} == {}
        expected = _fingerprints(con)
    finally:
        con.close()

    # the same rows, shuffled, split across two deliveries (every key once, so no delivery overrides another)
    reordered = root / "reordered"
    first, second = {}, {}
    for table, records in rows.items():
        shuffled = records[:]
        rng.shuffle(shuffled)
        cut = rng.randint(0, len(shuffled))
        first[table], second[table] = shuffled[:cut], shuffled[cut:]
    _write(reordered / "raw" / "2026-04-01-a", first)
    _write(reordered / "raw" / "2026-04-01-b", second)
    result = run_full_refresh(reordered / "raw", reordered / "warehouse.duckdb")
    assert result.success, failed_checks(result)
    con = connect(reordered / "warehouse.duckdb", read_only=True)
    try:
        assert _fingerprints(con) == expected
    finally:
        con.close()
