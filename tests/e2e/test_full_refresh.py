"""The whole Dagster job on a small generated delivery: conservation, gates, aggregates, idempotence."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from dagster_project.ingest.export_format import TABLES
from dagster_project.warehouse import connect
from dagster_project.warehouse.refresh import failed_checks, run_errors, run_full_refresh, was_published


@pytest.fixture
def demo_con(demo):  # noqa: ANN001, ANN201
    con = demo.connect()
    yield con
    con.close()


def test_the_job_succeeds_and_every_check_passes(demo) -> None:  # noqa: ANN001
    assert demo.result.success
    evaluations = demo.result.get_asset_check_evaluations()
    names = {(e.asset_key.to_user_string(), e.check_name) for e in evaluations}
    assert ("marts/fct_tickets", "gx_fct_tickets") in names
    assert ("marts/agg_channel_daily", "gx_agg_channel_daily") in names
    assert {("raw/" + t, "rows_conserved") for t in TABLES} <= names
    assert failed_checks(demo.result) == []


@pytest.mark.parametrize("table", sorted(TABLES))
def test_rows_in_equal_rows_loaded_plus_quarantined(demo, demo_con: duckdb.DuckDBPyConnection, table: str) -> None:  # noqa: ANN001
    source = next(demo.raw_dir.glob(f"*/{table}.csv"))
    rows_in = demo_con.execute("select count(*) from read_csv(?, all_varchar=true)", [str(source)]).fetchall()[0][0]
    loaded = demo_con.execute(f'select count(*) from raw."{table}"').fetchall()[0][0]
    quarantined = demo_con.execute(
        "select count(*) from raw.quarantine where table_name = ?", [table]
    ).fetchall()[0][0]
    assert rows_in > 0
    assert rows_in == loaded + quarantined


def test_the_deliberately_bad_rows_are_quarantined_with_a_reason(demo_con: duckdb.DuckDBPyConnection) -> None:
    rows = demo_con.execute(
        "select table_name, source_file, row_number, column_name, reason from raw.quarantine"
    ).fetchall()
    assert rows, "the demo delivery has deliberately bad rows"
    for table_name, source_file, row_number, column_name, reason in rows:
        assert table_name in TABLES
        assert source_file.endswith(f"{table_name}.csv")
        assert row_number >= 1
        assert column_name and reason


def test_materializations_carry_row_counts(demo) -> None:  # noqa: ANN001
    counts = {
        m.asset_key.to_user_string(): m.metadata["dagster/row_count"].value
        for m in demo.result.get_asset_materialization_events()
        for m in [m.event_specific_data.materialization]
        if "dagster/row_count" in m.metadata
    }
    con = demo.connect()
    try:
        assert counts["marts/fct_tickets"] == con.execute("select count(*) from marts.fct_tickets").fetchall()[0][0]
        assert counts["raw/tickets"] == con.execute("select count(*) from raw.tickets").fetchall()[0][0]
    finally:
        con.close()


def test_channel_daily_agrees_with_the_fact_table(demo_con: duckdb.DuckDBPyConnection) -> None:
    mismatches = demo_con.execute(
        """
        with facts as (
            select cast(created_at as date) as date_day, channel,
                   count(*) as tickets_created,
                   count(*) filter (where is_answered) as tickets_answered,
                   quantile_cont(first_response_minutes, 0.9) as p90
            from marts.fct_tickets group by all
        )
        select *
        from facts
        full join marts.agg_channel_daily as agg using (date_day, channel)
        where coalesce(facts.tickets_created, 0) != agg.tickets_created
           or coalesce(facts.tickets_answered, 0) != agg.tickets_answered
           or facts.p90 is distinct from agg.first_response_p90_minutes
        """
    ).fetchall()
    assert mismatches == []
    totals = demo_con.execute(
        """
        select
            (select sum(tickets_first_resolved) from marts.agg_channel_daily),
            (select count(*) from marts.fct_tickets where first_resolved_at is not null)
        """
    ).fetchall()[0]
    assert totals[0] == totals[1]


MARTS = ("fct_tickets", "agg_channel_daily")


def _fingerprint(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, str]:
    return tuple(
        con.execute(
            f"select count(*), md5(string_agg(cast(t as varchar), '|' order by cast(t as varchar))) from marts.{table} as t"
        ).fetchall()[0]
    )


def test_a_second_run_changes_nothing(demo, tmp_path: Path) -> None:  # noqa: ANN001
    # A copy of the published warehouse: the session's is shared by every test worker, which read it meanwhile.
    published = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo.path, published)
    con = connect(published, read_only=True)
    before = {table: _fingerprint(con, table) for table in MARTS}
    raw_before = con.execute("select count(*) from raw.messages").fetchall()[0][0]
    con.close()

    result = run_full_refresh(demo.raw_dir, published)
    assert result.success

    # An incremental refresh: the files are as the first run loaded them, so none is read again.
    files_read = {
        event.asset_key.path[1]: event.materialization.metadata["files_read"].value
        for event in result.get_asset_materialization_events()
        if event.asset_key.path[0] == "raw" and event.asset_key.path[1] in TABLES
    }
    assert sorted(files_read) == sorted(TABLES)
    assert all(files == [] for files in files_read.values())
    con = connect(published, read_only=True)
    try:
        assert {table: _fingerprint(con, table) for table in MARTS} == before
        assert con.execute("select count(*) from raw.messages").fetchall()[0][0] == raw_before
    finally:
        con.close()


def test_rows_lost_from_a_raw_table_fail_its_check_and_hold_back_everything_after(demo, tmp_path: Path) -> None:  # noqa: ANN001
    # The files are unchanged since the published warehouse loaded them, so the incremental run does not read
    # them again: the row deleted here stays missing, and the tickets file no longer adds up.
    published = tmp_path / "warehouse.duckdb"
    shutil.copyfile(demo.path, published)
    with connect(published) as con:
        [(source_file,)] = con.execute("select distinct _source_file from raw.tickets").fetchall()
        con.execute("delete from raw.tickets where rowid = (select min(rowid) from raw.tickets)")

    result = run_full_refresh(demo.raw_dir, published)

    assert not result.success and not was_published(result)
    assert failed_checks(result) == [f"raw/tickets rows_conserved: rows do not add up in: {source_file}"]
    assert run_errors(result) == []
    built = {event.asset_key.path[0] for event in result.get_asset_materialization_events()}
    assert "marts" not in built and "staging" not in built
