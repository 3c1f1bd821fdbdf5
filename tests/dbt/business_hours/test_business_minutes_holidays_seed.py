"""The holidays seed command: whole-day public holidays replace the schedule's rows for those years."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dagster_project.tools.holidays import app

HEADER = "schedule_id,start_local,end_local,name\n"


def run(seed: Path, *args: str):
    return CliRunner().invoke(app, [*args, "--seed-file", str(seed)])


def test_writes_a_countrys_public_holidays_as_whole_days(tmp_path: Path) -> None:
    seed = tmp_path / "holidays.csv"
    result = run(seed, "--country", "DE", "--years", "2026", "--schedule-id", "emea")
    assert result.exit_code == 0, result.output
    assert result.output == f"{seed}: 9 whole-day holidays for schedule emea (DE 2026)\n"
    assert seed.read_text().splitlines()[:3] == [
        "schedule_id,start_local,end_local,name",
        "emea,2026-01-01 00:00,2026-01-02 00:00,New Year's Day",
        "emea,2026-04-03 00:00,2026-04-04 00:00,Good Friday",
    ]


def test_subdivision_adds_regional_holidays(tmp_path: Path) -> None:
    seed = tmp_path / "holidays.csv"
    run(seed, "--country", "DE", "--years", "2026", "--schedule-id", "emea", "--subdiv", "BY")
    assert "emea,2026-01-06 00:00,2026-01-07 00:00,Epiphany" in seed.read_text().splitlines()


def test_replaces_whole_days_of_those_years_and_keeps_everything_else(tmp_path: Path) -> None:
    seed = tmp_path / "holidays.csv"
    seed.write_text(
        HEADER
        + "emea,2026-06-15 00:00,2026-06-16 00:00,Company day\n"  # whole day in 2026: replaced
        + "emea,2026-12-24 12:00,2026-12-25 00:00,Christmas Eve (afternoon)\n"  # partial day: kept
        + "emea,2027-06-14 00:00,2027-06-15 00:00,Company day\n"  # another year: kept
        + "apac,2026-06-15 00:00,2026-06-16 00:00,Company day\n"  # another schedule: kept
    )
    result = run(seed, "--country", "DE", "--years", "2026", "--schedule-id", "emea")
    assert result.output.splitlines()[1] == "removed 2026-06-15 'Company day': not in the DE calendar"
    rows = seed.read_text().splitlines()
    assert len(rows) == 1 + 9 + 3
    assert "emea,2026-06-15 00:00,2026-06-16 00:00,Company day" not in rows
    assert rows[1] == "apac,2026-06-15 00:00,2026-06-16 00:00,Company day"
    assert "emea,2026-12-24 12:00,2026-12-25 00:00,Christmas Eve (afternoon)" in rows
    assert rows[-1] == "emea,2027-06-14 00:00,2027-06-15 00:00,Company day"
    # Running it again changes nothing.
    before = seed.read_text()
    run(seed, "--country", "DE", "--years", "2026", "--schedule-id", "emea")
    assert seed.read_text() == before


def test_bad_years_and_unknown_countries_are_errors(tmp_path: Path) -> None:
    seed = tmp_path / "holidays.csv"
    result = run(seed, "--country", "DE", "--years", "2027-2025", "--schedule-id", "emea")
    assert (result.exit_code, result.output) == (2, "error: years must be ascending, got '2027-2025'\n")
    result = run(seed, "--country", "XX", "--years", "2026", "--schedule-id", "emea")
    assert (result.exit_code, result.output) == (2, "error: Country XX not available\n")
    assert not seed.exists()
