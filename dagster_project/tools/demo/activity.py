"""What happens on tickets, as the simulation records it: messages and field-change events in bulk.

Authors and actors are agent indexes, or REQUESTER (the ticket's customer) or NOBODY (bots, automations).
Event values are status indexes (export_format.STATUSES), agent indexes or team indexes by field; -1 is none.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dagster_project.ingest.export_format import AUTHOR_TYPES, STATUSES

REQUESTER = -2
NOBODY = -1
CUSTOMER, AGENT, BOT, SYSTEM = (AUTHOR_TYPES.index(a) for a in ("customer", "agent", "bot", "system"))
NEW, OPEN, PENDING, ON_HOLD, SOLVED, CLOSED = (STATUSES.index(s) for s in STATUSES)
FIELDS = ("status", "assignee_id", "team_id")
STATUS, ASSIGNEE, TEAM = range(len(FIELDS))

# Spreads tickets apart in a single sort key: larger than any instant (seconds since 1970).
_TICKET_STRIDE = np.int64(1) << 34
# A column of a chunk: one value per row, or one value for all of them.
Values = np.ndarray | int | bool
_MESSAGE_DTYPES = (np.int32, np.int64, np.int8, np.int32, np.bool_, np.int16)
_EVENT_DTYPES = (np.int32, np.int64, np.int8, np.int32, np.int32, np.int16)


@dataclass(frozen=True)
class Messages:
    ticket: np.ndarray
    at: np.ndarray
    author_type: np.ndarray
    author: np.ndarray
    is_public: np.ndarray


@dataclass(frozen=True)
class Events:
    ticket: np.ndarray
    at: np.ndarray
    field: np.ndarray
    old_value: np.ndarray
    new_value: np.ndarray
    actor: np.ndarray
    # Per ticket and field, the value at the end (-1 if the field was never set).
    latest: np.ndarray


class ActivityLog:
    """Collects messages and events chunk by chunk; `order` ranks things a ticket does in the same second."""

    def __init__(self) -> None:
        self._messages: list[tuple[np.ndarray, ...]] = []
        self._events: list[tuple[np.ndarray, ...]] = []

    def message(
        self, ticket: Values, at: Values, author_type: Values, author: Values, is_public: Values, order: Values
    ) -> None:
        self._messages.append(_columns(_MESSAGE_DTYPES, ticket, at, author_type, author, is_public, order))

    def event(
        self, ticket: Values, at: Values, field: Values, value: Values, actor: Values, order: Values
    ) -> None:
        self._events.append(_columns(_EVENT_DTYPES, ticket, at, field, value, actor, order))

    def messages(self, end: int) -> Messages:
        """Messages before `end`, in the order of their instants (the order message ids follow)."""
        ticket, at, author_type, author, is_public, order = _before(_concatenate(self._messages), end)
        sequence = _ordering(at - at.min(initial=end), ticket, order)
        return Messages(ticket[sequence], at[sequence], author_type[sequence], author[sequence], is_public[sequence])

    def events(self, end: int, tickets: int) -> Events:
        """Events before `end` in the order of their instants, with each field's previous value filled in.
        A ticket's status changes get distinct seconds so their order never depends on tie-breaking."""
        columns = _before(_concatenate(self._events), end)
        ticket, at, field, value, actor, order = columns
        # One series per ticket and field, in time order: what old values and latest values are read from.
        by_series = _ordering(ticket, field, at - at.min(initial=end), order)
        ticket, at, field, value, actor, order = (c[by_series] for c in columns)
        status = field == STATUS
        at[status] = _strictly_increasing(ticket[status], at[status])
        ticket, at, field, value, actor, order = _before((ticket, at, field, value, actor, order), end)

        continues = (ticket[1:] == ticket[:-1]) & (field[1:] == field[:-1])
        old_value = np.full(at.size, -1, dtype=value.dtype)
        old_value[1:][continues] = value[:-1][continues]
        last = np.flatnonzero(~np.r_[continues, False])
        latest = np.full((tickets, len(FIELDS)), -1, dtype=np.int64)
        latest[ticket[last], field[last]] = value[last]

        sequence = _ordering(at - at.min(initial=end), ticket, order)
        return Events(
            ticket[sequence],
            at[sequence],
            field[sequence],
            old_value[sequence],
            value[sequence],
            actor[sequence],
            latest,
        )


def _ordering(*keys: np.ndarray) -> np.ndarray:
    """Indexes that sort rows by several non-negative integer keys, the first most significant. The keys are
    packed into one 64-bit number, which sorts several times faster than a lexicographic sort."""
    packed = np.zeros(keys[0].size, dtype=np.int64)
    used = 0
    for key in keys:
        bits = int(key.max(initial=0)).bit_length()
        used += bits
        packed = (packed << bits) | key.astype(np.int64)
    if used > 63:
        raise ValueError("too many tickets over too long a window to order activity in one 64-bit key")
    return np.argsort(packed)


def _strictly_increasing(ticket: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Instants (ordered by ticket, then time) moved forward just enough that each ticket's are strictly
    increasing."""
    t = ticket.astype(np.int64)
    group_start = np.flatnonzero(np.r_[True, t[1:] != t[:-1]])
    rank = np.arange(t.size, dtype=np.int64) - np.repeat(group_start, np.diff(np.r_[group_start, t.size]))
    # at_i' = max over j <= i of (at_j - j) + i within a ticket, as one running maximum over all tickets.
    key = at - rank + t * _TICKET_STRIDE
    return np.maximum.accumulate(key) - t * _TICKET_STRIDE + rank


def _columns(dtypes: tuple[type, ...], *values: Values) -> tuple[np.ndarray, ...]:
    return tuple(np.asarray(a, dtype=d) for a, d in zip(np.broadcast_arrays(*values), dtypes, strict=True))


def _concatenate(chunks: list[tuple[np.ndarray, ...]]) -> tuple[np.ndarray, ...]:
    return tuple(np.concatenate([chunk[i] for chunk in chunks]) for i in range(len(chunks[0])))


def _before(columns: tuple[np.ndarray, ...], end: int) -> tuple[np.ndarray, ...]:
    keep = columns[1] < end
    return tuple(c[keep] for c in columns)
