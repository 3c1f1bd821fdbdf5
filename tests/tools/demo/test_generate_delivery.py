"""The demo generator's contract: files, columns, counts, determinism and the deliberately bad rows."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from dagster_project.ingest.export_format import AUTHOR_TYPES, STATUSES, TABLES
from dagster_project.tools.demo import generate_delivery
from dagster_project.tools.demo.__main__ import main

TABLE_COUNT_KEYS = {*TABLES, "bad_rows"}


def test_same_arguments_write_byte_identical_files(tmp_path: Path) -> None:
    first = generate_delivery(tmp_path / "a", tickets=300, seed=7)
    second = generate_delivery(tmp_path / "b", tickets=300, seed=7)
    other_seed = generate_delivery(tmp_path / "c", tickets=300, seed=8)

    assert first == second
    for name in TABLES:
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (tmp_path / "b" / f"{name}.csv").read_bytes(), name
    assert (tmp_path / "a" / "tickets.csv").read_bytes() != (tmp_path / "c" / "tickets.csv").read_bytes()
    assert other_seed["tickets"] == first["tickets"] == 300 + 2


def test_returned_counts_are_the_rows_in_the_files(
    demo_delivery: tuple[Path, dict[str, int]], demo_db: duckdb.DuckDBPyConnection
) -> None:
    _, counts = demo_delivery
    assert set(counts) == TABLE_COUNT_KEYS
    for name in TABLES:
        assert demo_db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == counts[name], name
    # The 500 tickets asked for plus the two bad ticket rows.
    assert counts["tickets"] == 502


def test_three_regional_teams_of_ten_to_fifteen_agents(demo_db: duckdb.DuckDBPyConnection) -> None:
    teams = demo_db.execute(
        """SELECT team_id, teams.name, timezone, count(agent_id), count(*) FILTER (WHERE is_active = 'false')
           FROM teams JOIN agents USING (team_id) GROUP BY ALL ORDER BY team_id"""
    ).fetchall()
    assert [row[:3] for row in teams] == [
        ("T1", "Support EMEA", "Europe/Berlin"),
        ("T2", "Support Americas", "America/New_York"),
        ("T3", "Support APAC", "Asia/Singapore"),
    ]
    assert all(10 <= agents <= 15 for *_, agents, _ in teams)
    # One agent each in EMEA and the Americas left during the window.
    assert [inactive for *_, inactive in teams] == [1, 1, 0]


def test_files_have_exactly_the_export_format_columns(demo_delivery: tuple[Path, dict[str, int]]) -> None:
    out_dir, _ = demo_delivery
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(f"{name}.csv" for name in TABLES)
    for name, table in TABLES.items():
        with (out_dir / f"{name}.csv").open(newline="") as f:
            assert next(csv.reader(f)) == table.column_names, name


def test_required_columns_are_filled_except_in_the_bad_rows(demo_db: duckdb.DuckDBPyConnection) -> None:
    # One bad ticket lacks created_at, one bad message lacks ticket_id; nothing else is missing.
    expected_gaps = {"tickets": 1, "messages": 1}
    for name, table in TABLES.items():
        missing = " OR ".join(f'"{c}" IS NULL' for c in table.required_columns)
        gaps = demo_db.execute(f'SELECT count(*) FROM "{name}" WHERE {missing}').fetchone()[0]
        assert gaps == expected_gaps.get(name, 0), name


def test_bad_rows_are_the_seven_deliberate_defects(
    demo_delivery: tuple[Path, dict[str, int]], demo_db: duckdb.DuckDBPyConnection
) -> None:
    _, counts = demo_delivery
    statuses, author_types = [list(STATUSES)], [list(AUTHOR_TYPES)]
    defects = {
        "ticket without created_at": ("SELECT count(*) FROM tickets WHERE created_at IS NULL", []),
        "ticket with an unknown status": ("SELECT count(*) FROM tickets WHERE status <> ALL(?)", statuses),
        "message at 'not-a-date'": ("SELECT count(*) FROM messages WHERE created_at = 'not-a-date'", []),
        "message by a 'robot'": ("SELECT count(*) FROM messages WHERE author_type <> ALL(?)", author_types),
        "message without ticket_id": ("SELECT count(*) FROM messages WHERE ticket_id IS NULL", []),
        "event at an impossible instant": (
            "SELECT count(*) FROM ticket_events WHERE TRY_CAST(occurred_at AS TIMESTAMPTZ) IS NULL", [],
        ),
        "rating of 9": ("SELECT count(*) FROM satisfaction_ratings WHERE score::INTEGER NOT BETWEEN 1 AND 5", []),
    }
    found = {defect: demo_db.execute(sql, parameters).fetchone()[0] for defect, (sql, parameters) in defects.items()}
    assert found == dict.fromkeys(defects, 1)
    assert counts["bad_rows"] == 7
    assert demo_db.execute("SELECT author_type FROM messages WHERE author_type = 'robot'").fetchall() == [("robot",)]
    assert demo_db.execute("SELECT score FROM satisfaction_ratings WHERE score = '9'").fetchall() == [("9",)]


def test_without_bad_rows_every_row_is_clean(tmp_path: Path) -> None:
    counts = generate_delivery(tmp_path, tickets=300, bad_rows=False)
    assert counts["bad_rows"] == 0
    assert counts["tickets"] == 300
    text = (tmp_path / "messages.csv").read_text() + (tmp_path / "ticket_events.csv").read_text()
    assert "not-a-date" not in text
    assert "robot" not in text


def test_parquet_holds_the_same_rows_as_csv(tmp_path: Path) -> None:
    csv_counts = generate_delivery(tmp_path / "csv", tickets=300)
    parquet_counts = generate_delivery(tmp_path / "parquet", tickets=300, file_format="parquet")
    assert parquet_counts == csv_counts
    tickets = pq.read_table(tmp_path / "parquet" / "tickets.parquet")
    assert tickets.column_names == TABLES["tickets"].column_names
    assert tickets.num_rows == csv_counts["tickets"]


def test_command_line_writes_a_delivery(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--out", str(tmp_path / "demo"), "--tickets", "200", "--seed", "3"])
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == sorted(f"{name}.csv" for name in TABLES)
    printed = dict(line.split() for line in capsys.readouterr().out.splitlines())
    assert list(printed) == [*TABLES, "bad_rows"]
    assert (printed["tickets"], printed["bad_rows"]) == ("202", "7")


def test_a_naive_end_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"^end must be timezone-aware, e\.g\. datetime\(2026, 9, 30, tzinfo=UTC\)"):
        generate_delivery(tmp_path, tickets=10, end=datetime(2026, 9, 30))
