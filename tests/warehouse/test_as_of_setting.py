"""HELPDESK_AS_OF: a fixed "now" for every mart, ours and the Zendesk ones, instead of the deliveries' own."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from dagster_project import settings
from dagster_project.ingest.refresh_state import built_fingerprint
from dagster_project.warehouse import connect
from dagster_project.warehouse.refresh import run_errors, run_full_refresh, was_published


def test_the_setting_is_an_instant_with_its_offset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HELPDESK_AS_OF", raising=False)
    assert settings.as_of() is None
    monkeypatch.setenv("HELPDESK_AS_OF", " 2024-06-16T02:30:00+02:00 ")
    assert settings.as_of() == "2024-06-16T00:30:00+00:00"
    monkeypatch.setenv("HELPDESK_AS_OF", "2024-06-16T00:00:00Z")
    assert settings.as_of() == "2024-06-16T00:00:00+00:00"
    monkeypatch.setenv("HELPDESK_AS_OF", "2024-06-16 00:00")
    with pytest.raises(ValueError, match=r"HELPDESK_AS_OF must name its UTC offset .*got '2024-06-16 00:00'"):
        settings.as_of()
    monkeypatch.setenv("HELPDESK_AS_OF", "yesterday")
    with pytest.raises(ValueError, match="HELPDESK_AS_OF must be an ISO 8601 instant such as 2024-06-16T00:00:00Z"):
        settings.as_of()


def test_a_fixed_as_of_moves_every_age_and_rebuilds_the_warehouse(
    hand_built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    with hand_built.connect() as con:
        (data_as_of,) = con.execute("select max(as_of_at) from marts.fct_tickets").fetchone()
        before = dict(con.execute("select ticket_id, age_minutes from marts.fct_tickets").fetchall())
        still_open = {t for (t,) in con.execute("select ticket_id from marts.fct_tickets where resolved_at is null").fetchall()}
    assert still_open, "the hand-built tickets include tickets still open"
    fixed = data_as_of + timedelta(days=1)

    # The published warehouse of the same deliveries, refreshed again with a fixed "now".
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(hand_built.path, warehouse)
    monkeypatch.setenv("HELPDESK_AS_OF", fixed.isoformat())
    result = run_full_refresh(hand_built.raw_dir, warehouse, console_log_level="CRITICAL")
    assert was_published(result), run_errors(result)

    with connect(warehouse, read_only=True) as con:
        as_of = {row[0] for row in con.execute("select as_of_at from marts.fct_tickets").fetchall()}
        (zendesk_as_of,) = con.execute("select as_of_at from intermediate.int_zendesk__as_of").fetchone()
        after = dict(con.execute("select ticket_id, age_minutes from marts.fct_tickets").fetchall())
    assert as_of == {fixed} and zendesk_as_of == fixed
    # An open ticket ages by exactly the day; a resolved one's age ends at its resolution, as before.
    assert {t: after[t] - before[t] for t in before} == {t: 1440.0 if t in still_open else 0.0 for t in before}
    # Marts of another "now" are not one incremental line with the published ones: the run rebuilt them all.
    assert built_fingerprint(warehouse) != built_fingerprint(hand_built.path)
