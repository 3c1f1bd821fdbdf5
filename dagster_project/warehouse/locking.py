"""One refresh (or rollback) at a time per warehouse: a lock file next to it, held for the whole run.

The lock is an flock on the file, so the kernel releases it when its process dies however it dies; the file's
content (pid, start, what holds it) is only there to say who holds it. A lock file that still has content
when the lock is taken was left by a process that ended without releasing it (a killed run): it is taken
over, and the caller is told whose it was so it can log it.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class LockHolder:
    pid: int | None
    started_at: str | None
    activity: str  # "refresh" or "rollback"
    detail: str  # e.g. "run 1a2b3c4d"

    def describe(self) -> str:
        return f"pid {self.pid if self.pid is not None else 'unknown'}, started {self.started_at or 'unknown'}"


class RefreshAlreadyRunning(RuntimeError):
    def __init__(self, lock_path: Path, holder: LockHolder) -> None:
        self.lock_path = lock_path
        self.holder = holder
        super().__init__(
            f"{holder.activity} already running ({holder.describe()}"
            + (f", {holder.detail}" if holder.detail else "")
            + f"): {lock_path} is held; try again when it has finished"
        )


@dataclass(frozen=True)
class HeldLock:
    path: Path
    # Who held the lock file before us without releasing it (a killed run), if anyone.
    taken_over_from: LockHolder | None


@contextmanager
def refresh_lock(lock_path: Path, *, activity: str, detail: str = "") -> Iterator[HeldLock]:
    """Hold the lock for the duration of the block; raise RefreshAlreadyRunning at once if another process
    (or another run in this process) holds it."""
    fd, previous = _acquire(lock_path, activity, detail)
    try:
        yield HeldLock(lock_path, previous)
    finally:
        # Unlinked while still locked, so nobody can take the lock on a file that is about to vanish.
        lock_path.unlink(missing_ok=True)
        os.close(fd)


def current_holder(lock_path: Path) -> LockHolder | None:
    """Who holds the lock right now, if anyone, without waiting and without writing. It takes a shared lock
    for an instant: a refresh starting in that very instant is told one is already running, which for two
    refreshes started at once is the right answer anyway."""
    try:
        fd = os.open(lock_path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(fd, default_activity="refresh")
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _acquire(lock_path: Path, activity: str, detail: str) -> tuple[int, LockHolder | None]:
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd, default_activity=activity)
            os.close(fd)
            raise RefreshAlreadyRunning(lock_path, holder) from None
        # A releasing process unlinks the file just before unlocking it: if we locked a file that is no
        # longer at the path, someone else may lock the new one, so start over.
        if _same_file(fd, lock_path):
            break
        os.close(fd)
    previous = _read_holder(fd, default_activity=activity) if os.fstat(fd).st_size else None
    content = {
        "pid": os.getpid(),
        "started_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "activity": activity,
        "detail": detail,
    }
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(content).encode(), 0)
    os.fsync(fd)
    return fd, previous


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _read_holder(fd: int, *, default_activity: str) -> LockHolder:
    raw = os.pread(fd, 4096, 0)
    try:
        content = json.loads(raw)
    except ValueError:
        content = None
    if not isinstance(content, dict):
        # Empty (the holder has not written yet) or cut short by a kill while writing.
        content = {}
    return LockHolder(
        pid=content.get("pid"),
        started_at=content.get("started_at"),
        activity=content.get("activity", default_activity),
        detail=content.get("detail", ""),
    )
