"""The service report of the hand-built tickets, in both languages, and one headless Chromium per session."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import BuiltWarehouse

# The week of the hand-built tickets (2026-03-02 is a Monday): read from marts.agg_channel_weekly.
WEEK = (date(2026, 3, 2), date(2026, 3, 8))
DATA = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)


@dataclass(frozen=True)
class Report:
    path: Path
    html: str

    @property
    def data(self) -> dict:
        """The numbers the page embeds."""
        return json.loads(DATA.search(self.html).group(1))

    def row_cells(self, table_id: str, key: str) -> list[tuple[str, str]]:
        """(data-value, shown text) of each cell of the row `key` of table `table_id`."""
        table = re.search(rf'<table id="{table_id}".*?</table>', self.html, re.S).group(0)
        row = re.search(rf'<tr data-key="{re.escape(key)}">(.*?)</tr>', table, re.S).group(1)
        return re.findall(r'<td data-value="([^"]*)">([^<]*)</td>', row)


def build(warehouse: Path, out: Path, lang: str, **options: object) -> Report:
    from dagster_project.report import build_report

    built = build_report(warehouse, out, lang=lang, **options)
    return Report(built.path, built.path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def hand_built_reports(hand_built: BuiltWarehouse, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    root = tmp_path_factory.mktemp("reports")
    return {
        lang: build(hand_built.path, root / f"report-{lang}.html", lang, date_from=WEEK[0], date_to=WEEK[1])
        for lang in ("en", "zh")
    }


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    from dagster_project.tools.browser import CHROMIUM_PACKAGE, browser, chromium_path

    if chromium_path() is None:
        pytest.skip(f"no Chromium: the browser tests need the Debian package `{CHROMIUM_PACKAGE}` (apt-get install -y chromium)")
    with browser() as launched:
        yield launched
