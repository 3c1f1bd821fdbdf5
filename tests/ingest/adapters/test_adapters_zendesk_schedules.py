"""Zendesk schedules as our business-hours seed rows: the parity fixture's four schedules, an interval over
midnight, holidays with an exclusive end, and a time zone Zendesk does not have."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from dagster_project.ingest import IngestError
from dagster_project.ingest.adapters.zendesk_schedules import (
    business_hours_seeds,
    write_seed_files,
)

PARITY_INPUT = Path(__file__).parents[2] / "fixtures" / "zendesk_parity" / "input"


def _week(schedule_id: str, zone: str, days: range, start: str, end: str) -> list[tuple[str, ...]]:
    return [(schedule_id, zone, str(day), start, end, "", "") for day in days]


def test_the_parity_fixtures_schedules_become_seed_rows(tmp_path: Path) -> None:
    delivery = tmp_path / "2024-06-16"
    shutil.copytree(PARITY_INPUT, delivery)
    seeds = business_hours_seeds(delivery)
    eu_days = [
        row
        for day in range(1, 6)
        for row in (
            ("360020002", "Europe/Berlin", str(day), "09:00", "12:30", "", ""),
            ("360020002", "Europe/Berlin", str(day), "13:30", "17:30", "", ""),
        )
    ]
    assert seeds.business_schedules == [
        *_week("360020001", "America/New_York", range(1, 6), "08:00", "18:00"),
        *eu_days,
        *_week("360020003", "Asia/Shanghai", range(1, 6), "09:00", "18:00"),
        *_week("360020004", "America/Los_Angeles", range(1, 6), "07:00", "16:00"),
        ("360020004", "America/Los_Angeles", "6", "09:00", "13:00", "", ""),
    ]
    assert len(seeds.holidays) == 14
    assert seeds.holidays[0] == ("360020001", "2024-01-15 00:00", "2024-01-16 00:00", "MLK Day")
    # APAC's Spring Festival is one holiday of eight days: its end is the morning after the last
    assert ("360020003", "2024-02-10 00:00", "2024-02-18 00:00") in [h[:3] for h in seeds.holidays]
    # Escalations has no schedule of its own: its tickets mostly got the US one
    assert seeds.team_schedules == [
        ("360010001", "360020001"),
        ("360010002", "360020002"),
        ("360010003", "360020003"),
        ("360010004", "360020004"),
        ("360010005", "360020001"),
    ]


def test_an_interval_over_midnight_is_two_rows_and_files_have_the_seed_columns(tmp_path: Path) -> None:
    delivery = tmp_path / "2024-06-16"
    delivery.mkdir()
    # Friday 22:00 .. Saturday 02:00 local, in minutes from Sunday 00:00
    (delivery / "schedule.csv").write_text(
        "id,name,time_zone,start_time,end_time,created_at\n9,Night,London,8520,8760,2023-01-01 00:00:00\n",
        encoding="utf-8",
    )
    (delivery / "schedule_holiday.csv").write_text("schedule_id,name,start_date,end_date\n", encoding="utf-8")
    seeds = business_hours_seeds(delivery)
    assert seeds.business_schedules == [
        ("9", "Europe/London", "5", "22:00", "24:00", "", ""),
        ("9", "Europe/London", "6", "00:00", "02:00", "", ""),
    ]
    assert seeds.team_schedules == []
    paths = write_seed_files(seeds, tmp_path)
    with paths[0].open(encoding="utf-8") as stream:
        assert list(csv.reader(stream)) == [
            ["schedule_id", "timezone", "weekday", "start_local", "end_local", "valid_from", "valid_to"],
            ["9", "Europe/London", "5", "22:00", "24:00", "", ""],
            ["9", "Europe/London", "6", "00:00", "02:00", "", ""],
        ]


def test_a_time_zone_zendesk_does_not_have_is_an_error(tmp_path: Path) -> None:
    delivery = tmp_path / "2024-06-16"
    delivery.mkdir()
    (delivery / "schedule.csv").write_text(
        "id,name,time_zone,start_time,end_time\n9,Mars,Olympus Mons,1920,2520\n", encoding="utf-8"
    )
    with pytest.raises(IngestError) as error:
        business_hours_seeds(delivery)
    assert str(error.value) == "schedule 9: unknown Zendesk time zone 'Olympus Mons'"
