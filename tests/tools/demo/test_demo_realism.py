"""What analysts will see first in the demo: a desk whose data behaves like a real support team's.
Everything is computed from the written CSVs (the 500-ticket delivery of conftest.py)."""

from __future__ import annotations

import duckdb
import pytest

from dagster_project.ingest.export_format import CHANNELS
from dagster_project.tools.demo.channels import CHANNELS as CHANNEL_BEHAVIOURS

END = "2026-09-30T00:00:00Z"
RAW_LABEL_CHANNEL = [(label, c.name) for c in CHANNEL_BEHAVIOURS for label in c.raw_labels]


@pytest.fixture(scope="module")
def desk(demo_db: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Typed views over the valid rows, and each ticket's first public agent reply."""
    demo_db.execute("CREATE OR REPLACE TABLE raw_label_channel (label VARCHAR, channel VARCHAR)")
    demo_db.executemany("INSERT INTO raw_label_channel VALUES (?, ?)", RAW_LABEL_CHANNEL)
    demo_db.execute(
        """
        CREATE OR REPLACE VIEW t AS
        SELECT ticket_id, TRY_CAST(created_at AS TIMESTAMPTZ) AS created_at, m.channel, status, team_id,
               TRY_CAST(updated_at AS TIMESTAMPTZ) AS updated_at, merged_into_ticket_id, is_deleted = 'true' AS is_deleted
        FROM tickets LEFT JOIN raw_label_channel AS m ON m.label = tickets.channel
        WHERE TRY_CAST(created_at AS TIMESTAMPTZ) IS NOT NULL AND status <> 'escalated';
        CREATE OR REPLACE VIEW m AS
        SELECT message_id, ticket_id, TRY_CAST(created_at AS TIMESTAMPTZ) AS created_at, author_type,
               is_public = 'true' AS is_public
        FROM messages
        WHERE TRY_CAST(created_at AS TIMESTAMPTZ) IS NOT NULL AND author_type <> 'robot' AND ticket_id IS NOT NULL;
        CREATE OR REPLACE VIEW e AS
        SELECT event_id::BIGINT AS event_id, ticket_id, TRY_CAST(occurred_at AS TIMESTAMPTZ) AS occurred_at, field,
               old_value, new_value
        FROM ticket_events WHERE TRY_CAST(occurred_at AS TIMESTAMPTZ) IS NOT NULL;
        CREATE OR REPLACE VIEW r AS
        SELECT ticket_id, TRY_CAST(rated_at AS TIMESTAMPTZ) AS rated_at, score::INTEGER AS score
        FROM satisfaction_ratings WHERE score::INTEGER BETWEEN 1 AND 5;
        CREATE OR REPLACE VIEW first_reply AS
        SELECT t.ticket_id, t.channel,
               date_diff('second', t.created_at, min(m.created_at)) / 60 AS minutes
        FROM t JOIN m ON m.ticket_id = t.ticket_id AND m.author_type = 'agent' AND m.is_public
        GROUP BY t.ticket_id, t.channel, t.created_at
        HAVING min(m.created_at) > t.created_at  -- inbound: someone else wrote first
        """
    )
    return demo_db


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    return con.execute(sql).fetchone()[0]


def test_raw_channel_labels_cover_every_channel(desk: duckdb.DuckDBPyConnection) -> None:
    labels = dict(desk.execute("SELECT channel, count(*) FROM tickets GROUP BY ALL").fetchall())
    known = dict(RAW_LABEL_CHANNEL)
    assert set(labels) <= set(known)
    assert {known[label] for label in labels} == set(CHANNELS)
    # Vendors' spellings beyond the plain words, but the plain word is always the most common.
    assert {"Email", "web_form", "twitter"} <= set(labels)
    assert labels["email"] > labels["Email"]


def test_chat_is_answered_in_minutes_and_email_in_hours(desk: duckdb.DuckDBPyConnection) -> None:
    medians = dict(desk.execute("SELECT channel, median(minutes) FROM first_reply GROUP BY ALL").fetchall())
    assert medians["chat"] < 10
    assert medians["phone"] < 15
    assert 60 < medians["email"] < 24 * 60
    assert medians["chat"] < medians["social"] < medians["email"]


def test_the_special_cases_analysts_must_handle_are_present(desk: duckdb.DuckDBPyConnection) -> None:
    counts = {
        "outbound": """SELECT count(*) FROM (SELECT ticket_id, arg_min(author_type, created_at) AS first_author
                       FROM m GROUP BY ALL) WHERE first_author = 'agent'""",
        "unanswered at the end": """SELECT count(*) FROM t WHERE status IN ('new', 'open') AND NOT is_deleted
                                    AND ticket_id NOT IN (SELECT ticket_id FROM m WHERE author_type = 'agent')""",
        "reopened": """SELECT count(DISTINCT ticket_id) FROM e
                       WHERE field = 'status' AND old_value = 'solved' AND new_value = 'open'""",
        "deleted": "SELECT count(*) FROM t WHERE is_deleted",
        "merged": """SELECT count(*) FROM t AS d JOIN t AS target ON target.ticket_id = d.merged_into_ticket_id
                     WHERE d.status = 'closed' AND target.created_at <= d.created_at""",
        "put on hold": "SELECT count(DISTINCT ticket_id) FROM e WHERE field = 'status' AND new_value = 'on_hold'",
        "moved to another team": "SELECT count(*) FROM e WHERE field = 'team_id' AND old_value IS NOT NULL",
        "bot replies": "SELECT count(*) FROM m WHERE author_type = 'bot'",
        "autoresponder messages": "SELECT count(*) FROM m WHERE author_type = 'system'",
        "internal notes": "SELECT count(*) FROM m WHERE author_type = 'agent' AND NOT is_public",
        "several customer messages before a reply": """
            SELECT count(*) FROM (
                SELECT author_type, lag(author_type) OVER (PARTITION BY ticket_id ORDER BY created_at, message_id) AS previous
                FROM m) WHERE author_type = 'customer' AND previous = 'customer'""",
        "agent times in local time": "SELECT count(*) FROM messages WHERE created_at LIKE '%+02:00'",
        "all priorities": "SELECT count(DISTINCT priority) = 4 FROM tickets",
        "all categories": "SELECT count(DISTINCT category) = 5 FROM tickets",
    }
    missing = [case for case, sql in counts.items() if not _one(desk, sql)]
    assert missing == []


def test_activity_is_consistent_with_the_tickets(desk: duckdb.DuckDBPyConnection) -> None:
    violations = {
        "message before its ticket": "SELECT count(*) FROM m JOIN t USING (ticket_id) WHERE m.created_at < t.created_at",
        "event before its ticket": "SELECT count(*) FROM e JOIN t USING (ticket_id) WHERE e.occurred_at < t.created_at",
        "instant at or after the end": f"""SELECT (SELECT count(*) FROM m WHERE created_at >= '{END}')
                                               + (SELECT count(*) FROM e WHERE occurred_at >= '{END}')
                                               + (SELECT count(*) FROM r WHERE rated_at >= '{END}')
                                               + (SELECT count(*) FROM t WHERE updated_at >= '{END}')""",
        "status not the last status event": """
            SELECT count(*) FROM t JOIN (
                SELECT ticket_id, arg_max(new_value, occurred_at) AS last_status FROM e WHERE field = 'status' GROUP BY ALL
            ) USING (ticket_id) WHERE status <> last_status""",
        "two status changes in one second": """SELECT count(*) FROM (SELECT ticket_id, occurred_at FROM e
                                               WHERE field = 'status' GROUP BY ALL HAVING count(*) > 1)""",
        "old value not the previous new value": """
            SELECT count(*) FROM (
                SELECT old_value, lag(new_value) OVER (PARTITION BY ticket_id, field ORDER BY occurred_at, event_id) AS previous
                FROM e) WHERE old_value IS DISTINCT FROM previous""",
        "updated_at not the last activity": """
            SELECT count(*) FROM t JOIN (
                SELECT ticket_id, max(activity_at) AS last_at FROM (
                    SELECT ticket_id, created_at AS activity_at FROM m UNION ALL SELECT ticket_id, occurred_at FROM e)
                GROUP BY ALL
            ) USING (ticket_id) WHERE updated_at <> last_at""",
        "agent reply without the status it sets": """
            SELECT count(*) FROM m WHERE author_type = 'agent' AND is_public AND NOT EXISTS (
                SELECT 1 FROM e WHERE e.ticket_id = m.ticket_id AND e.field = 'status'
                AND e.new_value IN ('pending', 'solved')
                AND e.occurred_at BETWEEN m.created_at AND m.created_at + INTERVAL 2 SECOND)""",
        "rating before the ticket was solved": """
            SELECT count(*) FROM r WHERE NOT EXISTS (
                SELECT 1 FROM e WHERE e.ticket_id = r.ticket_id AND e.field = 'status'
                AND e.new_value = 'solved' AND e.occurred_at < r.rated_at)""",
    }
    found = {case: _one(desk, sql) for case, sql in violations.items()}
    assert found == dict.fromkeys(violations, 0)


def test_satisfaction_is_asked_on_solved_tickets_and_falls_with_waiting(desk: duckdb.DuckDBPyConnection) -> None:
    solved = _one(desk, "SELECT count(*) FROM t WHERE status IN ('solved', 'closed') AND merged_into_ticket_id IS NULL")
    rated = _one(desk, "SELECT count(DISTINCT ticket_id) FROM r")
    assert 0.2 < rated / solved < 0.4
    fast, slow = desk.execute(
        """SELECT avg(score) FILTER (WHERE minutes < 60), avg(score) FILTER (WHERE minutes > 8 * 60)
           FROM r JOIN first_reply USING (ticket_id)"""
    ).fetchone()
    assert fast > slow + 0.3


def test_tickets_arrive_on_weekdays_and_in_office_hours(desk: duckdb.DuckDBPyConnection) -> None:
    weekday, weekend, office, night = desk.execute(
        """
        SELECT count(*) FILTER (WHERE isodow(local_at) <= 5) / 5,
               count(*) FILTER (WHERE isodow(local_at) > 5) / 2,
               count(*) FILTER (WHERE hour(local_at) BETWEEN 9 AND 16) / 8,
               count(*) FILTER (WHERE hour(local_at) < 6) / 6
        FROM (SELECT timezone(teams.timezone, t.created_at) AS local_at
              FROM t JOIN ticket_events AS e ON e.ticket_id = t.ticket_id AND e.field = 'team_id' AND e.old_value IS NULL
              JOIN teams ON teams.team_id = e.new_value)
        """
    ).fetchone()
    assert weekday > 2 * weekend
    assert office > 3 * night
