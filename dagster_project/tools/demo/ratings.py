"""Satisfaction ratings: asked when a ticket is solved, answered by about a third of customers, and worse
the longer they waited or if the ticket had to be reopened."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dagster_project.tools.demo.clock import DAY, HOUR
from dagster_project.tools.demo.lifecycle import Outcome
from dagster_project.tools.demo.tickets import Kind, Tickets

_RESPONSE_SHARE = 0.3
_RERATED_SHARE = 0.03  # customers who change their rating later (a second row for the ticket)
_COMMENTED_SHARE = 0.3
COMMENTS = np.array(
    [
        "Took far too long.", "Nobody actually answered my question.", "Had to explain everything twice.",
        "Okay in the end.", "Fine, but slow.", "Solved, thanks.",
        "Great help, thank you!", "Super fast, thanks a lot.", "Very friendly agent.",
    ]
)  # fmt: skip
_COMMENTS_BY_MOOD = 3  # comments per mood: unhappy (1-2), neutral (3), happy (4-5)


@dataclass(frozen=True)
class Ratings:
    ticket: np.ndarray
    rated_at: np.ndarray
    score: np.ndarray
    comment: np.ndarray  # index into COMMENTS, -1 for none


def rate(rng: np.random.Generator, tickets: Tickets, outcome: Outcome, end: int) -> Ratings:
    ticket = np.flatnonzero((outcome.solved < end) & (rng.random(tickets.count) < _RESPONSE_SHARE))
    rated_at = outcome.solved[ticket] + np.round(4 * HOUR * np.exp(rng.normal(0, 1.2, ticket.size))).astype(np.int64)
    created = tickets.created[ticket]
    bot_only = tickets.kind[ticket] == Kind.BOT_SOLVED
    first_reply_hours = np.where(bot_only, 0, outcome.first_reply[ticket] - created) / HOUR
    resolution_days = (outcome.solved[ticket] - created) / DAY
    mood = (
        5.3
        - 0.35 * np.log1p(first_reply_hours)
        - 0.4 * np.log1p(resolution_days)
        - 0.9 * outcome.reopened[ticket]
        - 0.3 * bot_only
        + rng.normal(0, 0.8, ticket.size)
    )
    score = np.clip(np.round(mood), 1, 5).astype(np.int64)

    again = rng.random(ticket.size) < _RERATED_SHARE
    second_at = rated_at[again] + rng.integers(HOUR, 2 * DAY, size=int(again.sum()))
    second_score = np.clip(score[again] + rng.choice([-2, -1, 1, 2], size=second_at.size), 1, 5)
    ticket = np.concatenate([ticket, ticket[again]])
    rated_at = np.concatenate([rated_at, second_at])
    score = np.concatenate([score, second_score])

    mood_group = np.where(score <= 2, 0, np.where(score == 3, 1, 2))
    comment = np.where(
        rng.random(score.size) < _COMMENTED_SHARE,
        mood_group * _COMMENTS_BY_MOOD + rng.integers(0, _COMMENTS_BY_MOOD, size=score.size),
        -1,
    )
    keep = rated_at < end
    order = np.lexsort((ticket[keep], rated_at[keep]))
    return Ratings(ticket[keep][order], rated_at[keep][order], score[keep][order], comment[keep][order])
