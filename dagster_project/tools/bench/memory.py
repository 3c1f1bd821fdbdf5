"""Resident memory of a whole process tree, sampled from /proc in a background thread.

The tree's summed RSS is the figure that matters: a workload may start processes of its own (dbt ran in a
subprocess until it moved into the Dagster process), and the operating system's ru_maxrss of children is the
peak of the largest single child, not of the tree at any moment.
Shared library pages are counted once per process, so the sum overstates by a few tens of MB at most.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024


@dataclass(frozen=True)
class Sample:
    at: float  # time.time()
    rss_bytes: int
    # Size of the watched file (the warehouse) at that moment, 0 while it does not exist.
    file_bytes: int


def _parent_pids() -> dict[int, int]:
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def tree_pids(root: int) -> list[int]:
    """`root` and all its descendants alive now."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parent_pids().items():
        children.setdefault(parent, []).append(pid)
    tree, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        tree.append(pid)
        frontier.extend(children.get(pid, []))
    return tree


def tree_rss_bytes(root: int) -> int:
    total = 0
    for pid in tree_pids(root):
        try:
            # statm: size resident shared text lib data dt, in pages
            total += int((PROC / str(pid) / "statm").read_text().split()[1]) * PAGE_SIZE
        except OSError:
            continue
    return total


@dataclass
class TreeSampler:
    """Samples the RSS of `root`'s process tree (and the size of `watched_file`) every `interval` seconds
    from `start()` to `stop()`."""

    root: int
    watched_file: Path | None = None
    interval: float = 0.05
    samples: list[Sample] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append(Sample(time.time(), tree_rss_bytes(self.root), self._file_bytes()))
            self._stop.wait(self.interval)

    def _file_bytes(self) -> int:
        try:
            return self.watched_file.stat().st_size if self.watched_file else 0
        except FileNotFoundError:
            return 0

    def peak_mb(self, windows: list[tuple[float, float]]) -> float:
        """The highest tree RSS sampled inside any of the (start, end) windows. A window shorter than the
        interval may hold no sample; it gets the first sample after it began."""
        peak = 0
        for start, end in windows:
            inside = [s.rss_bytes for s in self.samples if start <= s.at <= end]
            if not inside:
                inside = [s.rss_bytes for s in self.samples if s.at >= start][:1]
            peak = max(peak, *inside, 0)
        return peak / MB

    def file_mb_after(self, moment: float) -> float | None:
        """The watched file's size at the first sample at or after `moment` (None if none was taken)."""
        after = [s.file_bytes for s in self.samples if s.at >= moment]
        return after[0] / MB if after else None
