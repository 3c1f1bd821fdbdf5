"""Problems with a whole file or delivery stop the run with an IngestError naming the file."""

from __future__ import annotations

import json

import pytest

from dagster_project.ingest import IngestError, load_table


def test_missing_required_column_names_file_and_column(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", "ticket_id,created_at", "T1,1709254800")
    with pytest.raises(IngestError) as error:
        load_table(con, raw_dir, "tickets")
    assert str(error.value) == (
        "2024-05-01/tickets.csv: missing required column 'channel' (columns found: ticket_id, created_at)"
    )


def test_missing_required_columns_in_json_lines(con, raw_dir, deliver):
    deliver("2024-05-01", "messages.jsonl", '{"message_id": "M1", "ticket_id": "T1"}')
    with pytest.raises(IngestError) as error:
        load_table(con, raw_dir, "messages")
    assert str(error.value) == (
        "2024-05-01/messages.jsonl: missing required columns 'created_at', 'author_type', 'is_public'"
        " (columns found: message_id, ticket_id)"
    )


@pytest.mark.parametrize(
    ("file_name", "content"),
    [
        ("tickets.parquet", b"ticket_id,created_at,channel\nT1,1709254800,web\n"),
        ("tickets.csv.gz", b"not gzip at all"),
        ("tickets.jsonl", b'{"ticket_id": "T1"}\n{"ticket_id": \n'),
    ],
)
def test_unreadable_file_names_the_file(con, raw_dir, file_name, content):
    (raw_dir / "2024-05-01").mkdir()
    (raw_dir / "2024-05-01" / file_name).write_bytes(content)
    with pytest.raises(IngestError, match=rf"^2024-05-01/{file_name}: cannot be read: "):
        load_table(con, raw_dir, "tickets")


def test_failed_load_keeps_previous_raw_table_quarantine_and_load_log(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", "ticket_id,created_at,channel", "T1,1709254800,web", "T2,never,web")
    load_table(con, raw_dir, "tickets")
    deliver("2024-05-02", "tickets.csv", "ticket_id,channel", "T3,web")
    with pytest.raises(IngestError, match="2024-05-02/tickets.csv: missing required column 'created_at'"):
        load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT ticket_id FROM raw.tickets").fetchall() == [("T1",)]
    assert con.execute("SELECT source_file, row_number FROM raw.quarantine").fetchall() == [
        ("2024-05-01/tickets.csv", 2)
    ]
    assert con.execute("SELECT source_file, rows_read FROM raw.load_log").fetchall() == [
        ("2024-05-01/tickets.csv", 2)
    ]


def test_unknown_manifest_source_is_an_error(con, raw_dir, deliver):
    deliver("2024-05-01", "manifest.json", json.dumps({"source": "zendesk"}))
    with pytest.raises(IngestError) as error:
        load_table(con, raw_dir, "tickets")
    assert str(error.value) == "2024-05-01/manifest.json: unknown source 'zendesk' (supported: canonical)"


def test_unknown_manifest_timezone_is_an_error(con, raw_dir, deliver):
    deliver("2024-05-01", "manifest.json", json.dumps({"timezone": "Europe/Berln"}))
    with pytest.raises(IngestError) as error:
        load_table(con, raw_dir, "tickets")
    assert str(error.value) == "2024-05-01/manifest.json: unknown timezone 'Europe/Berln'"


def test_unknown_table_is_an_error(con, raw_dir):
    with pytest.raises(IngestError, match="^unknown table 'ticket' "):
        load_table(con, raw_dir, "ticket")
