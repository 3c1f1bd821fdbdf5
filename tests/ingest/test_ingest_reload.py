"""Raw keeps every delivery's rows, and re-running the ingest on the same files changes nothing."""

from __future__ import annotations

from dagster_project.ingest import ensure_raw_schema, load_table
from dagster_project.ingest.export_format import TABLES

COUNTS = """
SELECT (SELECT count(*) FROM raw.tickets), (SELECT count(*) FROM raw.quarantine), (SELECT count(*) FROM raw.load_log)
"""


def test_rerun_gives_identical_counts(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", "ticket_id,created_at,channel", "T1,1709254800,web", "T2,never,web")
    deliver("2024-05-02", "tickets.jsonl", '{"ticket_id": "T1", "created_at": 1709258400, "channel": "email"}')
    first = load_table(con, raw_dir, "tickets")
    assert con.execute(COUNTS).fetchone() == (2, 1, 2)
    second = load_table(con, raw_dir, "tickets")
    assert con.execute(COUNTS).fetchone() == (2, 1, 2)
    assert second.files == first.files


def test_loading_one_table_leaves_the_other_tables_rows_alone(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", "ticket_id,created_at,channel", "T1,never,web")
    deliver("2024-05-01", "agents.csv", "agent_id", "A1")
    load_table(con, raw_dir, "tickets")
    load_table(con, raw_dir, "agents")
    load_table(con, raw_dir, "agents")
    assert con.execute("SELECT table_name, count(*) FROM raw.load_log GROUP BY ALL ORDER BY 1").fetchall() == [
        ("agents", 1), ("tickets", 1)
    ]
    assert con.execute("SELECT table_name FROM raw.quarantine").fetchall() == [("tickets",)]


def test_every_delivery_is_kept_with_its_delivery_name(con, raw_dir, deliver):
    deliver("2024-05-02", "tickets.csv", "ticket_id,created_at,channel,status", "T1,1709258400,email,solved")
    deliver("2024-05-01", "tickets.csv", "ticket_id,created_at,channel,status", "T1,1709254800,email,open")
    result = load_table(con, raw_dir, "tickets")
    assert con.execute(
        "SELECT ticket_id, status, _delivery, _source_file FROM raw.tickets ORDER BY _delivery"
    ).fetchall() == [
        ("T1", "open", "2024-05-01", "2024-05-01/tickets.csv"),
        ("T1", "solved", "2024-05-02", "2024-05-02/tickets.csv"),
    ]
    assert [f.delivery for f in result.files] == ["2024-05-01", "2024-05-02"]


def test_removed_delivery_disappears_on_the_next_load(con, raw_dir, deliver):
    old = deliver("2024-05-01", "tickets.csv", "ticket_id,created_at,channel", "T1,never,web")
    deliver("2024-05-02", "tickets.csv", "ticket_id,created_at,channel", "T2,1709254800,web")
    load_table(con, raw_dir, "tickets")
    old.unlink()
    load_table(con, raw_dir, "tickets")
    assert con.execute(COUNTS).fetchone() == (1, 0, 1)


def test_table_without_files_gets_an_empty_raw_table_with_its_columns(con, raw_dir):
    result = load_table(con, raw_dir, "ticket_events")
    assert (result.files, result.rows_read) == ([], 0)
    assert con.execute("SELECT count(*) FROM raw.ticket_events").fetchone() == (0,)
    assert [row[0] for row in con.execute("DESCRIBE raw.ticket_events").fetchall()] == [
        *TABLES["ticket_events"].column_names, "_extra", "_delivery", "_source_file", "_row_number", "_loaded_at",
        "_is_latest",
    ]


def test_ensure_raw_schema_creates_every_raw_table_and_keeps_rows(con, raw_dir, deliver):
    ensure_raw_schema(con)
    tables = {row[0] for row in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw'").fetchall()}
    assert tables == {*TABLES, "quarantine", "load_log", "key_conflicts", "unknown_ticket_references"}
    deliver("", "teams.csv", "team_id", "billing")
    load_table(con, raw_dir, "teams")
    ensure_raw_schema(con)
    assert con.execute("SELECT team_id FROM raw.teams").fetchall() == [("billing",)]
