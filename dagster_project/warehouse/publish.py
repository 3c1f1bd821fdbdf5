"""Publishing a validated working copy as the warehouse by an atomic rename, and rolling back to an earlier one.

Files next to the published warehouse `data/warehouse.duckdb` (see docs/operations.md):

- `data/warehouse.building.duckdb` the working copy a run builds and validates;
- `data/warehouse.refresh.lock`    held while a refresh or a rollback runs (dagster_project/locking.py);
- `data/published/`                the warehouses published before the current one, newest first, for rollback.

Everything stays on one filesystem, so `os.replace` swaps the published file atomically: a reader that opened
the old file keeps reading it unchanged, the next reader opens the new one, nobody sees half of a refresh.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from dagster_project import warehouse
from dagster_project.warehouse.locking import refresh_lock

DEFAULT_KEEP_PUBLISHED = 5
HISTORY_FOLDER = "published"
_HISTORY_STAMP = "%Y%m%dT%H%M%S.%fZ"
DISK_FULL = os.strerror(errno.ENOSPC)


def keep_published() -> int:
    """How many previously published warehouses stay in the history (`HELPDESK_KEEP_PUBLISHED`, default 5)."""
    value = os.environ.get("HELPDESK_KEEP_PUBLISHED")
    return int(value) if value else DEFAULT_KEEP_PUBLISHED


def working_copy_path(published: Path) -> Path:
    return published.with_name(f"{published.stem}.building{published.suffix}")


def wal_path(database: Path) -> Path:
    return database.with_name(database.name + ".wal")


def lock_path(published: Path) -> Path:
    return published.with_name(f"{published.stem}.refresh.lock")


def history_dir(published: Path) -> Path:
    return published.parent / HISTORY_FOLDER


class WarehouseFolderError(RuntimeError):
    """The warehouse folder cannot take a refresh: not writable, or its disk is full."""


class PublishError(RuntimeError):
    """The working copy is not fit to publish; the published warehouse was left as it was."""


class RollbackError(RuntimeError):
    """No such previous warehouse to restore; the published warehouse was left as it was."""


def disk_full_message(folder: Path) -> str:
    return (
        f"no space left on the disk of the warehouse folder {folder}: a refresh needs room for a working copy "
        f"about the size of the published warehouse next to it, and {HISTORY_FOLDER}/ keeps the last "
        "HELPDESK_KEEP_PUBLISHED warehouses: free some space, or keep fewer"
    )


@contextmanager
def explained_os_errors(folder: Path) -> Iterator[None]:
    """Turn the two ways a warehouse folder fails every refresh into an error that says what to do."""
    try:
        yield
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise WarehouseFolderError(
                f"the warehouse folder {folder} is not writable ({error.strerror}: {error.filename}): a refresh "
                "writes its lock, its working copy and the history of published warehouses there"
            ) from error
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise WarehouseFolderError(disk_full_message(folder)) from error
        raise


@dataclass(frozen=True)
class WorkingCopyStart:
    path: Path
    discarded_leftover: bool  # a killed or failed run's working copy was deleted first
    copied_from_published: bool


def start_working_copy(published: Path, *, from_published: bool) -> WorkingCopyStart:
    """Begin a run's working copy: discard whatever an earlier run left there, then start either empty (a
    full rebuild, so no table of a model since removed lingers) or as a copy of the published warehouse
    (a run that rebuilds only some assets keeps the others as published)."""
    working = working_copy_path(published)
    with explained_os_errors(published.parent):
        leftover = [path for path in (working, wal_path(working)) if path.exists()]
        for path in leftover:
            path.unlink()
        copy = from_published and published.exists()
        if copy:
            _copy_file(published, working)
    return WorkingCopyStart(working, discarded_leftover=bool(leftover), copied_from_published=copy)


def _copy_file(source: Path, target: Path) -> None:
    """Copy `source` to `target` on the same filesystem with copy_file_range(2): where the filesystem can share
    blocks (XFS, Btrfs: copy on write) the kernel clones the file without copying its data, which an
    incremental refresh's working copy of a gigabyte warehouse otherwise spends seconds of disk on; elsewhere
    (ext4) it copies inside the kernel, as shutil's sendfile does. shutil where the call is not supported."""
    try:
        with source.open("rb") as reader, target.open("wb") as writer:
            remaining = os.fstat(reader.fileno()).st_size
            while remaining > 0:
                copied = os.copy_file_range(reader.fileno(), writer.fileno(), remaining)
                if copied == 0:  # short of the size fstat gave: leave the whole copy to shutil
                    raise OSError(errno.EOPNOTSUPP, "copy_file_range copied nothing", str(source))
                remaining -= copied
    except OSError as error:
        if error.errno not in (errno.ENOSYS, errno.EXDEV, errno.EOPNOTSUPP, errno.EINVAL):
            raise
        shutil.copyfile(source, target)


def missing_relations(con: duckdb.DuckDBPyConnection, relations: list[tuple[str, str]]) -> list[str]:
    """`schema.name` of each relation that the warehouse does not hold."""
    existing = set(con.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall())
    return [f"{schema}.{name}" for schema, name in relations if (schema, name) not in existing]


