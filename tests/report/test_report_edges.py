"""A report builds whatever the warehouse holds: nothing, a single day, a channel without tickets."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import BuiltWarehouse
from tests.report.conftest import build


def test_empty_warehouse_says_so(hand_built: BuiltWarehouse, tmp_path: Path) -> None:
    from dagster_project.warehouse import connect

    empty = tmp_path / "warehouse.duckdb"
    shutil.copyfile(hand_built.path, empty)
    con = connect(empty)
    con.execute("delete from marts.fct_tickets")
    con.close()
    for lang, text in (("en", "No data yet"), ("zh", "暂无数据")):
        report = build(empty, tmp_path / f"empty-{lang}.html", lang)
        assert report.data["empty"] is True
        assert text in report.html


def test_single_day(hand_built: BuiltWarehouse, tmp_path: Path) -> None:
    report = build(hand_built.path, tmp_path / "day.html", "en", date_from=date(2026, 3, 4), date_to=date(2026, 3, 4))
    data = report.data
    assert (data["period"]["start"], data["period"]["end"]) == ("2026-03-04", "2026-03-05")
    assert data["period"]["kind"] == "custom"
    assert sum(row["tickets_created"] for row in data["channels"].values()) == data["scorecard"]["current"]["tickets_created"]


def test_channel_without_tickets_in_the_period(hand_built: BuiltWarehouse, hand_built_con, tmp_path: Path) -> None:
    day = date(2026, 3, 27)
    channels_that_day = {
        row[0]
        for row in hand_built_con.execute(
            "select distinct channel from marts.fct_tickets where cast(created_at as date) = ?", [day]
        ).fetchall()
    }
    everywhere = {row[0] for row in hand_built_con.execute("select distinct channel from marts.fct_tickets").fetchall()}
    silent = sorted(everywhere - channels_that_day)
    assert silent, "the hand-built tickets of that day come from fewer channels than the whole set"
    report = build(hand_built.path, tmp_path / "silent.html", "en", date_from=day, date_to=day)
    assert "No tickets in the period: " in report.html
    for channel in silent:
        assert f'<tr data-key="{channel}">' not in report.html.split('id="table-channels"')[1].split("</table>")[0]


def test_period_without_tickets_shows_no_data(hand_built: BuiltWarehouse, tmp_path: Path) -> None:
    report = build(hand_built.path, tmp_path / "quiet.html", "zh", date_from=date(2026, 3, 16), date_to=date(2026, 3, 22))
    assert report.data["scorecard"]["current"].get("tickets_created", 0) == 0
    assert "无数据" in report.html


def test_missing_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    from dagster_project.report import ReportError, build_report

    with pytest.raises(ReportError, match="no warehouse at .*make run"):
        build_report(tmp_path / "nowhere.duckdb", tmp_path / "r.html")
