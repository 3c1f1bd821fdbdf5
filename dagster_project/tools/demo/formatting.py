"""Turning millions of numbers into export text fast: instants as ISO 8601 and numeric ids.

Each value's text is assembled from small lookup tables of fixed-width byte strings (dates, times of day,
groups of four digits) into one contiguous buffer that Arrow takes as a string array: no Python per value.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dagster_project.tools.demo.clock import DAY, LocalClock

_EPOCH_DAY = np.datetime64("1970-01-01", "D")
_OFFSET_STEP = 900  # UTC offsets come in quarter hours
_MAX_OFFSET = 14 * 3600


def numbers(values: np.ndarray, prefix: str = "") -> pa.Array:
    """Non-negative integers as decimal text after `prefix`, zero-padded to the widest value (choose
    values of equal width, e.g. from 100001 up, for ids that read naturally)."""
    width = len(str(int(values.max()))) if values.size else 1
    parts: list[np.ndarray | bytes] = [prefix.encode()] if prefix else []
    rest = values.astype(np.int64)
    groups = []
    while width > 0:
        digits = min(width, 4)
        rest, group = np.divmod(rest, 10**digits)
        groups.append(_digit_table(digits)[group])
        width -= digits
    return _strings(parts + groups[::-1])


def instants(at: np.ndarray, clock: LocalClock, zone: np.ndarray | None = None) -> pa.Array:
    """ISO 8601 text for instants (seconds since 1970): in UTC with a trailing Z, or where `zone` holds a
    team index (not -1), as that team's wall-clock time with its UTC offset, e.g. 2026-09-01T10:15:30+02:00."""
    offset = np.zeros(at.size, dtype=np.int64)
    zoned = np.zeros(at.size, dtype=bool) if zone is None else zone >= 0
    if zoned.any():
        offset[zoned] = clock.offset(zone[zoned], at[zoned])
    day, second = np.divmod(at + offset, DAY)
    first_day = int(day.min()) if day.size else 0
    dates = _date_table(first_day, int(day.max()) + 1 if day.size else 1)
    if not zoned.any():
        return _strings([dates[day - first_day], _clock_table()[second], b"Z"])
    # Every text padded to the longest, "...Z     " or "...+02:00", then the padding trimmed in one pass.
    suffix = _offset_table()[(offset + _MAX_OFFSET) // _OFFSET_STEP]
    return pc.ascii_rtrim(_strings([dates[day - first_day], _clock_table()[second], suffix]), characters=" ")


def _strings(parts: list[np.ndarray | bytes]) -> pa.Array:
    """A string array whose values are the concatenation of fixed-width parts (arrays of byte strings of one
    width each, or a constant)."""
    fields = [(f"f{i}", p.dtype if isinstance(p, np.ndarray) else f"V{len(p)}") for i, p in enumerate(parts)]
    rows = np.empty(max(p.size for p in parts if isinstance(p, np.ndarray)), dtype=np.dtype(fields))
    for (name, _), part in zip(fields, parts, strict=True):
        rows[name] = part if isinstance(part, np.ndarray) else np.void(part)
    count, width = rows.size, rows.dtype.itemsize
    # Arrow's plain strings address their bytes with 32-bit offsets; beyond that, large strings.
    small = count * width <= np.iinfo(np.int32).max
    offsets = np.arange(0, (count + 1) * width, width, dtype=np.int32 if small else np.int64)
    string_type = pa.string() if small else pa.large_string()
    return pa.Array.from_buffers(string_type, count, [None, pa.py_buffer(offsets), pa.py_buffer(rows)])


def _fixed(texts: list[str]) -> np.ndarray:
    """Equal-length ASCII texts as an array of fixed-width byte strings."""
    width = len(texts[0])
    return np.frombuffer("".join(texts).encode(), dtype=f"V{width}")


@cache
def _digit_table(digits: int) -> np.ndarray:
    return _fixed([f"{i:0{digits}d}" for i in range(10**digits)])


@cache
def _clock_table() -> np.ndarray:
    """"HH:MM:SS" for every second of a day."""
    return _fixed([f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)])


@cache
def _offset_table() -> np.ndarray:
    """The UTC offset suffix for every quarter hour from -14:00 to +14:00, space-padded to six bytes."""
    texts = []
    for offset in range(-_MAX_OFFSET, _MAX_OFFSET + 1, _OFFSET_STEP):
        hours, minutes = divmod(abs(offset) // 60, 60)
        texts.append("Z     " if offset == 0 else f"{'+' if offset > 0 else '-'}{hours:02d}:{minutes:02d}")
    return _fixed(texts)


def _date_table(first_day: int, end_day: int) -> np.ndarray:
    """"YYYY-MM-DDT" for days since 1970 in [first_day, end_day)."""
    days = _EPOCH_DAY + np.arange(first_day, end_day).astype("timedelta64[D]")
    return _fixed([f"{d}T" for d in np.datetime_as_string(days)])