def record_publication(con: duckdb.DuckDBPyConnection, run_id: str) -> datetime:
    """Write `meta.publication`: which run built this warehouse and when it was published, so a reader (and
    a rollback) can tell which build they have."""
    published_at = datetime.now(UTC)
    con.execute("CREATE SCHEMA IF NOT EXISTS meta")
    con.execute(
        "CREATE OR REPLACE TABLE meta.publication AS "
        "SELECT CAST($run_id AS VARCHAR) AS run_id, CAST($published_at AS TIMESTAMPTZ) AS published_at",
        {"run_id": run_id, "published_at": published_at},
    )
    return published_at


@dataclass(frozen=True)
class Publication:
    published: Path
    archived: Path | None  # where the warehouse it replaced went, in the history
    removed: list[Path]  # history entries beyond the number kept


def publish_working_copy(published: Path, *, keep: int) -> Publication:
    """Move the checkpointed, closed working copy into place; the warehouse it replaces goes to the history."""
    working = working_copy_path(published)
    if not working.exists():
        raise PublishError(f"no working copy to publish: {working} does not exist")
    if wal_path(working).exists():
        raise PublishError(f"{working} still has a write-ahead log after its checkpoint: another process has it open")
    with explained_os_errors(published.parent):
        archived = _archive(published) if published.exists() else None
        os.replace(working, published)
        _fsync_dir(published.parent)
        removed = _prune(published, keep)
    return Publication(published, archived, removed)


@dataclass(frozen=True)
class HistoryEntry:
    number: int  # 1 = the warehouse replaced most recently
    path: Path
    replaced_at: datetime


def history(published: Path) -> list[HistoryEntry]:
    """The previously published warehouses, most recently replaced first."""
    folder = history_dir(published)
    prefix, suffix = f"{published.stem}.", published.suffix
    stamped = []
    for path in folder.glob(f"{prefix}*{suffix}") if folder.is_dir() else []:
        try:
            replaced_at = datetime.strptime(path.name[len(prefix) : -len(suffix)], _HISTORY_STAMP)
        except ValueError:
            continue  # not one of ours
        stamped.append((replaced_at.replace(tzinfo=UTC), path))
    stamped.sort(reverse=True)
    return [HistoryEntry(number, path, at) for number, (at, path) in enumerate(stamped, start=1)]


@dataclass(frozen=True)
class PublicationInfo:
    run_id: str | None  # None for a warehouse published before meta.publication existed
    published_at: datetime | None
    relations: int
    tickets: int | None


def read_publication(path: Path) -> PublicationInfo:
    """What a warehouse file holds, read without changing it."""
    con = warehouse.connect(path, read_only=True)
    try:
        relations = {
            (schema, name)
            for schema, name in con.execute("SELECT table_schema, table_name FROM information_schema.tables").fetchall()
        }
        run_id = published_at = tickets = None
        if ("meta", "publication") in relations:
            run_id, published_at = con.execute("SELECT run_id, published_at FROM meta.publication").fetchall()[0]
        if ("marts", "fct_tickets") in relations:
            tickets = warehouse.scalar(con, "SELECT count(*) FROM marts.fct_tickets")
    finally:
        con.close()
    return PublicationInfo(run_id, published_at, len(relations), tickets)


@dataclass(frozen=True)
class Rollback:
    restored: HistoryEntry
    info: PublicationInfo
    archived: Path | None  # where the warehouse it replaced went, in the history


def rollback(published: Path, *, to: int, keep: int) -> Rollback:
    """Put history entry `to` (1 = the warehouse replaced most recently) back in place, atomically. The
    warehouse it replaces goes to the history, so a rollback can itself be rolled back."""
    with explained_os_errors(published.parent), refresh_lock(lock_path(published), activity="rollback"):
        entries = history(published)
        if not entries:
            raise RollbackError(f"no previous warehouse to restore: {history_dir(published)} holds none")
        if not 1 <= to <= len(entries):
            raise RollbackError(
                f"no previous warehouse number {to}: {history_dir(published)} holds {len(entries)} "
                f"(1 = the one replaced most recently)"
            )
        entry = entries[to - 1]
        try:
            info = read_publication(entry.path)
        except duckdb.Error as error:
            raise RollbackError(f"{entry.path} is not a readable warehouse, not restoring it: {error}") from error
        archived = _archive(published) if published.exists() else None
        os.replace(entry.path, published)
        _fsync_dir(published.parent)
        _prune(published, keep)
    return Rollback(entry, info, archived)


def _archive(published: Path) -> Path:
    """Give the published warehouse a name in the history before it is replaced. A hard link costs neither
    time nor space and keeps the very file readers may have open; a copy where links are not possible."""
    folder = history_dir(published)
    folder.mkdir(exist_ok=True)
    target = folder / f"{published.stem}.{datetime.now(UTC).strftime(_HISTORY_STAMP)}{published.suffix}"
    try:
        os.link(published, target)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EXDEV, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        shutil.copy2(published, target)
    return target


def _prune(published: Path, keep: int) -> list[Path]:
    removed = [entry.path for entry in history(published)[max(keep, 0) :]]
    for path in removed:
        path.unlink()
    return removed


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder is synced.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
