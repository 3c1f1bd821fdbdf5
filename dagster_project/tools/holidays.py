"""Write a country's public holidays into the dbt holidays seed for one business-hours schedule.

    python -m dagster_project.tools.holidays --country DE --years 2025-2027 --schedule-id emea [--subdiv BY]

The command owns the schedule's whole-day rows (00:00 to 00:00 the next day) in those years: they are
replaced by the calendar of the `holidays` package. Partial-day rows (24 Dec from 12:00) and rows of other
schedules or years are kept, so hand-written entries survive a re-run.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import holidays
import typer

from dagster_project import settings

SEED_FILE = settings.DBT_PROJECT_DIR / "seeds" / "holidays.csv"
COLUMNS = ("schedule_id", "start_local", "end_local", "name")
LOCAL_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True, order=True)
class HolidayRow:
    schedule_id: str
    start_local: dt.datetime
    end_local: dt.datetime
    name: str

    @property
    def is_whole_day(self) -> bool:
        return self.start_local.time() == dt.time(0) and self.end_local == self.start_local + dt.timedelta(days=1)


def parse_years(text: str) -> range:
    """'2026' or '2025-2027' (inclusive)."""
    first, _, last = text.partition("-")
    try:
        start, end = int(first), int(last or first)
    except ValueError:
        raise ValueError(f"years must look like 2026 or 2025-2027, got {text!r}") from None
    if end < start:
        raise ValueError(f"years must be ascending, got {text!r}")
    return range(start, end + 1)


def country_rows(schedule_id: str, country: str, years: range, subdiv: str | None) -> list[HolidayRow]:
    calendar = holidays.country_holidays(country, subdiv=subdiv, years=years)
    rows = []
    for day in sorted(calendar):
        start = dt.datetime.combine(day, dt.time(0))
        # One row per day: two holidays on the same date would otherwise be one period with two rows.
        name = "; ".join(calendar.get_list(day))
        rows.append(HolidayRow(schedule_id, start, start + dt.timedelta(days=1), name))
    return rows


def read_rows(path: Path) -> list[HolidayRow]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            HolidayRow(
                record["schedule_id"],
                dt.datetime.fromisoformat(record["start_local"]),
                dt.datetime.fromisoformat(record["end_local"]),
                record["name"],
            )
            for record in csv.DictReader(handle)
        ]


def write_rows(path: Path, rows: list[HolidayRow]) -> None:
    # Written aside and moved into place, so an interrupted run never leaves half a seed.
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in sorted(rows):
            start, end = row.start_local.strftime(LOCAL_FORMAT), row.end_local.strftime(LOCAL_FORMAT)
            writer.writerow((row.schedule_id, start, end, row.name))
    partial.replace(path)


def replace_schedule_holidays(
    path: Path, schedule_id: str, country: str, years: range, subdiv: str | None = None
) -> tuple[list[HolidayRow], list[HolidayRow]]:
    """Rewrite the seed; returns (rows written for the schedule, whole-day rows removed that the calendar
    does not have any more)."""
    generated = country_rows(schedule_id, country, years, subdiv)
    owned: list[HolidayRow] = []
    kept: list[HolidayRow] = []
    for row in read_rows(path):
        is_owned = row.schedule_id == schedule_id and row.is_whole_day and row.start_local.year in years
        (owned if is_owned else kept).append(row)
    write_rows(path, kept + generated)
    generated_days = {row.start_local for row in generated}
    return generated, [row for row in owned if row.start_local not in generated_days]


app = typer.Typer(add_completion=False)


@app.command()
def main(
    country: Annotated[str, typer.Option(help="ISO 3166 country code, e.g. DE, US, SG.")],
    years: Annotated[str, typer.Option(help="A year or an inclusive range: 2026 or 2025-2027.")],
    schedule_id: Annotated[str, typer.Option(help="The business_schedules schedule_id the holidays apply to.")],
    subdiv: Annotated[str | None, typer.Option(help="Subdivision (state/province), e.g. BY for Bavaria.")] = None,
    seed_file: Annotated[Path, typer.Option(help="The holidays seed to rewrite.")] = SEED_FILE,
) -> None:
    """Replace SCHEDULE_ID's whole-day holidays in YEARS with COUNTRY's public holidays (partial days are kept)."""
    try:
        year_range = parse_years(years)
        written, dropped = replace_schedule_holidays(seed_file, schedule_id, country, year_range, subdiv)
    except (ValueError, NotImplementedError) as error:
        # holidays raises NotImplementedError for an unknown country or subdivision.
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(f"{seed_file}: {len(written)} whole-day holidays for schedule {schedule_id} ({country} {years})")
    for row in dropped:
        typer.echo(f"removed {row.start_local:%Y-%m-%d} {row.name!r}: not in the {country} calendar")


if __name__ == "__main__":
    app()
