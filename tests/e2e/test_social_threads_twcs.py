"""First response per brand on real public tweets of the "Customer Support on Twitter" corpus, read in place
from ../shared/fixtures/twcs/ (its README says where they come from; they are others' data and stay out of
this repository), through the whole Dagster job. Skipped where that folder is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagster_project.warehouse import connect
from dagster_project.warehouse.refresh import failed_checks, run_full_refresh

TWCS = Path(__file__).parents[2] / ".." / "shared" / "fixtures" / "twcs"
THREADS = TWCS / "twcs_threads.csv"

pytestmark = pytest.mark.skipif(
    not THREADS.is_file(), reason=f"the real tweets are not here: {THREADS.resolve()} is absent"
)


@pytest.fixture(scope="module")
def twcs(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    # The delivery links to the file where it is; nothing of it is copied.
    raw_dir = tmp_path_factory.mktemp("twcs") / "raw"
    delivery = raw_dir / "2017-12-twcs"
    delivery.mkdir(parents=True)
    (delivery / "manifest.json").write_text(json.dumps({"source": "social_threads"}), encoding="utf-8")
    (delivery / "twcs.csv").symlink_to(THREADS.resolve())
    path = raw_dir.parent / "warehouse.duckdb"
    result = run_full_refresh(raw_dir, path)
    con = connect(path, read_only=True)
    yield result, con
    con.close()


def test_the_job_succeeds_on_real_tweets(twcs) -> None:  # noqa: ANN001
    result, _ = twcs
    assert result.success
    assert failed_checks(result) == []


def test_every_real_tweet_is_loaded(twcs) -> None:  # noqa: ANN001
    _, con = twcs
    assert con.execute(
        "SELECT table_name, rows_read, rows_loaded, rows_quarantined FROM raw.load_log ORDER BY table_name"
    ).fetchall() == [("messages", 993, 993, 0), ("teams", 43, 43, 0), ("tickets", 258, 258, 0)]


def test_first_response_per_brand_on_real_conversations(twcs) -> None:  # noqa: ANN001
    # Our first response is the thread's first brand tweet. The README counts only a brand tweet that replies
    # to the starter itself (219 of 247 starters answered); in a thread a brand often answers a later tweet
    # first (another customer's, or the customer's own follow-up), so all 247 threads a tweet that replies
    # to nothing starts are answered, and AmazonHelp's median is 1,231 s over 23 threads, not 780 s over 18.
    _, con = twcs
    starters = con.execute(
        """SELECT f.team_id, count(*), quantile_cont(epoch(f.first_response_at - f.requested_at), 0.5)
        FROM marts.fct_tickets AS f
        JOIN read_csv($path, all_varchar = true) AS tweet ON tweet.tweet_id = f.ticket_id
        WHERE f.first_response_at IS NOT NULL AND tweet.in_response_to_tweet_id IS NULL
        GROUP BY 1 ORDER BY 1""",
        {"path": str(THREADS.resolve())},
    ).fetchall()
    assert (len(starters), sum(n for _, n, _ in starters)) == (43, 247)
    assert {b: (n, p50) for b, n, p50 in starters if b in ("AmazonHelp", "AdobeCare", "AppleSupport")} == {
        "AdobeCare": (9, 176990.0),
        "AmazonHelp": (23, 1231.0),
        "AppleSupport": (15, 417.0),
    }


def test_every_thread_has_its_brand(twcs) -> None:  # noqa: ANN001
    _, con = twcs
    assert con.execute(
        """SELECT count(*), count(team_id), count(first_response_at), count(DISTINCT team_id)
        FROM marts.fct_tickets"""
    ).fetchall() == [(258, 258, 258, 43)]
