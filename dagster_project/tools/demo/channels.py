"""How each contact channel behaves in the demo: volume, the raw labels a vendor writes, and its pace."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Channel:
    name: str  # the canonical channel (dagster_project.ingest.export_format.CHANNELS)
    share: float  # of incoming tickets
    # Labels as the vendor writes them, with their frequencies; staging maps them back to `name`.
    raw_labels: dict[str, float]
    arrival_curve: str  # key of arrivals.HOURLY_WEIGHTS / WEEKDAY_WEIGHTS
    wait_minutes: float  # median time from a customer's message to the agent's reply, before opening hours
    wait_spread: float  # sigma of the log-normal wait
    customer_gap_minutes: float  # median between two customer messages in a row
    customer_return_minutes: float  # median time the customer takes to answer an agent
    extra_cycles: float  # mean number of reply cycles after the first
    solved_with_reply: float  # chance the last reply solves the ticket (otherwise pending, then auto-solved)
    overnight_backlog_minutes: float  # mean delay after opening for work that arrived while closed


CHANNELS: tuple[Channel, ...] = (
    Channel("email", 0.36, {"email": 0.8, "Email": 0.15, "E-mail": 0.05}, "async", 240, 1.0, 25, 300, 0.9, 0.45, 150),
    Channel("chat", 0.22, {"chat": 0.85, "Chat": 0.1, "live_chat": 0.05}, "live", 1.2, 0.9, 0.5, 1.5, 1.0, 0.75, 8),
    Channel("web", 0.18, {"web": 0.75, "web_form": 0.25}, "async", 200, 1.0, 20, 300, 0.9, 0.45, 150),
    Channel("phone", 0.10, {"phone": 0.7, "Phone": 0.2, "voice": 0.1}, "live", 4, 0.5, 5, 1440, 0.15, 0.9, 15),
    Channel("social", 0.06, {"social": 0.5, "twitter": 0.3, "facebook": 0.2}, "async", 40, 1.0, 3, 45, 0.7, 0.5, 30),
    Channel("api", 0.05, {"api": 1.0}, "machine", 360, 1.1, 30, 600, 0.5, 0.4, 180),
    Channel("other", 0.03, {"other": 1.0}, "async", 300, 1.0, 20, 400, 0.7, 0.5, 150),
)
EMAIL, CHAT, WEB, PHONE, SOCIAL, API, OTHER = range(len(CHANNELS))


def channel_column(attribute: str) -> np.ndarray:
    """One attribute of every channel, indexable by channel index."""
    return np.array([getattr(c, attribute) for c in CHANNELS])


# Every raw label; a ticket's label is an index into this.
RAW_LABELS = np.array([label for c in CHANNELS for label in c.raw_labels])


def draw_labels(rng: np.random.Generator, channel: np.ndarray) -> np.ndarray:
    """A raw label (index into RAW_LABELS) for each ticket's channel, with the channel's label frequencies."""
    label = np.empty(channel.size, dtype=np.int64)
    first = 0
    for c, spec in enumerate(CHANNELS):
        members = np.flatnonzero(channel == c)
        weights = np.array(list(spec.raw_labels.values()))
        label[members] = first + rng.choice(weights.size, size=members.size, p=weights / weights.sum())
        first += weights.size
    return label
