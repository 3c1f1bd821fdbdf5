"""The refresh lock: one holder at a time, who holds it is said, a lock left by a killed process is taken over."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dagster_project.settings import PROJECT_ROOT
from dagster_project.warehouse.locking import (
    LockHolder,
    RefreshAlreadyRunning,
    current_holder,
    refresh_lock,
)

HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from dagster_project.warehouse.locking import refresh_lock
with refresh_lock(Path(sys.argv[1]), activity="refresh", detail="run held-elsewhere"):
    print("held", flush=True)
    time.sleep(600)
"""


def test_while_held_the_lock_refuses_everyone_else_and_says_who_holds_it(tmp_path: Path) -> None:
    lock = tmp_path / "warehouse.refresh.lock"
    with refresh_lock(lock, activity="refresh", detail="run first") as held:
        assert held.taken_over_from is None
        started = json.loads(lock.read_text())["started_at"]
        # Another run in the same process is refused just the same.
        with pytest.raises(RefreshAlreadyRunning) as refused, refresh_lock(lock, activity="refresh"):
            pass
        assert str(refused.value) == (
            f"refresh already running (pid {os.getpid()}, started {started}, run first): "
            f"{lock} is held; try again when it has finished"
        )
        assert current_holder(lock) == LockHolder(os.getpid(), started, "refresh", "run first")
    assert not lock.exists()
    assert current_holder(lock) is None


def test_a_lock_left_by_a_killed_process_is_taken_over_and_who_left_it_is_told(tmp_path: Path) -> None:
    lock = tmp_path / "warehouse.refresh.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(lock)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline() == "held\n"
        started = json.loads(lock.read_text())["started_at"]
        with pytest.raises(RefreshAlreadyRunning, match=rf"^refresh already running \(pid {holder.pid}, "):
            with refresh_lock(lock, activity="rollback"):
                pass
    finally:
        holder.kill()
        holder.wait()

    assert current_holder(lock) is None
    with refresh_lock(lock, activity="refresh", detail="run next") as held:
        assert held.taken_over_from == LockHolder(holder.pid, started, "refresh", "run held-elsewhere")
        assert json.loads(lock.read_text())["pid"] == os.getpid()
