"""Refreshes that fail on purpose: killed, run twice at once, on a full or read-only disk.

Every test starts from a copy of the session's demo warehouse (tests/conftest.py), published and validated
once; a refresh of its raw folder rebuilds exactly those marts, so "the marts as before" and "the marts of an
uninterrupted run" are both its fingerprint.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dagster_project.settings import PROJECT_ROOT
from dagster_project.warehouse import connect

Fingerprint = dict[str, tuple[int, str]]


_FINGERPRINT_SQL = """
select count(*), md5(coalesce(string_agg(cast(t as varchar), '|' order by cast(t as varchar)), ''))
from marts."{table}" as t
"""


def marts_fingerprint(path: Path) -> Fingerprint:
    """Row count and a digest of the sorted rows of every table in `marts`."""
    con = connect(path, read_only=True)
    try:
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables"
                " where table_schema = 'marts' and table_type = 'BASE TABLE' order by table_name"
            ).fetchall()
        ]
        # Table names come from the warehouse's own catalog.
        return {table: tuple(con.execute(_FINGERPRINT_SQL.format(table=table)).fetchall()[0]) for table in tables}
    finally:
        con.close()


@dataclass(frozen=True)
class Baseline:
    raw_dir: Path
    published: Path
    fingerprint: Fingerprint


@dataclass(frozen=True)
class Site:
    """A warehouse folder of its own holding a copy of the baseline's published warehouse."""

    raw_dir: Path
    published: Path
    baseline: Fingerprint


@pytest.fixture(scope="session")
def baseline(demo) -> Baseline:  # noqa: ANN001
    assert demo.result.success
    fingerprint = marts_fingerprint(demo.path)
    assert fingerprint["fct_tickets"][0] > 0
    return Baseline(demo.raw_dir, demo.path, fingerprint)


@pytest.fixture
def site(baseline: Baseline, tmp_path: Path) -> Site:
    published = tmp_path / "warehouse" / "warehouse.duckdb"
    published.parent.mkdir()
    shutil.copyfile(baseline.published, published)
    return Site(baseline.raw_dir, published, baseline.fingerprint)


@pytest.fixture
def fingerprint() -> Callable[[Path], Fingerprint]:
    return marts_fingerprint


def refresh_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HELPDESK_", "DAGSTER_HOME"))}
    # Unbuffered, so the test sees each stage's log line as it is written; wide, so messages stay on one line.
    env.update(
        PYTHONUNBUFFERED="1", COLUMNS="500", GX_ANALYTICS_ENABLED="false", DBT_SEND_ANONYMOUS_USAGE_STATS="false"
    )
    return env


CLI = [sys.executable, "-m", "dagster_project.tools.cli"]


class RefreshProcess:
    """`helpdesk-metrics run` in a subprocess of its own process group (the group includes dbt), whose
    output the test reads line by line to tell which stage the run is in."""

    def __init__(self, site: Site) -> None:
        self.process = subprocess.Popen(
            # --verbose: the stage is read from Dagster's and dbt's full logs, streamed as the run goes.
            [*CLI, "run", "--verbose", "--raw-dir", str(site.raw_dir), "--warehouse", str(site.published)],
            cwd=PROJECT_ROOT,
            env=refresh_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.pid = self.process.pid
        self._lines: list[str] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            with self._changed:
                self._lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._lines.append("")  # end of output
            self._changed.notify_all()

    @property
    def output(self) -> str:
        with self._changed:
            return "".join(self._lines)

    def wait_for(self, pattern: str, timeout: float = 300) -> str:
        """The first output line matching `pattern`, as soon as it is written."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        seen = 0
        with self._changed:
            while True:
                for line in self._lines[seen:]:
                    if line == "":
                        raise AssertionError(f"the refresh ended before {pattern!r}:\n{self.output[-3000:]}")
                    if regex.search(line):
                        return line
                seen = len(self._lines)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no {pattern!r} within {timeout} s:\n{self.output[-3000:]}")
                self._changed.wait(remaining)

    def signal_group(self, signum: int) -> None:
        try:
            os.killpg(self.pid, signum)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        self.signal_group(signal.SIGKILL)
        self.process.wait(timeout=60)
        self._reader.join(timeout=60)

    def finish(self, timeout: float = 600) -> int:
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=60)
        return code


@pytest.fixture
def start_refresh() -> Iterator[Callable[[Site], RefreshProcess]]:
    started: list[RefreshProcess] = []

    def start(site: Site) -> RefreshProcess:
        started.append(RefreshProcess(site))
        return started[-1]

    yield start
    for refresh in started:
        refresh.signal_group(signal.SIGCONT)
        refresh.kill()


@pytest.fixture
def cli_env() -> dict[str, str]:
    return refresh_env()


@pytest.fixture
def cli() -> list[str]:
    """The command line of `helpdesk-metrics`, run by this Python from the project root."""
    return list(CLI)


@pytest.fixture
def mount_namespace() -> list[str]:
    """The command prefix that runs a command in user and mount namespaces of its own, where it may mount a
    small or read-only tmpfs; skips the test where the machine does not allow them."""
    prefix = ["unshare", "-Urm"]
    if shutil.which("unshare") is None or subprocess.run([*prefix, "true"], capture_output=True).returncode != 0:
        pytest.skip(
            "needs `unshare -Urm` (user and mount namespaces) to mount a small or read-only tmpfs; chmod is no "
            "substitute because the tests may run as root, whom a read-only mode does not stop"
        )
    return prefix
