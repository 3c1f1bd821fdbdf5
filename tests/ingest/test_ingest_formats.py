"""Each file type loads, with typed values and lineage columns."""

from __future__ import annotations

from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq

from dagster_project.ingest import load_table

UTC = timezone.utc
TICKETS_CSV = (
    "ticket_id,created_at,channel,status,is_deleted",
    "T1,2024-03-01T09:00:00Z,Email,open,false",
    "T2,2024-03-01T10:30:00Z,chat,SOLVED,yes",
)
EXPECTED_TICKETS = [
    ("T1", datetime(2024, 3, 1, 9, 0, tzinfo=UTC), "Email", "open", False, 1),
    ("T2", datetime(2024, 3, 1, 10, 30, tzinfo=UTC), "chat", "solved", True, 2),
]


def _tickets(con) -> list[tuple]:
    return con.execute(
        "SELECT ticket_id, created_at, channel, status, is_deleted, _row_number FROM raw.tickets ORDER BY ticket_id"
    ).fetchall()


def test_csv_loads(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", *TICKETS_CSV)
    result = load_table(con, raw_dir, "tickets")
    assert _tickets(con) == EXPECTED_TICKETS
    assert con.execute("SELECT DISTINCT _delivery, _source_file FROM raw.tickets").fetchall() == [
        ("2024-05-01", "2024-05-01/tickets.csv")
    ]
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (2, 2, 0)


def test_csv_gz_loads(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv.gz", *TICKETS_CSV)
    result = load_table(con, raw_dir, "tickets")
    assert _tickets(con) == EXPECTED_TICKETS
    assert [f.source_file for f in result.files] == ["2024-05-01/tickets.csv.gz"]


def test_jsonl_loads_values_as_delivered(con, raw_dir, deliver):
    deliver(
        "2024-05-01",
        "messages.jsonl",
        '{"message_id": "M1", "ticket_id": "T1", "created_at": "2024-03-01T09:00:00Z", '
        '"author_type": "Agent", "author_id": 42, "is_public": true}',
        '{"message_id": "M2", "ticket_id": "T1", "created_at": 1709287200, "author_type": "customer", '
        '"is_public": "no"}',
    )
    load_table(con, raw_dir, "messages")
    assert con.execute(
        "SELECT message_id, created_at, author_type, author_id, is_public, _row_number FROM raw.messages"
        " ORDER BY message_id"
    ).fetchall() == [
        ("M1", datetime(2024, 3, 1, 9, 0, tzinfo=UTC), "agent", "42", True, 1),
        ("M2", datetime(2024, 3, 1, 10, 0, tzinfo=UTC), "customer", None, False, 2),
    ]


def test_jsonl_gz_loads(con, raw_dir, deliver):
    deliver("2024-05-01", "teams.jsonl.gz", '{"team_id": "billing", "name": "Billing", "timezone": "Europe/Berlin"}')
    load_table(con, raw_dir, "teams")
    assert con.execute("SELECT team_id, name, timezone, _source_file FROM raw.teams").fetchall() == [
        ("billing", "Billing", "Europe/Berlin", "2024-05-01/teams.jsonl.gz")
    ]


def test_parquet_loads_typed_columns_through_text(con, raw_dir):
    (raw_dir / "2024-05-01").mkdir()
    pq.write_table(
        pa.table(
            {
                "ticket_id": ["T1", "T2"],
                "rated_at": pa.array(
                    [datetime(2024, 3, 1, 9, 0, tzinfo=UTC), datetime(2024, 3, 2, 12, 15, tzinfo=UTC)],
                    pa.timestamp("us", tz="UTC"),
                ),
                "score": pa.array([5, 2], pa.int64()),
                "comment": ["great", None],
            }
        ),
        raw_dir / "2024-05-01" / "satisfaction_ratings.parquet",
    )
    load_table(con, raw_dir, "satisfaction_ratings")
    assert con.execute(
        "SELECT ticket_id, rated_at, score, comment, _row_number FROM raw.satisfaction_ratings ORDER BY ticket_id"
    ).fetchall() == [
        ("T1", datetime(2024, 3, 1, 9, 0, tzinfo=UTC), 5, "great", 1),
        ("T2", datetime(2024, 3, 2, 12, 15, tzinfo=UTC), 2, None, 2),
    ]
    assert con.execute("SELECT typeof(score) FROM raw.satisfaction_ratings LIMIT 1").fetchone() == ("INTEGER",)


def test_folder_name_with_space_and_quote_loads(con, raw_dir, deliver):
    deliver("week 1 'final'", "tickets.csv", *TICKETS_CSV)
    result = load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT DISTINCT _delivery, _source_file FROM raw.tickets").fetchall() == [
        ("week 1 'final'", "week 1 'final'/tickets.csv")
    ]
    assert result.rows_loaded == 2


def test_optional_columns_missing_from_the_file_are_null(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", "ticket_id,created_at,channel", "T1,1709254800,web")
    load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT status, is_deleted, updated_at, subject FROM raw.tickets").fetchall() == [
        (None, None, None, None)
    ]


def test_ids_are_trimmed(con, raw_dir, deliver):
    deliver("", "agents.csv", "agent_id,name,is_active", "  A7 ,Ana ,T")
    load_table(con, raw_dir, "agents")
    assert con.execute("SELECT agent_id, name, is_active, _delivery FROM raw.agents").fetchall() == [
        ("A7", "Ana ", True, "")
    ]
