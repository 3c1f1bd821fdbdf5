"""Zendesk business schedules (Fivetran's schedule, schedule_holiday, ticket_schedule and ticket tables) as
the rows of our business-hours seeds: dbt/seeds/business_schedules.csv, holidays.csv and team_schedules.csv.

Zendesk keeps a schedule as open intervals in minutes from Sunday 00:00 local time (`start_time`,
`end_time`), in a Zendesk time zone name ("Eastern Time (US & Canada)"); holidays as inclusive dates.
Our seeds want ISO weekdays (1 = Monday) with local 'HH:MM' times ('24:00' ends a day, an interval over
midnight is two rows), IANA zones, and holidays as local 'YYYY-MM-DD HH:MM' ranges with an exclusive end.
Zendesk has no group -> schedule setting (triggers pick a ticket's schedule), so a group's schedule is the
one its tickets were most often given first, and the account's default (earliest-created) schedule for a
group without tickets.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from dagster_project.ingest.adapters.source_files import SourceFiles, SourceTable
from dagster_project.ingest.adapters.zendesk_time_zones import ZENDESK_TIME_ZONES
from dagster_project.ingest.errors import IngestError
from dagster_project.warehouse import connect

SCHEDULE = SourceTable(
    "schedule",
    ("id", "name", "time_zone", "start_time", "end_time", "created_at", "_fivetran_deleted"),
    required=("id", "time_zone", "start_time", "end_time"),
)
SCHEDULE_HOLIDAY = SourceTable(
    "schedule_holiday",
    ("schedule_id", "name", "start_date", "end_date", "_fivetran_deleted"),
    required=("schedule_id", "start_date", "end_date"),
)
TICKET_SCHEDULE = SourceTable("ticket_schedule", ("ticket_id", "schedule_id", "created_at"))
TICKET = SourceTable("ticket", ("id", "group_id"))
GROUP = SourceTable("group", ("id",))

SEED_COLUMNS = {
    "business_schedules": ("schedule_id", "timezone", "weekday", "start_local", "end_local", "valid_from", "valid_to"),
    "holidays": ("schedule_id", "start_local", "end_local", "name"),
    "team_schedules": ("team_id", "schedule_id"),
}
_DAY = 24 * 60
_WEEK = 7 * _DAY


@dataclass(frozen=True)
class BusinessHoursSeeds:
    """Rows of the three seeds, each a tuple in the seed's column order (SEED_COLUMNS)."""

    business_schedules: list[tuple[str, ...]]
    holidays: list[tuple[str, ...]]
    team_schedules: list[tuple[str, ...]]


def business_hours_seeds(delivery: Path, *, encoding: str = "utf-8") -> BusinessHoursSeeds:
    """The business-hours seed rows for the Zendesk schedules of a Fivetran delivery folder. Raises
    IngestError for an unreadable file, a missing column or a time zone Zendesk does not have."""
    delivery = Path(delivery)
    con = connect(":memory:")
    try:
        files = SourceFiles(con, delivery.parent, sorted(delivery.iterdir()), encoding)
        for table in (SCHEDULE, SCHEDULE_HOLIDAY, TICKET_SCHEDULE, TICKET, GROUP):
            files.read(table)
        schedules = con.execute(
            f"""
            SELECT trim(id), trim(time_zone), CAST(start_time AS INTEGER), CAST(end_time AS INTEGER),
                   min(created_at) OVER (PARTITION BY trim(id)) AS created_at
            FROM {SCHEDULE.relation}
            WHERE coalesce(lower(trim(_fivetran_deleted)), 'false') != 'true'
            ORDER BY trim(id), CAST(start_time AS INTEGER)
            """
        ).fetchall()
        holidays = con.execute(
            f"""
            SELECT trim(schedule_id), CAST(start_date AS DATE), CAST(end_date AS DATE), name
            FROM {SCHEDULE_HOLIDAY.relation}
            WHERE coalesce(lower(trim(_fivetran_deleted)), 'false') != 'true'
            ORDER BY 1, 2
            """
        ).fetchall()
        first_schedules = con.execute(
            f"""
            SELECT trim(g.id) AS group_id, trim(s.schedule_id) AS schedule_id
            FROM {GROUP.relation} AS g
            LEFT JOIN {TICKET.relation} AS t ON trim(t.group_id) = trim(g.id)
            LEFT JOIN (
                SELECT trim(ticket_id) AS ticket_id, arg_min(schedule_id, created_at) AS schedule_id
                FROM {TICKET_SCHEDULE.relation} GROUP BY 1
            ) AS s ON s.ticket_id = trim(t.id)
            """
        ).fetchall()
    finally:
        con.close()
    return BusinessHoursSeeds(
        business_schedules=[row for s in schedules for row in _interval_rows(s[0], _iana_zone(s[0], s[1]), s[2], s[3])],
        holidays=[
            (schedule_id, f"{start} 00:00", f"{end + timedelta(days=1)} 00:00", name or "")
            for schedule_id, start, end, name in holidays
        ],
        team_schedules=_team_schedules(first_schedules, _default_schedule(schedules)),
    )


def write_seed_files(seeds: BusinessHoursSeeds, folder: Path) -> list[Path]:
    """Write the three seed CSVs (with headers) into `folder`, e.g. dbt/seeds, and return their paths."""
    paths = []
    for name, columns in SEED_COLUMNS.items():
        path = Path(folder) / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(getattr(seeds, name))
        paths.append(path)
    return paths


def _iana_zone(schedule_id: str, zone: str) -> str:
    if zone in ZENDESK_TIME_ZONES:
        return ZENDESK_TIME_ZONES[zone]
    if "/" in zone:  # already an IANA name
        return zone
    raise IngestError(f"schedule {schedule_id}: unknown Zendesk time zone {zone!r}")


def _interval_rows(schedule_id: str, zone: str, start: int, end: int) -> list[tuple[str, ...]]:
    """One row per local day the interval [start, end) (minutes from Sunday 00:00) touches."""
    if not 0 <= start < end <= _WEEK:
        raise IngestError(f"schedule {schedule_id}: interval {start}..{end} is not inside one week")
    rows = []
    while start < end:
        day_end = (start // _DAY + 1) * _DAY
        stop = min(end, day_end)
        day = start // _DAY  # 0 = Sunday
        rows.append((schedule_id, zone, str(day or 7), _clock(start - day * _DAY), _clock(stop - day * _DAY), "", ""))
        start = stop
    return rows


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _default_schedule(schedules: list[tuple]) -> str | None:
    # Zendesk's default schedule is the account's first one.
    return min(((s[4], s[0]) for s in schedules), default=(None, None))[1]


def _team_schedules(first_schedules: list[tuple[str, str | None]], default: str | None) -> list[tuple[str, ...]]:
    counts: dict[str, Counter[str]] = {}
    for group_id, schedule_id in first_schedules:
        counts.setdefault(group_id, Counter())
        if schedule_id:
            counts[group_id][schedule_id] += 1
    rows = []
    for group_id in sorted(counts):
        # most tickets first, then the smaller id, so the choice does not depend on row order
        ranked = sorted(counts[group_id].items(), key=lambda item: (-item[1], item[0]))
        schedule_id = ranked[0][0] if ranked else default
        if schedule_id:
            rows.append((group_id, schedule_id))
    return rows

