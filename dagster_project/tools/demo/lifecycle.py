"""Plays every ticket's life forward: customer messages, bot and agent replies, notes, status and assignment
changes, solving and closing. Vectorised over tickets; the only loop is over reply cycles (a handful).

A reply cycle is one or more customer messages followed by an agent's public reply. Replies wait for the
team's opening hours. Anything that would happen at or after the export's end is cut off by the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from dagster_project.tools.demo import channels as ch
from dagster_project.tools.demo.activity import (
    AGENT,
    ASSIGNEE,
    BOT,
    CLOSED,
    CUSTOMER,
    NEW,
    NOBODY,
    ON_HOLD,
    OPEN,
    PENDING,
    REQUESTER,
    SOLVED,
    STATUS,
    SYSTEM,
    TEAM,
    ActivityLog,
)  # fmt: skip
from dagster_project.tools.demo.clock import DAY, HOUR, LocalClock
from dagster_project.tools.demo.organisation import TEAM_IDS, Organisation
from dagster_project.tools.demo.tickets import (
    CATEGORIES,
    PRIORITY_WAIT_FACTOR,
    TECHNICAL,
    Kind,
    Tickets,
)

MAX_CYCLES = 8
CLOSE_AFTER = 4 * DAY  # solved tickets are closed by an automation after this
_NEVER = np.iinfo(np.int64).max // 4


class _Step(IntEnum):
    """Ranks of what a ticket does in one reply cycle, to order things that happen in the same second."""

    CUSTOMER_WRITES = 0  # and 1, 2 for the customer's follow-ups
    CUSTOMER_ANSWERED = 3
    BOT = 4
    AUTORESPONSE = 5
    THANKS = 6
    ASSIGNED = 7
    OPENED = 8
    TEAM_CHANGED = 9
    REASSIGNED = 10
    ON_HOLD = 11
    NOTE = 12
    REPLY = 13
    REPLY_STATUS = 14


# Creation comes first, then each cycle in turn, then the automations that solve and close.
_CREATED, _ROUTED, _OUTBOUND_ASSIGNED = 0, 1, 2
_FIRST_CYCLE, _CYCLE_STRIDE = 3, 20
_AUTO_SOLVED = _FIRST_CYCLE + _CYCLE_STRIDE * MAX_CYCLES
_AUTO_CLOSED = _AUTO_SOLVED + 1

_REOPEN_SHARE = 0.1  # of tickets with several cycles: one cycle's reply solves it and the customer comes back
_HANDOFF_SHARE = 0.17  # tickets passed to another agent once
_TRANSFER_SHARE = 0.3  # of handoffs: to another regional team
_BOT_FIRST_SHARE = 0.6  # chats the bot greets before an agent joins
_ACKNOWLEDGED_SHARE = 0.55  # asynchronous tickets that get an automatic acknowledgement
# By category: an internal note before a reply; waiting on a third party (on hold) before a reply.
_NOTE_SHARE = np.array([{"technical": 0.22, "shipping": 0.14, "billing": 0.12}.get(c, 0.1) for c in CATEGORIES])
_HOLD_SHARE = np.array([{"technical": 0.08, "shipping": 0.06}.get(c, 0.02) for c in CATEGORIES])


@dataclass(frozen=True)
class Outcome:
    """What ratings need to know per ticket (instants are _NEVER when it did not happen)."""

    first_reply: np.ndarray  # first public agent reply, the creation for outbound tickets
    solved: np.ndarray  # when the ticket was finally solved
    reopened: np.ndarray  # bool: solved once and reopened by the customer before the final solve


def simulate(
    rng: np.random.Generator, clock: LocalClock, org: Organisation, tickets: Tickets, log: ActivityLog
) -> Outcome:
    outcome = Outcome(
        first_reply=np.full(tickets.count, _NEVER, dtype=np.int64),
        solved=np.full(tickets.count, _NEVER, dtype=np.int64),
        reopened=np.zeros(tickets.count, dtype=bool),
    )
    _open(tickets, log)
    _bot_solved(rng, tickets, log, outcome)
    _merged(rng, clock, org, tickets, log)
    _conversations(rng, clock, org, tickets, log, outcome)
    return outcome


def _open(t: Tickets, log: ActivityLog) -> None:
    """Creation: the status is new and routing puts the ticket in its region's team. Every ticket but an
    outbound one starts with the customer's message; an outbound one with an agent's."""
    everyone = np.arange(t.count)
    by_customer = t.kind != Kind.OUTBOUND
    log.event(everyone[by_customer], t.created[by_customer], STATUS, NEW, REQUESTER, _CREATED)
    log.event(everyone, t.created, TEAM, t.team, NOBODY, _ROUTED)
    request = _rank(0, _Step.CUSTOMER_WRITES)
    log.message(everyone[by_customer], t.created[by_customer], CUSTOMER, REQUESTER, True, request)


def _bot_solved(rng: np.random.Generator, t: Tickets, log: ActivityLog, outcome: Outcome) -> None:
    """Chats the bot answers; some customers say thanks; an automation solves them, then closes them."""
    ticket = np.flatnonzero(t.kind == Kind.BOT_SOLVED)
    bot_at = t.created[ticket] + rng.integers(2, 16, size=ticket.size)
    log.message(ticket, bot_at, BOT, NOBODY, True, _rank(0, _Step.BOT))
    thanks = rng.random(ticket.size) < 0.5
    thanks_at = bot_at + rng.integers(20, 121, size=ticket.size)
    log.message(ticket[thanks], thanks_at[thanks], CUSTOMER, REQUESTER, True, _rank(0, _Step.THANKS))
    solved_at = np.where(thanks, thanks_at, bot_at) + rng.integers(60, 301, size=ticket.size)
    log.event(ticket, solved_at, STATUS, SOLVED, NOBODY, _AUTO_SOLVED)
    _close(rng, ticket, solved_at, log, outcome)


def _merged(rng: np.random.Generator, clock: LocalClock, org: Organisation, t: Tickets, log: ActivityLog) -> None:
    """Duplicates: an agent spots them, leaves an internal note and merges them, which closes them."""
    ticket = np.flatnonzero(t.kind == Kind.DUPLICATE)
    team = t.team[ticket]
    seen = t.created[ticket] + _minutes(rng, np.full(ticket.size, 40.0), 1.0)
    merged_at = clock.next_working_moment(team, seen, _minutes(rng, np.full(ticket.size, 60.0), 1.0))
    agent = org.pick_agent(rng, clock, team, merged_at, live=np.zeros(ticket.size, dtype=bool))
    log.event(ticket, merged_at, ASSIGNEE, agent, agent, _rank(0, _Step.ASSIGNED))
    log.message(ticket, merged_at, AGENT, agent, False, _rank(0, _Step.NOTE))
    log.event(ticket, merged_at, STATUS, CLOSED, agent, _rank(0, _Step.REPLY_STATUS))


def _conversations(
    rng: np.random.Generator, clock: LocalClock, org: Organisation, t: Tickets, log: ActivityLog, outcome: Outcome
) -> None:
    """Inbound and outbound tickets, one reply cycle at a time."""
    ticket = np.flatnonzero((t.kind == Kind.INBOUND) | (t.kind == Kind.OUTBOUND))
    size = ticket.size
    channel, category = t.channel[ticket], t.category[ticket]
    outbound = t.kind[ticket] == Kind.OUTBOUND
    live = np.isin(channel, [ch.CHAT, ch.PHONE])
    extra = ch.channel_column("extra_cycles")[channel] + 0.3 * (category == TECHNICAL)
    cycles = 1 + np.minimum(rng.poisson(extra), MAX_CYCLES - 1)
    # An outbound ticket nobody answers is left pending, then solved by the automation.
    solved_with_reply = rng.random(size) < ch.channel_column("solved_with_reply")[channel]
    solved_with_reply &= ~(outbound & (cycles == 1))
    reopen_cycle = np.where(
        (cycles >= 2) & (rng.random(size) < _REOPEN_SHARE), rng.integers(0, np.maximum(cycles - 1, 1)), -1
    )
    # An outbound ticket's first cycle is its creation, so it can change hands from the second one on.
    first_handoff = outbound.astype(np.int64)
    handoff_cycle = np.where(
        (rng.random(size) < _HANDOFF_SHARE) & (cycles > first_handoff),
        rng.integers(first_handoff, np.maximum(cycles, first_handoff + 1)),
        -1,
    )
    transfer = (handoff_cycle >= 0) & (rng.random(size) < _TRANSFER_SHARE)
    transfer_team = (t.team[ticket] + rng.integers(1, len(TEAM_IDS), size=size)) % len(TEAM_IDS)

    team_now = t.team[ticket].copy()
    agent_now = np.full(size, -1, dtype=np.int64)
    last_reply = t.created[ticket].copy()
    reply_solved = np.zeros(size, dtype=bool)

    for cycle in range(int(cycles.max())):
        active = np.flatnonzero(cycles > cycle)
        tk, chn, n = ticket[active], channel[active], active.size
        writes_first = outbound[active] & (cycle == 0)

        # The customer writes: the request itself, or an answer to the last reply (which reopens the ticket).
        if cycle == 0:
            start = t.created[tk]
        else:
            answer = _minutes(rng, ch.channel_column("customer_return_minutes")[chn], 1.1)
            comes_back = rng.integers(2 * HOUR, 3 * DAY, size=n)
            start = last_reply[active] + np.where(reply_solved[active], comes_back, answer)
            log.message(tk, start, CUSTOMER, REQUESTER, True, _rank(cycle, _Step.CUSTOMER_WRITES))
            log.event(tk, start, STATUS, OPEN, REQUESTER, _rank(cycle, _Step.CUSTOMER_ANSWERED))
            outcome.reopened[tk] |= reply_solved[active]
        follow_ups = np.where(writes_first, 0, (rng.random(n) < 0.25).astype(np.int64) + (rng.random(n) < 0.08))
        last_customer = start.copy()
        for k in (1, 2):
            writes = follow_ups >= k
            last_customer[writes] += _minutes(rng, ch.channel_column("customer_gap_minutes")[chn[writes]], 1.0)
            rank = _rank(cycle, _Step.CUSTOMER_WRITES + k)
            log.message(tk[writes], last_customer[writes], CUSTOMER, REQUESTER, True, rank)

        if cycle == 0:
            _first_touches(rng, t, tk, writes_first, log)

        # The agent's reply, once the team is at work; a ticket on hold waits longer.
        handing = handoff_cycle[active] == cycle
        team = np.where(handing & transfer[active], transfer_team[active], team_now[active])
        hold = ~writes_first & (rng.random(n) < _HOLD_SHARE[category[active]])
        wait = _minutes(
            rng,
            ch.channel_column("wait_minutes")[chn]
            * PRIORITY_WAIT_FACTOR[t.priority[tk]]
            * (0.8 if cycle else 1.0)
            * np.where(hold, 3.0, 1.0),
            ch.channel_column("wait_spread")[chn],
        )
        backlog = np.round(rng.exponential(60 * ch.channel_column("overnight_backlog_minutes")[chn])).astype(np.int64)
        reply = clock.next_working_moment(team, last_customer + np.maximum(wait, 5), backlog)
        reply = np.where(writes_first, start, reply)

        # The agent starts working on it some time before replying (soon after the message if it goes on hold).
        span = reply - last_customer
        work_start = np.where(
            hold,
            last_customer + rng.uniform(0.05, 0.3, n) * span,
            reply - rng.uniform(0.1, 1.0, n) * np.minimum(span, 1800),
        ).astype(np.int64)
        working = reply - work_start

        if cycle == 0:
            agent_now[active] = org.pick_agent(rng, clock, team_now[active], work_start, live[active])
            triaged = ~writes_first
            log.event(tk, work_start, ASSIGNEE, agent_now[active], agent_now[active],
                      np.where(triaged, _rank(0, _Step.ASSIGNED), _OUTBOUND_ASSIGNED))  # fmt: skip
            opener = agent_now[active][triaged]
            log.event(tk[triaged], work_start[triaged], STATUS, OPEN, opener, _rank(0, _Step.OPENED))
            log.event(tk[writes_first], start[writes_first], STATUS, NEW, agent_now[active][writes_first], _CREATED)

        if handing.any():
            h = np.flatnonzero(handing)
            handoff_at = work_start[h] + (rng.uniform(0.1, 0.4, h.size) * working[h]).astype(np.int64)
            previous = agent_now[active[h]]
            successor = org.pick_agent(rng, clock, team[h], reply[h], live[active[h]])
            moves = transfer[active[h]]
            rank = _rank(cycle, _Step.TEAM_CHANGED)
            log.event(tk[h][moves], handoff_at[moves], TEAM, team[h][moves], previous[moves], rank)
            log.event(tk[h], handoff_at, ASSIGNEE, successor, previous, _rank(cycle, _Step.REASSIGNED))
            agent_now[active[h]] = successor
        team_now[active] = team
        agent = agent_now[active]

        hold_at = work_start + (rng.uniform(0.45, 0.7, n) * working).astype(np.int64)
        log.event(tk[hold], hold_at[hold], STATUS, ON_HOLD, agent[hold], _rank(cycle, _Step.ON_HOLD))
        noted = ~writes_first & (rng.random(n) < _NOTE_SHARE[category[active]])
        note_at = work_start + (rng.uniform(0.75, 0.95, n) * working).astype(np.int64)
        log.message(tk[noted], note_at[noted], AGENT, agent[noted], False, _rank(cycle, _Step.NOTE))

        last_cycle = cycles[active] == cycle + 1
        solves = (last_cycle & solved_with_reply[active]) | (reopen_cycle[active] == cycle)
        log.message(tk, reply, AGENT, agent, True, _rank(cycle, _Step.REPLY))
        log.event(tk, reply, STATUS, np.where(solves, SOLVED, PENDING), agent, _rank(cycle, _Step.REPLY_STATUS))
        if cycle == 0:
            outcome.first_reply[tk] = reply
        last_reply[active] = reply
        reply_solved[active] = solves

        # Unanswered after the last reply: an automation solves the ticket a few days later.
        ends = np.flatnonzero(last_cycle)
        solved_at = np.where(solves[ends], reply[ends], reply[ends] + rng.integers(2 * DAY, 5 * DAY, size=ends.size))
        automated = ~solves[ends]
        log.event(tk[ends][automated], solved_at[automated], STATUS, SOLVED, NOBODY, _AUTO_SOLVED)
        _close(rng, tk[ends], solved_at, log, outcome)


def _first_touches(
    rng: np.random.Generator, t: Tickets, ticket: np.ndarray, outbound: np.ndarray, log: ActivityLog
) -> None:
    """What answers a new inbound ticket before any agent: a bot greets chats, an autoresponder
    acknowledges tickets that will take a while."""
    channel = t.channel[ticket]
    greeted = ~outbound & (channel == ch.CHAT) & (rng.random(ticket.size) < _BOT_FIRST_SHARE)
    log.message(
        ticket[greeted], t.created[ticket[greeted]] + rng.integers(2, 16, size=int(greeted.sum())),
        BOT, NOBODY, True, _rank(0, _Step.BOT),
    )  # fmt: skip
    asynchronous = np.isin(channel, [ch.EMAIL, ch.WEB, ch.API, ch.OTHER])
    acknowledged = ~outbound & asynchronous & (rng.random(ticket.size) < _ACKNOWLEDGED_SHARE)
    log.message(
        ticket[acknowledged], t.created[ticket[acknowledged]] + rng.integers(5, 91, size=int(acknowledged.sum())),
        SYSTEM, NOBODY, True, _rank(0, _Step.AUTORESPONSE),
    )  # fmt: skip


def _close(
    rng: np.random.Generator, ticket: np.ndarray, solved_at: np.ndarray, log: ActivityLog, outcome: Outcome
) -> None:
    outcome.solved[ticket] = solved_at
    closed_at = solved_at + CLOSE_AFTER + rng.integers(0, HOUR, size=ticket.size)
    log.event(ticket, closed_at, STATUS, CLOSED, NOBODY, _AUTO_CLOSED)


def _rank(cycle: int, step: int) -> int:
    return _FIRST_CYCLE + cycle * _CYCLE_STRIDE + step


def _minutes(rng: np.random.Generator, median: np.ndarray, spread: np.ndarray | float) -> np.ndarray:
    """Log-normal durations in whole seconds with the given median in minutes."""
    return np.round(60 * median * np.exp(rng.normal(0.0, spread, np.shape(median)))).astype(np.int64)
