"""The demo's tickets before anything happens to them: who asks, when, through which channel, about what."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from dagster_project.tools.demo import channels as ch
from dagster_project.tools.demo.arrivals import CURVES, sample_arrivals
from dagster_project.tools.demo.clock import DAY, HOUR, LocalClock, weekday_of
from dagster_project.tools.demo.organisation import TEAM_SHARES

PRIORITIES = ("low", "normal", "high", "urgent")
PRIORITY_SHARES = (0.22, 0.58, 0.15, 0.05)
PRIORITY_WAIT_FACTOR = np.array([1.6, 1.0, 0.55, 0.3])
LOW, HIGH, URGENT = (PRIORITIES.index(p) for p in ("low", "high", "urgent"))
CATEGORIES = ("billing", "technical", "account", "shipping", "other")
CATEGORY_SHARES = (0.24, 0.34, 0.2, 0.14, 0.08)
TECHNICAL, OTHER_CATEGORY = CATEGORIES.index("technical"), CATEGORIES.index("other")

_SUBJECTS_BY_CATEGORY = (
    ("Invoice does not match my order", "Charged twice this month", "How do I update my payment method?",
     "Refund not received yet", "Question about VAT on my invoice", "Cancel my subscription"),
    ("App crashes on startup", "Error 500 when saving", "Sync stopped working", "Export to CSV is empty",
     "Login page keeps loading", "Integration returns 401"),
    ("Cannot reset my password", "Please change the account owner", "Delete my account",
     "Two-factor code not arriving", "Add a user to our plan", "Merge two accounts"),
    ("Where is my order?", "Parcel arrived damaged", "Wrong item delivered", "Change delivery address",
     "Tracking number not working", "Return label request"),
    ("Feedback on the new design", "Partnership inquiry", "Question", "Request for a product demo",
     "Accessibility of your website", "Hello"),
)  # fmt: skip
_OUTBOUND_SUBJECTS = ("Following up on your request", "Your recent order", "Action needed on your account",
                      "Checking in after our call")  # fmt: skip
_INCIDENT_SUBJECTS = ("Service down?", "Cannot log in since this morning", "Site not loading", "Outage?")
_SPAM_SUBJECTS = ("SEO services for your website", "You have won a prize!!!", "Cheap followers")
SUBJECTS = np.array(
    [s for group in _SUBJECTS_BY_CATEGORY for s in group]
    + list(_OUTBOUND_SUBJECTS + _INCIDENT_SUBJECTS + _SPAM_SUBJECTS)
)
_SUBJECTS_PER_CATEGORY = len(_SUBJECTS_BY_CATEGORY[0])
_OUTBOUND_SUBJECT = len(_SUBJECTS_BY_CATEGORY) * _SUBJECTS_PER_CATEGORY
_INCIDENT_SUBJECT = _OUTBOUND_SUBJECT + len(_OUTBOUND_SUBJECTS)
_SPAM_SUBJECT = _INCIDENT_SUBJECT + len(_INCIDENT_SUBJECTS)


class Kind(IntEnum):
    INBOUND = 0  # a customer writes, agents answer
    OUTBOUND = 1  # an agent writes first
    BOT_SOLVED = 2  # a chat the bot answered without an agent
    SPAM = 3  # deleted unanswered
    DUPLICATE = 4  # a second ticket about the same issue, merged into the first


_OUTBOUND_SHARE = 0.05
_BOT_SOLVED_SHARE_OF_CHATS = 0.12
_SPAM_SHARE = 0.005
_DUPLICATE_SHARE = 0.01
_INCIDENT_SHARE = 0.02


@dataclass(frozen=True)
class Tickets:
    """One entry per ticket, ordered by creation (the index is the ticket's rank)."""

    created: np.ndarray  # instant
    team: np.ndarray  # team index the ticket is routed to on arrival
    channel: np.ndarray  # channel index (channels.CHANNELS)
    label: np.ndarray  # index into channels.RAW_LABELS: the channel as the export writes it
    priority: np.ndarray
    category: np.ndarray
    subject: np.ndarray  # index into SUBJECTS
    requester: np.ndarray  # customer number
    kind: np.ndarray  # Kind
    merged_into: np.ndarray  # rank of the ticket a duplicate is merged into, -1 otherwise

    @property
    def count(self) -> int:
        return int(self.created.size)


def draw_tickets(rng: np.random.Generator, clock: LocalClock, start: int, end: int, count: int) -> Tickets:
    duplicates = int(round(count * _DUPLICATE_SHARE))
    originals = count - duplicates
    team = rng.choice(len(TEAM_SHARES), size=originals, p=TEAM_SHARES)
    outbound = rng.random(originals) < _OUTBOUND_SHARE
    channel = rng.choice(len(ch.CHANNELS), size=originals, p=ch.channel_column("share"))
    channel[outbound] = np.where(rng.random(int(outbound.sum())) < 0.75, ch.EMAIL, ch.PHONE)
    curve = np.array([CURVES.index(c) for c in ch.channel_column("arrival_curve")])[channel]
    curve[outbound] = CURVES.index("office")
    created = sample_arrivals(rng, clock, start, end, team, curve)
    priority = rng.choice(len(PRIORITIES), size=originals, p=PRIORITY_SHARES)
    category = rng.choice(len(CATEGORIES), size=originals, p=CATEGORY_SHARES)
    subject = category * _SUBJECTS_PER_CATEGORY + rng.integers(0, _SUBJECTS_PER_CATEGORY, size=originals)
    subject[outbound] = _OUTBOUND_SUBJECT + rng.integers(0, len(_OUTBOUND_SUBJECTS), size=int(outbound.sum()))
    kind = np.where(outbound, Kind.OUTBOUND, Kind.INBOUND)

    incident = _incident(rng, start, end, kind)
    if incident.size:
        created[incident] = _incident_arrivals(rng, start, end, incident.size)
        channel[incident] = rng.choice([ch.CHAT, ch.EMAIL, ch.SOCIAL], size=incident.size, p=[0.4, 0.4, 0.2])
        category[incident] = TECHNICAL
        priority[incident] = np.where(rng.random(incident.size) < 0.3, URGENT, HIGH)
        subject[incident] = _INCIDENT_SUBJECT + rng.integers(0, len(_INCIDENT_SUBJECTS), size=incident.size)

    ordinary = (kind == Kind.INBOUND) & ~np.isin(np.arange(originals), incident)
    bot_solved = ordinary & (channel == ch.CHAT) & (rng.random(originals) < _BOT_SOLVED_SHARE_OF_CHATS)
    kind[bot_solved] = Kind.BOT_SOLVED
    spam_candidates = np.flatnonzero(ordinary & np.isin(channel, [ch.EMAIL, ch.WEB, ch.SOCIAL]))
    spam = rng.permutation(spam_candidates)[: int(round(count * _SPAM_SHARE))]
    kind[spam] = Kind.SPAM
    category[spam] = OTHER_CATEGORY
    priority[spam] = LOW
    subject[spam] = _SPAM_SUBJECT + rng.integers(0, len(_SPAM_SUBJECTS), size=spam.size)

    requester = _requesters(rng, team, count)
    label = ch.draw_labels(rng, channel)

    # Duplicates: the same customer writes again about an issue soon after, usually by the same channel.
    # They repeat inbound tickets from before the last two days (so they are merged by the end) where there
    # are enough of those.
    preference = rng.random(originals) + 2 * (kind != Kind.INBOUND) + (created >= end - 2 * DAY)
    source = np.argsort(preference)[:duplicates]
    delay = np.round(60 * np.exp(rng.normal(np.log(45), 1.0, source.size))).astype(np.int64)
    dup_created = np.minimum(created[source] + delay, end - 1)
    dup_channel = np.where(rng.random(source.size) < 0.7, channel[source], ch.EMAIL)
    merged_into = np.concatenate([np.full(originals, -1), source])
    fields = dict(
        created=np.concatenate([created, dup_created]),
        team=np.concatenate([team, team[source]]),
        channel=np.concatenate([channel, dup_channel]),
        label=np.concatenate([label, ch.draw_labels(rng, dup_channel)]),
        priority=np.concatenate([priority, priority[source]]),
        category=np.concatenate([category, category[source]]),
        subject=np.concatenate([subject, subject[source]]),
        requester=np.concatenate([requester, requester[source]]),
        kind=np.concatenate([kind, np.full(source.size, Kind.DUPLICATE)]),
    )
    order = np.argsort(fields["created"], kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    merged_into = np.where(merged_into >= 0, rank[np.maximum(merged_into, 0)], -1)[order]
    return Tickets(**{name: values[order] for name, values in fields.items()}, merged_into=merged_into)


def _incident(rng: np.random.Generator, start: int, end: int, kind: np.ndarray) -> np.ndarray:
    """Tickets that will be about a one-morning outage (none in windows too short to have one)."""
    if end - start < 7 * DAY:
        return np.array([], dtype=np.int64)
    inbound = np.flatnonzero(kind == Kind.INBOUND)
    return np.sort(rng.permutation(inbound)[: int(round(kind.size * _INCIDENT_SHARE))])


def _incident_arrivals(rng: np.random.Generator, start: int, end: int, count: int) -> np.ndarray:
    """A burst from 08:00 UTC on a weekday at least a day before the end, tailing off over the day."""
    first_day, last_day = start // DAY + 1, (end - 3 * DAY) // DAY
    day = int(rng.integers(first_day, last_day + 1))
    while weekday_of(np.int64(day)) >= 5:
        day += 1
    burst = day * DAY + 8 * HOUR + np.round(rng.exponential(90 * 60, size=count)).astype(np.int64)
    return np.minimum(burst, end - 1)


def _requesters(rng: np.random.Generator, team: np.ndarray, count: int) -> np.ndarray:
    """Customer numbers: regional customer bases where a few customers write often."""
    base = max(20, int(count * 0.7))
    return team * base + np.floor(base * rng.random(team.size) ** 1.6).astype(np.int64) + 1
