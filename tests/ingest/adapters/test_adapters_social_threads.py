"""Social support threads (the "Customer Support on Twitter" layout) through the whole Dagster job, on the
synthetic sample in tests/fixtures/social_threads: threads as tickets rooted at the first customer tweet,
the brand as team, first response per brand, and the tweet with an impossible date quarantined."""

from __future__ import annotations

import json

import pytest

from dagster_project.ingest.adapters.adapted_delivery import read_accounts
from dagster_project.warehouse.refresh import failed_checks

SAMPLE = "social_threads/2017-10-12-twitter"
DELIVERY = "2017-10-12-twitter"


@pytest.fixture(scope="module")
def social(adapted_warehouse):  # noqa: ANN001, ANN201
    return adapted_warehouse


@pytest.fixture
def social_con(social):  # noqa: ANN001, ANN201
    con = social.connect()
    yield con
    con.close()


def test_the_job_succeeds_and_every_check_passes(social) -> None:  # noqa: ANN001
    assert social.result.success
    assert failed_checks(social.result) == []


def test_threads_are_tickets_rooted_at_the_first_customer_tweet(social_con) -> None:  # noqa: ANN001
    # 1010 is a brand broadcast: 1011, the customer's reply to it, starts a thread of its own
    assert social_con.execute(
        """SELECT f.ticket_id, f.channel, f.team_id, t.requester_id
        FROM marts.fct_tickets AS f JOIN staging.stg_helpdesk__tickets AS t USING (ticket_id) ORDER BY 1"""
    ).fetchall() == [
        ("1001", "social", "AcmeHelp", "500001"),
        ("1005", "social", "AcmeHelp", "500002"),
        ("1007", "social", "ZetaCare", "500003"),
        # nobody answered: the brand is the first one the tweet mentions
        ("1009", "social", "ZetaCare", "500004"),
        ("1011", "social", "ZetaCare", "500005"),
    ]


def test_first_response_per_brand(social_con) -> None:  # noqa: ANN001
    assert social_con.execute(
        """SELECT team_id, count(*), count(first_response_minutes),
                  quantile_cont(first_response_minutes, 0.5), sum(first_response_minutes)
        FROM marts.fct_tickets GROUP BY team_id ORDER BY team_id"""
    ).fetchall() == [("AcmeHelp", 2, 2, 35.0, 70), ("ZetaCare", 3, 2, 10.0, 20)]


def test_customer_tweets_and_brand_replies_are_messages(social_con) -> None:  # noqa: ANN001
    assert social_con.execute(
        "SELECT message_id, author_type, author_id FROM staging.stg_helpdesk__messages WHERE ticket_id = '1001' "
        "ORDER BY created_at"
    ).fetchall() == [
        ("1001", "customer", "500001"),
        ("1002", "agent", "AcmeHelp"),
        ("1003", "customer", "500001"),
        ("1004", "agent", "AcmeHelp"),
    ]


def test_the_tweet_with_an_impossible_date_is_quarantined_with_its_row(social_con) -> None:  # noqa: ANN001
    rows = social_con.execute("SELECT table_name, column_name, reason, raw_row FROM raw.quarantine").fetchall()
    assert [r[:3] for r in rows] == [
        ("messages", "created_at", "created_at: 'Mon Oct 32 25:00:00 +0000 2017' is not a timestamp")
    ]
    assert (json.loads(rows[0][3])["source_file"], json.loads(rows[0][3])["source_row"]) == (f"{DELIVERY}/twcs.csv", 13)


def test_every_tweet_is_accounted_for(social, social_con) -> None:  # noqa: ANN001
    accounts = {a.table: a for a in read_accounts(social.raw_dir / DELIVERY)}
    assert {t: (a.rows_read, a.rows_mapped, a.rows_skipped, a.rows_written) for t, a in accounts.items()} == {
        "tickets": (13, 5, 8, 5),
        # the broadcast 1010 is in no thread
        "messages": (13, 12, 1, 12),
        "teams": (13, 2, 11, 2),
    }
    assert social_con.execute(
        """SELECT table_name, rows_read, rows_loaded, rows_quarantined FROM raw.load_log
        WHERE table_name IN ('tickets', 'messages', 'teams') ORDER BY table_name"""
    ).fetchall() == [("messages", 12, 11, 1), ("teams", 2, 2, 0), ("tickets", 5, 5, 0)]


def test_the_parity_marts_of_other_vendors_are_left_out(social, social_con) -> None:  # noqa: ANN001
    # Neither Zendesk's nor Intercom's: their parity models are not part of the run, and not in the warehouse,
    # while the reconciliation every account shares is (empty: no delivery brought vendor metrics).
    relations = {name for (name,) in social_con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert relations.isdisjoint({"intercom__conversation_metrics", "zendesk__ticket_metrics", "int_zendesk__updates"})
    assert social_con.execute("SELECT count(*) FROM marts.fct_vendor_metric_reconciliation").fetchall() == [(0,)]
    built = {event.asset_key.path[-1] for event in social.result.get_asset_materialization_events()}
    assert "zendesk__ticket_metrics" not in built and "fct_tickets" in built
