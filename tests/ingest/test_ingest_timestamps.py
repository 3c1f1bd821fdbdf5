"""Timestamps: offsets converted to UTC, naive ones read in the manifest's time zone, epoch seconds and ms."""

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
    "delivered", ["yesterday", "epoch", "infinity", "170925480", "2024-02-30T09:00:00", "03/01/2024"]
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
