"""`_is_latest` marks exactly the rows staging keeps: per key, the latest delivery's row, and within one
file its last row — the rows `row_number() over (partition by key order by _delivery desc, _row_number
desc) = 1` keeps, after any sequence of loads."""

from __future__ import annotations

import os
import random
from pathlib import Path

from dagster_project.ingest import ensure_raw_schema, load_table
from dagster_project.ingest.export_format import TABLES
from dagster_project.ingest.sql import quote_identifier

TICKETS_HEADER = "ticket_id,created_at,channel,status"


def flagged(con, table: str) -> list[tuple[str, int]]:
    """(source file, row number) of the rows marked latest."""
    return con.execute(
        f"SELECT _source_file, _row_number FROM raw.{table} WHERE _is_latest ORDER BY ALL"
    ).fetchall()


def window_kept(con, table: str) -> list[tuple[str, int]]:
    """(source file, row number) of the rows the window over the whole raw table keeps."""
    keys = ", ".join(quote_identifier(k) for k in TABLES[table].key)
    return con.execute(
        f"""
        SELECT _source_file, _row_number FROM raw.{table}
        QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY _delivery DESC, _row_number DESC) = 1
        ORDER BY ALL
        """
    ).fetchall()


def assert_flag_is_the_window(con, table: str) -> None:
    assert con.execute(f"SELECT count(*) FROM raw.{table} WHERE _is_latest IS NULL").fetchone() == (0,)
    assert flagged(con, table) == window_kept(con, table)


def rewrite(path: Path, *lines: str) -> None:
    """Write the file again with a later modification time, so the next load sees it changed."""
    mtime = path.stat().st_mtime_ns
    path.write_text("".join(line + "\n" for line in lines))
    os.utime(path, ns=(mtime + 1_000_000_000, mtime + 1_000_000_000))


