"""The report shows the marts' numbers: the rows it embeds and the tables it shows equal marts.agg_channel_weekly
and the facts of the hand-built tickets, in English and in Chinese."""

from __future__ import annotations

import pytest

from tests.report.conftest import WEEK, Report

LANGS = ("en", "zh")


def _mart_week(con) -> dict[str, dict]:
    cursor = con.execute("select * exclude (week_start) from marts.agg_channel_weekly where week_start = ?", [WEEK[0]])
    columns = [d[0] for d in cursor.description]
    return {row[columns.index("channel")]: dict(zip(columns, row)) for row in cursor.fetchall()}


@pytest.mark.parametrize("lang", LANGS)
def test_channel_rows_are_the_weekly_mart(hand_built_con, hand_built_reports: dict[str, Report], lang: str) -> None:
    mart = _mart_week(hand_built_con)
    embedded = hand_built_reports[lang].data["channels"]
    assert set(embedded) == set(mart)
    for channel, row in mart.items():
        for column, value in row.items():
            if column != "channel":
                assert embedded[channel][column] == value, (channel, column)


@pytest.mark.parametrize("lang", LANGS)
def test_channel_table_shows_the_mart(hand_built_con, hand_built_reports: dict[str, Report], lang: str) -> None:
    from dagster_project.report.i18n import Messages
    from dagster_project.report.scorecard import BY_CHANNEL

    m = Messages(lang)
    report = hand_built_reports[lang]
    for channel, row in _mart_week(hand_built_con).items():
        cells = report.row_cells("table-channels", channel)
        assert len(cells) == len(BY_CHANNEL)
        for measure, (value, text) in zip(BY_CHANNEL, cells):
            expected = row.get(measure.column, report.data["channels"][channel][measure.column])
            assert text == measure.format(m, expected), (channel, measure.column)
            assert (value == "" and expected is None) or float(value) == pytest.approx(float(expected), rel=1e-12)


def test_scorecard_is_the_week_of_the_facts(hand_built_con, hand_built_reports: dict[str, Report]) -> None:
    tickets, p50, p90, resolution_rate, csat = hand_built_con.execute(
        """
        select count(*), quantile_cont(first_response_minutes, 0.5), quantile_cont(first_response_minutes, 0.9),
               avg(case when is_resolved then 1.0 else 0.0 end), avg(csat_score)
        from marts.fct_tickets
        where cast(timezone('UTC', created_at) as date) between ? and ?
        """,
        list(WEEK),
    ).fetchone()
    mart = _mart_week(hand_built_con)
    for lang in LANGS:
        current = hand_built_reports[lang].data["scorecard"]["current"]
        assert current["tickets_created"] == tickets == sum(row["tickets_created"] for row in mart.values())
        assert current["first_response_p50_minutes"] == p50
        assert current["first_response_p90_minutes"] == p90
        assert current["resolution_rate"] == resolution_rate
        assert current["csat_mean"] == csat


def test_period_sql_reproduces_the_weekly_mart(hand_built_con) -> None:
    """The period statistics the report computes from the facts (totals, teams, agents, any --from/--to range)
    use the marts' definitions: by channel over a week they are agg_channel_weekly's numbers exactly."""
    from datetime import timedelta

    from dagster_project.report.queries import CHANNEL, period_metrics

    computed = period_metrics(hand_built_con, CHANNEL, WEEK[0], WEEK[1] + timedelta(days=1), "UTC")
    for channel, row in _mart_week(hand_built_con).items():
        for column, value in computed[channel].items():
            if column in row:
                assert value == row[column], (channel, column)


def test_zh_report_uses_the_chinese_catalogue(hand_built_reports: dict[str, Report]) -> None:
    html = hand_built_reports["zh"].html
    assert '<html lang="zh-CN">' in html
    for label in ("首次响应时间", "平均响应时间", "解决时间", "解决率", "客户满意度", "渠道", "工单"):
        assert label in html
    assert "First response" not in html


def test_catalogues_have_the_same_messages() -> None:
    import json

    from dagster_project.report.i18n import MESSAGES_DIR

    en, zh = (json.loads((MESSAGES_DIR / f"{lang}.json").read_text(encoding="utf-8")) for lang in ("en", "zh"))
    assert set(en) == set(zh)
