"""The report in a real browser: headless Chromium opens it from disk with every network request refused,
and every chart draws, nothing errors, the Chinese page reads Chinese. The same harness finds the report
asset in the Dagster UI of `dagster dev`."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.report.conftest import Report

CHART_COUNT_SELECTOR = ".chart .js-plotly-plot"


def _open(chromium: object, report: Report) -> tuple[object, list[str]]:
    from dagster_project.tools.browser import offline_page

    page = offline_page(chromium)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(report.path.as_uri())
    page.wait_for_load_state("load")
    return page, errors


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_renders_offline(chromium: object, hand_built_reports: dict[str, Report], lang: str, tmp_path: Path) -> None:
    report = hand_built_reports[lang]
    page, errors = _open(chromium, report)
    charts = page.locator(CHART_COUNT_SELECTOR)
    # Every section with data of the hand-built week draws its chart: trend, daily, 2 heatmaps, staffing,
    # CSAT, backlog, SLAs, bots.
    assert charts.count() == 9
    for index in range(charts.count()):
        chart = charts.nth(index)
        # Drawn: plotly's SVG holds the traces' shapes (bars, lines, markers) or the heatmap's image.
        drawn = chart.locator("svg.main-svg g.trace path, svg.main-svg g.hm image")
        assert drawn.count() > 0, chart.get_attribute("id")
    page.screenshot(path=str(tmp_path / f"report-{lang}.png"), full_page=True)
    assert errors == []
    assert page.blocked == []
    assert page.locator(".no-data").count() == 0


def test_zh_page_shows_chinese_labels(chromium: object, hand_built_reports: dict[str, Report]) -> None:
    page, _ = _open(chromium, hand_built_reports["zh"])
    headings = page.locator("h2").all_inner_texts()
    assert headings[:3] == ["指标概览", "按渠道", "客户何时来访"]
    assert "首次响应时间 p50" in page.locator("#scorecard").inner_text()
    # The charts' own labels (axis titles, legends, menus) come from the catalogue too.
    assert "全部渠道" in page.locator("#chart-arrivals").inner_text()


def test_teams_table_sorts_by_a_click(chromium: object, hand_built_reports: dict[str, Report]) -> None:
    page, _ = _open(chromium, hand_built_reports["en"])
    table = page.locator("#table-teams")
    head = table.locator("thead th").nth(1)  # tickets
    head.click()
    values = [int(v) for v in table.locator("tbody td:nth-child(2)").evaluate_all("cells => cells.map(c => c.dataset.value)")]
    assert values == sorted(values, reverse=True)


def test_empty_report_renders(chromium: object, hand_built, tmp_path: Path) -> None:
    import shutil

    from dagster_project.warehouse import connect
    from tests.report.conftest import build

    empty = tmp_path / "warehouse.duckdb"
    shutil.copyfile(hand_built.path, empty)
    con = connect(empty)
    con.execute("delete from marts.fct_tickets")
    con.close()
    page, errors = _open(chromium, build(empty, tmp_path / "empty.html", "en"))
    assert "No data yet" in page.locator("#empty").inner_text()
    assert errors == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dagster_ui(tmp_path: Path) -> Iterator[str]:
    """`dagster dev` on a free port of 127.0.0.1, stopped (with the processes it started) by its pid."""
    port = _free_port()
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    dagster = Path(sys.executable).parent / "dagster"
    process = subprocess.Popen(
        [str(dagster), "dev", "--host", "127.0.0.1", "--port", str(port)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DAGSTER_HOME": str(home)},
        stdout=(tmp_path / "dagster-dev.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"{url}/server_info", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"dagster dev did not serve {url}: see {tmp_path / 'dagster-dev.log'}")
                time.sleep(1)
        yield url
    finally:
        # dagster dev starts the webserver, the daemon and a code server in its session: stop them all.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_dagster_ui_shows_the_report_asset(chromium: object, dagster_ui: str, tmp_path: Path) -> None:
    from dagster_project.tools.browser import offline_page

    host = dagster_ui.removeprefix("http://")
    page = offline_page(chromium, allow_host=host)
    page.goto(f"{dagster_ui}/asset-groups", wait_until="domcontentloaded")
    # The asset graph by layer: its groups, the reports group among them.
    for group in ("raw", "staging", "intermediate", "marts", "publish", "reports"):
        page.get_by_text(group, exact=True).first.wait_for(timeout=90_000)
    page.screenshot(path=str(tmp_path / "dagster-asset-graph.png"))
    page.goto(f"{dagster_ui}/assets/reports/service_report", wait_until="domcontentloaded")
    page.get_by_text("warehouse / published").first.wait_for(timeout=60_000)
    # The asset's description renders after its lineage: wait for it rather than read the page at once.
    page.get_by_text(re.compile("offline HTML file")).first.wait_for(timeout=60_000)
    page.screenshot(path=str(tmp_path / "dagster-report-asset.png"))