def test_a_key_in_several_deliveries_is_latest_in_the_latest_one(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,new", "T2,1709254800,web,new")
    load_table(con, raw_dir, "tickets")
    deliver("2024-05-02", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,open")
    load_table(con, raw_dir, "tickets")
    deliver("2024-05-03", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,solved")
    load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT ticket_id, status FROM raw.tickets WHERE _is_latest ORDER BY 1").fetchall() == [
        ("T1", "solved"), ("T2", "new")
    ]
    assert_flag_is_the_window(con, "tickets")


def test_an_older_delivery_loaded_late_does_not_take_over(con, raw_dir, deliver):
    deliver("2024-05-03", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,solved")
    load_table(con, raw_dir, "tickets")
    deliver("2024-05-01", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,new")
    load_table(con, raw_dir, "tickets")
    assert flagged(con, "tickets") == [("2024-05-03/tickets.csv", 1)]
    assert_flag_is_the_window(con, "tickets")


def test_a_key_twice_in_one_file_is_latest_in_its_last_row(con, raw_dir, deliver):
    deliver(
        "2024-05-01", "messages.csv", "message_id,ticket_id,created_at,author_type,is_public",
        "M1,T1,1709254800,customer,true", "M2,T1,1709254900,agent,true", "M1,T1,1709255000,customer,false",
    )
    load_table(con, raw_dir, "messages")
    assert flagged(con, "messages") == [("2024-05-01/messages.csv", 2), ("2024-05-01/messages.csv", 3)]
    assert_flag_is_the_window(con, "messages")


def test_a_replaced_file_hands_the_key_back_and_takes_it_again(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,new")
    newer = deliver("2024-05-02", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,open")
    load_table(con, raw_dir, "tickets")
    assert flagged(con, "tickets") == [("2024-05-02/tickets.csv", 1)]
    rewrite(newer, TICKETS_HEADER, "T2,1709254800,web,open")
    load_table(con, raw_dir, "tickets")
    assert flagged(con, "tickets") == [("2024-05-01/tickets.csv", 1), ("2024-05-02/tickets.csv", 1)]
    assert_flag_is_the_window(con, "tickets")
    rewrite(newer, TICKETS_HEADER, "T2,1709254800,web,open", "T1,1709254800,web,solved")
    load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT ticket_id, status FROM raw.tickets WHERE _is_latest ORDER BY 1").fetchall() == [
        ("T1", "solved"), ("T2", "open")
    ]
    assert_flag_is_the_window(con, "tickets")


def test_a_vanished_file_makes_the_older_row_latest_again(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,new")
    newer = deliver("2024-05-02", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,solved")
    load_table(con, raw_dir, "tickets")
    newer.unlink()
    load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT ticket_id, status, _is_latest FROM raw.tickets").fetchall() == [("T1", "new", True)]


def test_a_table_without_repeated_keys_is_latest_everywhere(con, raw_dir, deliver):
    deliver("2024-05-01", "agents.csv", "agent_id,name", "A1,Ann", "A2,Bob")
    deliver("2024-05-02", "agents.csv", "agent_id,name", "A3,Cid")
    load_table(con, raw_dir, "agents")
    assert con.execute("SELECT agent_id, _is_latest FROM raw.agents ORDER BY 1").fetchall() == [
        ("A1", True), ("A2", True), ("A3", True)
    ]


def test_a_composite_key_is_latest_per_whole_key(con, raw_dir, deliver):
    header = "ticket_id,rated_at,score"
    deliver("2024-05-01", "satisfaction_ratings.csv", header, "T1,1709254800,3", "T1,1709258400,4")
    deliver("2024-05-02", "satisfaction_ratings.csv", header, "T1,1709254800,5")
    load_table(con, raw_dir, "satisfaction_ratings")
    assert con.execute(
        "SELECT score, _delivery FROM raw.satisfaction_ratings WHERE _is_latest ORDER BY rated_at"
    ).fetchall() == [(5, "2024-05-02"), (4, "2024-05-01")]
    assert_flag_is_the_window(con, "satisfaction_ratings")


def test_quarantined_rows_take_no_part(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,new")
    deliver("2024-05-02", "tickets.csv", TICKETS_HEADER, "T1,never,web,solved")
    result = load_table(con, raw_dir, "tickets")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (2, 1, 1)
    assert con.execute("SELECT status, _is_latest FROM raw.tickets").fetchall() == [("new", True)]


def test_raw_tables_loaded_before_the_flag_get_it_for_every_row(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,new", "T2,1709254800,web,new")
    deliver("2024-05-02", "tickets.csv", TICKETS_HEADER, "T1,1709254800,web,solved")
    load_table(con, raw_dir, "tickets")
    con.execute("ALTER TABLE raw.tickets DROP COLUMN _is_latest")
    ensure_raw_schema(con)
    assert_flag_is_the_window(con, "tickets")
    assert len(flagged(con, "tickets")) == 2


def test_any_sequence_of_loads_keeps_the_flag_equal_to_the_window(con, raw_dir, deliver):
    """Random deliveries, rewrites and removals of message files with keys repeated across and within
    files; after every load the flag equals the window over the whole table."""
    rng = random.Random(20240501)
    header = "message_id,ticket_id,created_at,author_type,is_public"
    files: dict[str, Path] = {}
    for step in range(30):
        action = rng.choice(["deliver", "deliver", "rewrite", "remove"]) if files else "deliver"
        if action == "remove":
            files.pop(rng.choice(sorted(files))).unlink()
        else:
            lines = [
                f"M{rng.randrange(12)},T{rng.randrange(4)},{1709254800 + step},customer,true"
                for _ in range(rng.randrange(1, 6))
            ]
            delivery = rng.choice(sorted(files)) if action == "rewrite" else f"2024-05-{rng.randrange(1, 29):02d}"
            if delivery in files:
                rewrite(files[delivery], header, *lines)
            else:
                files[delivery] = deliver(delivery, "messages.csv", header, *lines)
        load_table(con, raw_dir, "messages")
        assert_flag_is_the_window(con, "messages")
