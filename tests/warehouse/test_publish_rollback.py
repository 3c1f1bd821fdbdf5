"""Publishing swaps whole files and keeps the replaced ones; `helpdesk-metrics rollback` puts one back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dagster_project.settings import PROJECT_ROOT
from dagster_project.warehouse import connect, scalar
from dagster_project.warehouse.locking import refresh_lock
from dagster_project.warehouse.publish import (
    PublishError,
    history,
    lock_path,
    publish_working_copy,
    read_publication,
    record_publication,
    start_working_copy,
    working_copy_path,
)


def _build_working_copy(published: Path, tickets: int, run_id: str) -> None:
    """A working copy holding `tickets` tickets, as if run `run_id` had just built and checked it."""
    con = connect(working_copy_path(published))
    con.execute("create schema marts")
    con.execute("create table marts.fct_tickets as select 'T' || range as ticket_id from range($n)", {"n": tickets})
    record_publication(con, run_id)
    con.close()


def _publish(published: Path, tickets: int, *, keep: int = 5) -> None:
    _build_working_copy(published, tickets, f"run-{tickets}")
    publish_working_copy(published, keep=keep)


def _tickets(path: Path) -> int:
    con = connect(path, read_only=True)
    try:
        return scalar(con, "select count(*) from marts.fct_tickets")
    finally:
        con.close()


def test_publishing_swaps_the_whole_file_under_a_reader_that_keeps_its_snapshot(tmp_path: Path) -> None:
    published = tmp_path / "warehouse.duckdb"
    _publish(published, 1)
    reader = connect(published, read_only=True)

    _build_working_copy(published, 2, "run-2")
    publication = publish_working_copy(published, keep=5)

    # The reader opened before the swap keeps reading the warehouse it opened, whole.
    assert scalar(reader, "select count(*) from marts.fct_tickets") == 1
    reader.close()
    assert _tickets(published) == 2
    assert read_publication(published).run_id == "run-2"
    [previous] = history(published)
    assert publication.archived == previous.path
    assert previous.path.parent == tmp_path / "published"
    assert read_publication(previous.path).run_id == "run-1"
    assert not working_copy_path(published).exists()


def test_the_history_keeps_the_last_n_published_warehouses(tmp_path: Path) -> None:
    published = tmp_path / "warehouse.duckdb"
    for tickets in (1, 2, 3, 4):
        _publish(published, tickets, keep=2)
    assert _tickets(published) == 4
    assert [_tickets(entry.path) for entry in history(published)] == [3, 2]
    assert sorted(p.name for p in (tmp_path / "published").iterdir()) == sorted(e.path.name for e in history(published))


def test_a_working_copy_still_open_for_writing_is_not_published(tmp_path: Path) -> None:
    published = tmp_path / "warehouse.duckdb"
    _publish(published, 1)
    _build_working_copy(published, 2, "run-2")
    writer = connect(working_copy_path(published))
    writer.execute("insert into marts.fct_tickets values ('T9')")
    try:
        with pytest.raises(PublishError) as refused:
            publish_working_copy(published, keep=5)
    finally:
        writer.close()
    assert str(refused.value) == (
        f"{working_copy_path(published)} still has a write-ahead log after its checkpoint: another process has it open"
    )
    assert _tickets(published) == 1
    assert history(published) == []


def test_an_incremental_run_starts_from_a_copy_the_published_warehouse_does_not_share(tmp_path: Path) -> None:
    published = tmp_path / "warehouse.duckdb"
    _publish(published, 3)
    start = start_working_copy(published, from_published=True)
    assert start.copied_from_published and start.path == working_copy_path(published)
    assert start.path.read_bytes() == published.read_bytes()
    # Writing the copy (where the filesystem shares blocks, copy on write) leaves the published file as it was.
    con = connect(start.path)
    con.execute("delete from marts.fct_tickets")
    con.close()
    assert _tickets(start.path) == 0
    assert _tickets(published) == 3
    assert not start_working_copy(published, from_published=False).copied_from_published
    assert not working_copy_path(published).exists()


def _rollback(cli: list[str], env: dict[str, str], published: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*cli, "rollback", "--warehouse", str(published), *options],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
    )


def test_rollback_restores_a_previous_warehouse_and_can_itself_be_rolled_back(
    tmp_path: Path, cli: list[str], cli_env: dict[str, str]
) -> None:
    published = tmp_path / "warehouse.duckdb"
    for tickets in (1, 2, 3):
        _publish(published, tickets)
    listing = _rollback(cli, cli_env, published, "--list")
    assert listing.returncode == 0
    rows = [line.split("│")[1:6] for line in listing.stdout.splitlines() if "run-" in line]
    numbers_runs_tickets = [(row[0].strip(), row[2].strip(), row[3].strip()) for row in rows]
    assert numbers_runs_tickets == [("1", "run-2", "2"), ("2", "run-1", "1")]
    restoring = history(published)[0]
    info = read_publication(restoring.path)

    done = _rollback(cli, cli_env, published)

    assert done.returncode == 0, done.stderr
    archived = history(published)[0].path
    assert done.stdout == (
        f"restored previous warehouse 1 ({restoring.path.name}) as {published}: published "
        f"{info.published_at:%Y-%m-%d %H:%M:%S} UTC by run run-2, 2 tables, 2 tickets\n"
        f"the warehouse it replaced is kept as {archived} (roll back again to undo)\n"
    )
    assert _tickets(published) == 2
    assert [read_publication(e.path).run_id for e in history(published)] == ["run-3", "run-1"]

    assert _rollback(cli, cli_env, published, "--to", "2").returncode == 0
    assert _tickets(published) == 1
    assert [read_publication(e.path).run_id for e in history(published)] == ["run-2", "run-3"]


def test_rollback_refuses_a_missing_number_and_a_running_refresh(
    tmp_path: Path, cli: list[str], cli_env: dict[str, str]
) -> None:
    published = tmp_path / "warehouse.duckdb"
    for tickets in (1, 2):
        _publish(published, tickets)

    missing = _rollback(cli, cli_env, published, "--to", "5")
    assert missing.returncode == 1
    assert missing.stdout == (
        f"rollback failed: no previous warehouse number 5: {tmp_path / 'published'} holds 1 "
        "(1 = the one replaced most recently)\n"
    )
    with refresh_lock(lock_path(published), activity="refresh", detail="run busy"):
        busy = _rollback(cli, cli_env, published)
    assert busy.returncode == 1
    assert busy.stdout.startswith("rollback failed: refresh already running (pid ")
    assert _tickets(published) == 2
