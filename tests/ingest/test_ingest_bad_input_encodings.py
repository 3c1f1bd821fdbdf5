"""Bad input: text files that are not UTF-8. Strict UTF-8 first, then the manifest's encoding; a byte that
decodes in neither stops the run naming file, byte offset and line. Characters are never replaced."""

from __future__ import annotations

import gzip
import json

import pytest

from dagster_project.ingest import IngestError, load_table

HEADER = "ticket_id,created_at,channel,subject"


def _subjects(con) -> list[tuple]:
    return con.execute("SELECT ticket_id, subject FROM raw.tickets ORDER BY _row_number").fetchall()


def _manifest(deliver, encoding: str) -> None:
    deliver("2024-05-01", "manifest.json", json.dumps({"encoding": encoding}))


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_chinese_csv_in_the_manifest_encoding_loads(con, raw_dir, deliver, encoding):
    _manifest(deliver, encoding)
    deliver("2024-05-01", "tickets.csv", HEADER, "T1,1709254800,web,你好", "T2,1709254800,web,退款申请",
            encoding=encoding)
    load_table(con, raw_dir, "tickets")
    assert _subjects(con) == [("T1", "你好"), ("T2", "退款申请")]


def test_gb18030_json_lines_and_gzip_load(con, raw_dir, deliver):
    _manifest(deliver, "gb18030")
    deliver("2024-05-01", "tickets.jsonl.gz", '{"ticket_id": "T1", "created_at": 1709254800, "channel": "微信"}',
            encoding="gb18030")
    load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT ticket_id, channel FROM raw.tickets").fetchall() == [("T1", "微信")]


def test_latin1_csv_loads_even_when_the_first_rows_are_ascii(con, raw_dir, deliver):
    # DuckDB meets the first non-UTF-8 byte only deep into the file; the whole file is then read again.
    _manifest(deliver, "latin-1")
    rows = [f"T{i},1709254800,web,plain" for i in range(5000)]
    deliver("2024-05-01", "tickets.csv", HEADER, *rows, "T5000,1709254800,web,Müller", encoding="latin-1")
    result = load_table(con, raw_dir, "tickets")
    assert result.rows_loaded == 5001
    assert _subjects(con)[-1] == ("T5000", "Müller")


def test_cp1252_csv_loads_its_own_characters(con, raw_dir, deliver):
    _manifest(deliver, "cp1252")
    deliver("2024-05-01", "tickets.csv", HEADER, "T1,1709254800,web,“Refund” of 5 €", encoding="cp1252")
    load_table(con, raw_dir, "tickets")
    assert _subjects(con) == [("T1", "“Refund” of 5 €")]


def test_utf16_csv_loads(con, raw_dir, deliver):
    _manifest(deliver, "utf-16")
    deliver("2024-05-01", "tickets.csv", HEADER, "T1,1709254800,web,Müller 你好", encoding="utf-16")
    load_table(con, raw_dir, "tickets")
    assert _subjects(con) == [("T1", "Müller 你好")]


def test_utf8_file_in_a_latin1_delivery_is_not_mangled(con, raw_dir, deliver):
    _manifest(deliver, "latin-1")
    deliver("2024-05-01", "tickets.csv", HEADER, "T1,1709254800,web,Grüße", encoding="utf-8")
    load_table(con, raw_dir, "tickets")
    assert _subjects(con) == [("T1", "Grüße")]


def test_file_that_is_not_utf8_without_a_declared_encoding_stops(con, raw_dir, deliver):
    path = deliver("2024-05-01", "tickets.csv", HEADER, "T1,1709254800,web,plain", "T2,1709254800,web,Müller",
                   encoding="latin-1")
    offset = path.read_bytes().index(b"\xfc")
    with pytest.raises(IngestError) as error:
        load_table(con, raw_dir, "tickets")
    assert offset == 80
    assert str(error.value) == (
        '2024-05-01/tickets.csv: is not valid UTF-8: byte 80 (line 3) is 0xfc; set "encoding" in'
        ' 2024-05-01/manifest.json to the file\'s encoding, e.g. "latin-1" or "gb18030"'
    )
    assert con.execute("SELECT count(*) FROM raw.tickets").fetchall() == [(0,)]


def test_chinese_file_without_a_declared_encoding_stops_at_its_first_byte(con, raw_dir, deliver):
    deliver("", "tickets.csv", HEADER, "T1,1709254800,web,你好", encoding="gb18030")
    with pytest.raises(IngestError) as error:
        load_table(con, raw_dir, "tickets")
    assert str(error.value) == (
        'tickets.csv: is not valid UTF-8: byte 55 (line 2) is 0xc4; set "encoding" in manifest.json to the'
        ' file\'s encoding, e.g. "latin-1" or "gb18030"'
    )


def test_file_in_neither_utf8_nor_the_declared_encoding_stops(con, raw_dir, deliver_bytes, deliver):
    _manifest(deliver, "gb18030")
    deliver_bytes("2024-05-01", "tickets.csv", HEADER.encode() + b"\nT1,1709254800,web,bad \xff byte\n")
    with pytest.raises(IngestError) as error:
        load_table(con, raw_dir, "tickets")
    assert str(error.value) == (
        "2024-05-01/tickets.csv: is neither valid UTF-8 nor valid gb18030 (the encoding 2024-05-01/manifest.json"
        " gives): byte 59 (line 2) is 0xff"
    )


def test_gzip_file_that_is_not_utf8_stops_with_the_offset_in_the_uncompressed_text(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv.gz", HEADER, "T1,1709254800,web,Müller", encoding="latin-1")
    with pytest.raises(IngestError) as error:
        load_table(con, raw_dir, "tickets")
    assert str(error.value).startswith("2024-05-01/tickets.csv.gz: is not valid UTF-8: byte 56 (line 2) is 0xfc;")


def test_truncated_gzip_in_a_declared_encoding_stops_naming_the_file(con, raw_dir, deliver, deliver_bytes):
    _manifest(deliver, "gb18030")
    whole = gzip.compress(("ticket_id,created_at,channel\n" + "T1,1709254800,微信\n" * 2000).encode("gb18030"))
    deliver_bytes("2024-05-01", "tickets.csv.gz", whole[: len(whole) // 2])
    with pytest.raises(IngestError) as error:
        load_table(con, raw_dir, "tickets")
    assert str(error.value) == (
        "2024-05-01/tickets.csv.gz: cannot be read: Compressed file ended before the end-of-stream marker was reached"
    )
