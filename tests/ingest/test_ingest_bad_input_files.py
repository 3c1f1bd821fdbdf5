"""Bad input at file level (docs/bad-input.md): what loads, and what stops the run with an IngestError that
names the file (and the row or column where there is one)."""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dagster_project.ingest import IngestError, load_table

UTC = timezone.utc
HEADER = "ticket_id,created_at,channel"


def _tickets(con) -> list[tuple]:
    return con.execute(
        "SELECT ticket_id, channel, subject, _row_number FROM raw.tickets ORDER BY _row_number"
    ).fetchall()


def _files(result) -> list[tuple]:
    return [(f.source_file, f.rows_read, f.rows_loaded, f.rows_quarantined) for f in result.files]


def test_empty_file_loads_no_rows_and_is_logged(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv")
    deliver("2024-05-02", "tickets.jsonl")
    deliver("2024-05-03", "tickets.csv.gz")
    result = load_table(con, raw_dir, "tickets")
    assert _files(result) == [
        ("2024-05-01/tickets.csv", 0, 0, 0),
        ("2024-05-02/tickets.jsonl", 0, 0, 0),
        ("2024-05-03/tickets.csv.gz", 0, 0, 0),
    ]
    assert con.execute("SELECT count(*) FROM raw.load_log WHERE table_name = 'tickets'").fetchall() == [(3,)]


def test_header_only_file_loads_no_rows(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", HEADER)
    result = load_table(con, raw_dir, "tickets")
    assert _files(result) == [("2024-05-01/tickets.csv", 0, 0, 0)]
    assert con.execute("SELECT count(*) FROM raw.tickets").fetchall() == [(0,)]


def test_unknown_files_are_not_loaded_but_reported(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", HEADER, "T1,1709254800,web")
    deliver("2024-05-01", "notes.txt", "hello")
    deliver("2024-05-01", "tickets.xlsx", "not a table file")
    deliver("", "ticket.csv", "ticket_id")
    result = load_table(con, raw_dir, "tickets")
    assert result.unknown_files == ["ticket.csv", "2024-05-01/notes.txt", "2024-05-01/tickets.xlsx"]
    assert result.rows_loaded == 1


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


def test_extra_columns_are_kept_in_extra_and_reported(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", "Ticket_ID,created_at,CHANNEL,internal_note,vip",
            "T1,1709254800,web,call back,", "T2,1709254800,web,,yes")
    result = load_table(con, raw_dir, "tickets")
    assert result.files[0].extra_columns == ["internal_note", "vip"]
    assert [(t, json.loads(e)) for t, e in con.execute(
        "SELECT ticket_id, _extra FROM raw.tickets ORDER BY ticket_id").fetchall()] == [
        ("T1", {"internal_note": "call back", "vip": None}),
        ("T2", {"internal_note": None, "vip": "yes"}),
    ]


def test_extra_keys_of_json_lines_are_kept_with_their_json_types(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.jsonl",
            '{"ticket_id": "T1", "created_at": 1709254800, "channel": "web", "tags": ["a", "b"], "sla": {"h": 4}}',
            '{"ticket_id": "T2", "created_at": 1709254800, "channel": "web"}')
    result = load_table(con, raw_dir, "tickets")
    assert result.files[0].extra_columns == ["sla", "tags"]
    assert [(t, e if e is None else json.loads(e)) for t, e in con.execute(
        "SELECT ticket_id, _extra FROM raw.tickets ORDER BY ticket_id").fetchall()] == [
        ("T1", {"sla": {"h": 4}, "tags": ["a", "b"]}),
        ("T2", None),
    ]


def test_files_without_extra_columns_have_null_extra(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", HEADER, "T1,1709254800,web")
    load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT _extra FROM raw.tickets").fetchall() == [(None,)]


def test_columns_in_another_order_load_by_name(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", "channel,subject,created_at,ticket_id", "web,Refund,1709254800,T1")
    load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT ticket_id, created_at, channel, subject FROM raw.tickets").fetchall() == [
        ("T1", datetime(2024, 3, 1, 1, 0, tzinfo=UTC), "web", "Refund")
    ]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_semicolon_tab_and_pipe_delimiters_load(con, raw_dir, deliver, delimiter):
    # The subject holds commas, which must stay inside the field.
    deliver("2024-05-01", "tickets.csv", delimiter.join(["ticket_id", "created_at", "channel", "subject"]),
            delimiter.join(["T1", "1709254800", "web", "Refund, please, now"]))
    load_table(con, raw_dir, "tickets")
    assert _tickets(con) == [("T1", "web", "Refund, please, now", 1)]


def test_crlf_line_ends_load(con, raw_dir, deliver_bytes):
    deliver_bytes("2024-05-01", "tickets.csv",
                  b"ticket_id,created_at,channel\r\nT1,1709254800,web\r\nT2,1709254800,chat\r\n")
    deliver_bytes("2024-05-01", "messages.jsonl",
                  b'{"message_id": "M1", "ticket_id": "T1", "created_at": 1709254800, "author_type": "agent",'
                  b' "is_public": true}\r\n')
    load_table(con, raw_dir, "tickets")
    load_table(con, raw_dir, "messages")
    assert _tickets(con) == [("T1", "web", None, 1), ("T2", "chat", None, 2)]
    assert con.execute("SELECT message_id, is_public FROM raw.messages").fetchall() == [("M1", True)]


def test_quoted_newlines_and_quotes_inside_fields_load(con, raw_dir, deliver_bytes):
    deliver_bytes(
        "2024-05-01",
        "tickets.csv",
        b'ticket_id,created_at,channel,subject\n'
        b'T1,1709254800,web,"line one\nline two"\n'
        b'T2,1709254800,web,"she said ""hi"", then left"\n'
        b'T3,never,web,"a\r\nb"\n',
    )
    load_table(con, raw_dir, "tickets")
    # Row numbers count records, not lines: T3 is the third row though it starts on line 5.
    assert _tickets(con) == [("T1", "web", "line one\nline two", 1), ("T2", "web", 'she said "hi", then left', 2)]
    assert con.execute("SELECT row_number, reason FROM raw.quarantine").fetchall() == [
        (3, "created_at: 'never' is not a timestamp")
    ]


def test_a_line_starting_with_hash_is_data_not_a_comment(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", HEADER, "#1,1709254800,web", "T2,1709254800,web")
    load_table(con, raw_dir, "tickets")
    assert [row[0] for row in _tickets(con)] == ["#1", "T2"]


def test_utf8_with_bom_loads_with_clean_column_names(con, raw_dir, deliver_bytes):
    deliver_bytes("2024-05-01", "tickets.csv",
                  "\ufeffticket_id,created_at,channel,subject\nT1,1709254800,web,Grüße\n".encode())
    deliver_bytes("2024-05-02", "tickets.jsonl",
                  '\ufeff{"ticket_id": "T2", "created_at": 1709254800, "channel": "web"}\n'.encode())
    result = load_table(con, raw_dir, "tickets")
    assert [f.extra_columns for f in result.files] == [[], []]
    assert con.execute("SELECT ticket_id, subject FROM raw.tickets ORDER BY ticket_id").fetchall() == [
        ("T1", "Grüße"), ("T2", None)
    ]


def test_row_with_too_many_fields_stops_naming_file_and_line(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", HEADER, "T1,1709254800,web", "T2,1709254800,web,extra")
    with pytest.raises(IngestError) as error:
        load_table(con, raw_dir, "tickets")
    assert str(error.value) == (
        "2024-05-01/tickets.csv: cannot be read: Invalid Input Error: CSV Error on Line: 3;"
        " Original Line: T2,1709254800,web,extra; Expected Number of Columns: 3 Found: 4"
    )


def test_unterminated_quote_stops_naming_file_and_line(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", HEADER, 'T1,1709254800,"web', "T2,1709254800,web")
    with pytest.raises(IngestError) as error:
        load_table(con, raw_dir, "tickets")
    assert str(error.value) == (
        '2024-05-01/tickets.csv: cannot be read: Invalid Input Error: CSV Error on Line: 2;'
        ' Original Line: T1,1709254800,"web; T2,1709254800,web'
    )


def test_truncated_gzip_stops_naming_the_file(con, raw_dir, deliver_bytes):
    whole = gzip.compress(("ticket_id,created_at,channel\n" + "T1,1709254800,web\n" * 1000).encode())
    deliver_bytes("2024-05-01", "tickets.csv.gz", whole[: len(whole) // 2])
    with pytest.raises(IngestError) as error:
        load_table(con, raw_dir, "tickets")
    assert str(error.value) == (
        "2024-05-01/tickets.csv.gz: cannot be read: Compressed file ended before the end-of-stream marker was reached"
    )


@pytest.mark.parametrize(
    ("file_name", "content"),
    [
        ("tickets.parquet", b"ticket_id,created_at,channel\nT1,1709254800,web\n"),
        ("tickets.csv.gz", b"not gzip at all"),
    ],
)
def test_unreadable_file_names_the_file(con, raw_dir, deliver_bytes, file_name, content):
    deliver_bytes("2024-05-01", file_name, content)
    with pytest.raises(IngestError, match=rf"^2024-05-01/{file_name}: cannot be read: "):
        load_table(con, raw_dir, "tickets")


def test_malformed_json_line_is_quarantined_with_its_line_number(con, raw_dir, deliver):
    deliver(
        "2024-05-01",
        "tickets.jsonl",
        '{"ticket_id": "T1", "created_at": 1709254800, "channel": "web"}',
        "",
        '{"ticket_id": "T2", "created_at": ',
        '["T3", 1709254800, "web"]',
        '{"ticket_id": "T4", "created_at": 1709254800, "channel": "chat"}',
    )
    result = load_table(con, raw_dir, "tickets")
    assert _files(result) == [("2024-05-01/tickets.jsonl", 4, 2, 2)]
    assert [(n, c, r, json.loads(raw)) for n, c, r, raw in con.execute(
        "SELECT row_number, column_name, reason, raw_row FROM raw.quarantine ORDER BY row_number").fetchall()] == [
        (3, None, "not a JSON object", '{"ticket_id": "T2", "created_at": '),
        (4, None, "not a JSON object", '["T3", 1709254800, "web"]'),
    ]
    # Row numbers of JSON lines are line numbers: the blank line 2 counts as a line but not as a row.
    assert _tickets(con) == [("T1", "web", None, 1), ("T4", "chat", None, 5)]


def test_parquet_with_other_column_types_loads(con, raw_dir):
    (raw_dir / "2024-05-01").mkdir()
    pq.write_table(
        pa.table(
            {
                "message_id": pa.array([1000001, 1000002], pa.int64()),
                "ticket_id": pa.array([7.0, 8.0], pa.float64()),
                "created_at": pa.array([datetime(2024, 3, 1, 9, 0), datetime(2024, 7, 1, 9, 0)], pa.timestamp("us")),
                "author_type": ["Agent", "customer"],
                "is_public": ["true", "no"],
            }
        ),
        raw_dir / "2024-05-01" / "messages.parquet",
    )
    (raw_dir / "2024-05-01" / "manifest.json").write_text('{"timezone": "Europe/Berlin"}')
    pq.write_table(
        pa.table({"ticket_id": pa.array([7, 8], pa.int32()), "rated_at": pa.array([1709254800, 1709254800], pa.int64()),
                  "score": pa.array([5.0, None], pa.float64())}),
        raw_dir / "2024-05-01" / "satisfaction_ratings.parquet",
    )
    load_table(con, raw_dir, "messages")
    load_table(con, raw_dir, "satisfaction_ratings")
    # A naive Parquet timestamp is wall time in the manifest's zone, like a naive text timestamp.
    assert con.execute(
        "SELECT message_id, ticket_id, created_at, author_type, is_public FROM raw.messages ORDER BY message_id"
    ).fetchall() == [
        ("1000001", "7", datetime(2024, 3, 1, 8, 0, tzinfo=UTC), "agent", True),
        ("1000002", "8", datetime(2024, 7, 1, 7, 0, tzinfo=UTC), "customer", False),
    ]
    assert con.execute("SELECT ticket_id, rated_at, score FROM raw.satisfaction_ratings").fetchall() == [
        ("7", datetime(2024, 3, 1, 1, 0, tzinfo=UTC), 5)
    ]
    assert con.execute("SELECT row_number, reason FROM raw.quarantine").fetchall() == [
        (2, "score: required value is missing")
    ]


def test_parquet_value_of_the_wrong_kind_is_quarantined(con, raw_dir):
    (raw_dir / "2024-05-01").mkdir()
    pq.write_table(
        pa.table({"ticket_id": ["T1", "T2"], "rated_at": ["2024-03-01T09:00:00Z", "2024-03-01T09:00:00Z"],
                  "score": pa.array([4.5, 3.0], pa.float64())}),
        raw_dir / "2024-05-01" / "satisfaction_ratings.parquet",
    )
    load_table(con, raw_dir, "satisfaction_ratings")
    assert con.execute("SELECT ticket_id, score FROM raw.satisfaction_ratings").fetchall() == [("T2", 3)]
    assert con.execute("SELECT row_number, reason FROM raw.quarantine").fetchall() == [
        (1, "score: '4.5' is not an integer")
    ]


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
    assert str(error.value).startswith("2024-05-01/manifest.json: unknown source 'zendesk' (supported: canonical, ")


def test_unknown_manifest_timezone_is_an_error(con, raw_dir, deliver):
    deliver("2024-05-01", "manifest.json", json.dumps({"timezone": "Europe/Berln"}))
    with pytest.raises(IngestError) as error:
        load_table(con, raw_dir, "tickets")
    assert str(error.value) == "2024-05-01/manifest.json: unknown timezone 'Europe/Berln'"


def test_unknown_table_is_an_error(con, raw_dir):
    with pytest.raises(IngestError, match="^unknown table 'ticket' "):
        load_table(con, raw_dir, "ticket")
