"""Bad input: timestamps. Offsets are converted to UTC, naive ones read in the manifest's time zone, epoch
seconds and ms are UTC, anything else is quarantined, and so is a row stamped more than a day after the
manifest's `exported_at`."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from dagster_project.ingest import load_table

UTC = timezone.utc


def _created_at(con, raw_dir, deliver, delivered: str, manifest: dict | None = None) -> datetime:
    if manifest is not None:
        deliver("2024-05-01", "manifest.json", json.dumps(manifest))
    deliver("2024-05-01", "tickets.csv", "ticket_id,created_at,channel", f"T1,{delivered},email")
    load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT count(*) FROM raw.quarantine").fetchone() == (0,)
    return con.execute("SELECT created_at FROM raw.tickets").fetchone()[0]


@pytest.mark.parametrize(
    ("delivered", "utc"),
    [
        ("2024-03-01T09:00:00+08:00", datetime(2024, 3, 1, 1, 0, tzinfo=UTC)),
        ("2024-03-01T09:00:00-0530", datetime(2024, 3, 1, 14, 30, tzinfo=UTC)),
        ("2024-03-01T09:00:00Z", datetime(2024, 3, 1, 9, 0, tzinfo=UTC)),
        ("2024-03-01 09:00:00.250+00:00", datetime(2024, 3, 1, 9, 0, 0, 250000, tzinfo=UTC)),
        ("1709254800", datetime(2024, 3, 1, 1, 0, tzinfo=UTC)),
        ("1709254800123", datetime(2024, 3, 1, 1, 0, 0, 123000, tzinfo=UTC)),
        ("2024-03-01T09:00:00", datetime(2024, 3, 1, 9, 0, tzinfo=UTC)),
        # Shapes off the fast path, read by the regular expressions.
        ("2024-03-01t09:00:00.5z", datetime(2024, 3, 1, 9, 0, 0, 500000, tzinfo=UTC)),
        ("2024-03-01 09:00+05:30", datetime(2024, 3, 1, 3, 30, tzinfo=UTC)),
        ("2024-03-01T09:00:00 +08", datetime(2024, 3, 1, 1, 0, tzinfo=UTC)),
        (" 2024-03-01T09:00:00Z ", datetime(2024, 3, 1, 9, 0, tzinfo=UTC)),
        ("2024-03-01", datetime(2024, 3, 1, 0, 0, tzinfo=UTC)),
        ("2024-03-01t09:00", datetime(2024, 3, 1, 9, 0, tzinfo=UTC)),
    ],
)
def test_timestamps_are_converted_to_utc(con, raw_dir, deliver, delivered, utc):
    assert _created_at(con, raw_dir, deliver, delivered) == utc


@pytest.mark.parametrize(
    ("delivered", "utc"),
    [
        # Berlin is UTC+1 in winter and UTC+2 in summer.
        ("2024-03-01 09:00:00", datetime(2024, 3, 1, 8, 0, tzinfo=UTC)),
        ("2024-07-01T09:00:00", datetime(2024, 7, 1, 7, 0, tzinfo=UTC)),
        # An explicit offset wins over the manifest's time zone, and epochs are UTC anyway.
        ("2024-03-01T09:00:00+08:00", datetime(2024, 3, 1, 1, 0, tzinfo=UTC)),
        ("1709254800", datetime(2024, 3, 1, 1, 0, tzinfo=UTC)),
    ],
)
def test_naive_timestamps_are_read_in_the_manifest_timezone(con, raw_dir, deliver, delivered, utc):
    assert _created_at(con, raw_dir, deliver, delivered, {"timezone": "Europe/Berlin"}) == utc


@pytest.mark.parametrize(
    "delivered",
    [
        "yesterday", "epoch", "infinity", "170925480", "2024-02-30T09:00:00", "2024-02-30T09:00:00Z", "03/01/2024",
        "2024-03-01 09:00:00 Europe/Berlin", "2024-03-01T25:00:00+01:00",
    ],
)
def test_values_that_are_not_timestamps_are_quarantined(con, raw_dir, deliver, delivered):
    deliver("2024-05-01", "tickets.csv", "ticket_id,created_at,channel", f"T1,{delivered},email")
    load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT reason FROM raw.quarantine").fetchall() == [
        (f"created_at: '{delivered}' is not a timestamp",)
    ]


def test_raw_timestamp_columns_are_timestamptz(con, raw_dir):
    load_table(con, raw_dir, "tickets")
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns"
                             " WHERE table_schema = 'raw' AND table_name = 'tickets'").fetchall())
    assert (types["created_at"], types["updated_at"]) == ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE")


def test_mixed_offsets_in_one_file_are_each_converted(con, raw_dir, deliver):
    deliver("2024-05-01", "manifest.json", json.dumps({"timezone": "America/New_York"}))
    deliver("2024-05-01", "messages.csv", "message_id,ticket_id,created_at,author_type,is_public",
            "M1,T1,2024-03-01T09:00:00Z,customer,true", "M2,T1,2024-03-01T10:00:00+01:00,agent,true",
            "M3,T1,2024-03-01T04:30:00-05:00,agent,true", "M4,T1,2024-03-01 04:45:00,agent,true",
            "M5,T1,1709287200,agent,true", "M6,T1,1709287260000,agent,true")
    load_table(con, raw_dir, "messages")
    assert [row[0] for row in con.execute("SELECT created_at FROM raw.messages ORDER BY _row_number").fetchall()] == [
        datetime(2024, 3, 1, 9, 0, tzinfo=UTC), datetime(2024, 3, 1, 9, 0, tzinfo=UTC),
        datetime(2024, 3, 1, 9, 30, tzinfo=UTC), datetime(2024, 3, 1, 9, 45, tzinfo=UTC),
        datetime(2024, 3, 1, 10, 0, tzinfo=UTC), datetime(2024, 3, 1, 10, 1, tzinfo=UTC),
    ]


def test_rows_stamped_more_than_a_day_after_exported_at_are_quarantined(con, raw_dir, deliver):
    deliver("2024-05-01", "manifest.json", json.dumps({"exported_at": "2024-05-01T12:00:00+02:00"}))
    deliver("2024-05-01", "tickets.csv", "ticket_id,created_at,channel,updated_at",
            "T1,2024-05-02T09:59:59Z,web,", "T2,2024-05-02T10:00:01Z,web,", "T3,2024-04-01T00:00:00Z,web,2031-01-01",
            "T4,2024-04-01T00:00:00Z,web,2024-05-01T10:30:00Z")
    result = load_table(con, raw_dir, "tickets")
    assert [row[0] for row in con.execute("SELECT ticket_id FROM raw.tickets ORDER BY ticket_id").fetchall()] == [
        "T1", "T4"
    ]
    assert result.rows_quarantined == 2
    assert con.execute("SELECT row_number, column_name, reason FROM raw.quarantine ORDER BY row_number").fetchall() == [
        (2, "created_at", "created_at: 2024-05-02 10:00:01+00 is more than 1 day after exported_at"
                          " 2024-05-01 10:00:00+00 in manifest.json"),
        (3, "updated_at", "updated_at: 2031-01-01 00:00:00+00 is more than 1 day after exported_at"
                          " 2024-05-01 10:00:00+00 in manifest.json"),
    ]


def test_future_rows_load_when_the_manifest_gives_no_exported_at(con, raw_dir, deliver):
    deliver("2024-05-01", "tickets.csv", "ticket_id,created_at,channel", "T1,2031-01-01T00:00:00Z,web")
    load_table(con, raw_dir, "tickets")
    assert con.execute("SELECT created_at FROM raw.tickets").fetchall() == [(datetime(2031, 1, 1, tzinfo=UTC),)]
