"""The simulated organisation and activity as the six export tables (Arrow), in export_format's columns."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from dagster_project.ingest.export_format import AUTHOR_TYPES, STATUSES, TABLES
from dagster_project.tools.demo import formatting
from dagster_project.tools.demo.activity import (
    ASSIGNEE,
    CLOSED,
    FIELDS,
    REQUESTER,
    STATUS,
    TEAM,
    Events,
    Messages,
)
from dagster_project.tools.demo.channels import RAW_LABELS
from dagster_project.tools.demo.clock import LocalClock
from dagster_project.tools.demo.organisation import (
    TEAM_IDS,
    TEAM_NAMES,
    TEAM_TIMEZONES,
    Organisation,
)
from dagster_project.tools.demo.ratings import COMMENTS, Ratings
from dagster_project.tools.demo.tickets import (
    CATEGORIES,
    PRIORITIES,
    SUBJECTS,
    Kind,
    Tickets,
)

_ARROW_TYPES = {"boolean": pa.bool_(), "integer": pa.int64()}


def _schema(table: str) -> pa.Schema:
    """Text for every column but booleans and integers, as a vendor's export would have it."""
    return pa.schema([(c.name, _ARROW_TYPES.get(c.type, pa.string())) for c in TABLES[table].columns])


class IdPlan:
    """Numeric ids of one width per table (like 100001), so they sort and read naturally; the spare ids after
    the last are free for rows added later."""

    def __init__(self, count: int, minimum_digits: int) -> None:
        self.base = 10 ** max(minimum_digits, len(str(count + 10)))
        self.count = count

    def ids(self) -> pa.Array:
        return formatting.numbers(self.base + 1 + np.arange(self.count, dtype=np.int64))

    def spare(self, how_many: int) -> list[str]:
        return [str(self.base + 1 + self.count + i) for i in range(how_many)]


class ExportTables:
    """Builds the tables from the simulation, numbering tickets, messages and events in time order."""

    def __init__(
        self,
        clock: LocalClock,
        org: Organisation,
        tickets: Tickets,
        messages: Messages,
        events: Events,
        ratings: Ratings,
    ) -> None:
        self.clock, self.org, self.tickets = clock, org, tickets
        self.messages, self.events, self.ratings = messages, events, ratings
        self.ticket_plan = IdPlan(tickets.count, 5)
        self.message_plan = IdPlan(messages.at.size, 6)
        self.event_plan = IdPlan(events.at.size, 6)
        self.ticket_ids = self.ticket_plan.ids()
        customer_base = 10 ** max(5, len(str(int(tickets.requester.max()))))
        requesters = formatting.numbers(customer_base + tickets.requester, prefix="C")
        # Authors and actors: agents first, then each ticket's requester.
        self.people = pa.concat_arrays([pa.array(org.agent_ids, pa.string()), requesters])

    def all(self) -> dict[str, pa.Table]:
        return {
            "tickets": self.ticket_table(),
            "messages": self.message_table(),
            "ticket_events": self.event_table(),
            "satisfaction_ratings": self.rating_table(),
            "agents": self.agent_table(),
            "teams": self.team_table(),
        }

    def ticket_table(self) -> pa.Table:
        t, count = self.tickets, self.tickets.count
        status = self.events.latest[:, STATUS]
        updated = t.created.copy()
        np.maximum.at(updated, self.messages.ticket, self.messages.at)
        np.maximum.at(updated, self.events.ticket, self.events.at)
        merged = (t.kind == Kind.DUPLICATE) & (status == CLOSED)
        return _table(
            "tickets",
            ticket_id=self.ticket_ids,
            created_at=formatting.instants(t.created, self.clock),
            channel=_take(RAW_LABELS, t.label),
            requester_id=self.people.take(pa.array(len(self.org.agent_ids) + np.arange(count))),
            subject=_take(SUBJECTS, t.subject),
            priority=_take(PRIORITIES, t.priority),
            category=_take(CATEGORIES, t.category),
            team_id=_take(TEAM_IDS, self.events.latest[:, TEAM]),
            assignee_id=_take(self.org.agent_ids, self.events.latest[:, ASSIGNEE]),
            status=_take(STATUSES, status),
            updated_at=formatting.instants(updated, self.clock),
            merged_into_ticket_id=self.ticket_ids.take(pa.array(np.where(merged, t.merged_into, 0), mask=~merged)),
            is_deleted=pa.array(t.kind == Kind.SPAM),
        )

    def message_table(self) -> pa.Table:
        m = self.messages
        return _table(
            "messages",
            message_id=self.message_plan.ids(),
            ticket_id=self.ticket_ids.take(pa.array(m.ticket)),
            created_at=formatting.instants(m.at, self.clock, self._zone(m.author)),
            author_type=_take(AUTHOR_TYPES, m.author_type),
            author_id=self._person(m.author, m.ticket),
            is_public=pa.array(m.is_public),
        )

    def event_table(self) -> pa.Table:
        e = self.events
        values = list(STATUSES) + list(self.org.agent_ids) + list(TEAM_IDS)
        first_value = np.zeros(len(FIELDS), dtype=np.int64)
        first_value[ASSIGNEE], first_value[TEAM] = len(STATUSES), len(STATUSES) + len(self.org.agent_ids)
        base = first_value[e.field]
        return _table(
            "ticket_events",
            event_id=self.event_plan.ids(),
            ticket_id=self.ticket_ids.take(pa.array(e.ticket)),
            occurred_at=formatting.instants(e.at, self.clock, self._zone(e.actor)),
            field=_take(FIELDS, e.field),
            old_value=_take(values, np.where(e.old_value >= 0, base + e.old_value, -1)),
            new_value=_take(values, np.where(e.new_value >= 0, base + e.new_value, -1)),
            actor_id=self._person(e.actor, e.ticket),
        )

    def rating_table(self) -> pa.Table:
        r = self.ratings
        return _table(
            "satisfaction_ratings",
            ticket_id=self.ticket_ids.take(pa.array(r.ticket)),
            rated_at=formatting.instants(r.rated_at, self.clock),
            score=pa.array(r.score, pa.int64()),
            comment=_take(COMMENTS, r.comment),
        )

    def agent_table(self) -> pa.Table:
        return _table(
            "agents",
            agent_id=pa.array(self.org.agent_ids, pa.string()),
            name=pa.array(self.org.agent_names, pa.string()),
            team_id=_take(TEAM_IDS, self.org.agent_team),
            is_active=pa.array(self.org.agent_active),
        )

    def team_table(self) -> pa.Table:
        return _table(
            "teams",
            team_id=pa.array(TEAM_IDS, pa.string()),
            name=pa.array(TEAM_NAMES, pa.string()),
            timezone=pa.array(TEAM_TIMEZONES, pa.string()),
        )

    def _person(self, who: np.ndarray, ticket: np.ndarray) -> pa.Array:
        agents = len(self.org.agent_ids)
        index = np.where(who >= 0, who, np.where(who == REQUESTER, agents + ticket.astype(np.int64), -1))
        return self.people.take(pa.array(np.maximum(index, 0), mask=index < 0))

    def _zone(self, who: np.ndarray) -> np.ndarray:
        """Agents' entries carry their team's local time; everything else is in UTC."""
        return np.where(who >= 0, self.org.agent_team[np.maximum(who, 0)], -1)


def _take(vocabulary: Sequence[str] | np.ndarray, index: np.ndarray) -> pa.Array:
    """Strings by index; a negative index is a missing value."""
    index = np.asarray(index, dtype=np.int64)
    return pa.array(list(vocabulary), pa.string()).take(pa.array(np.maximum(index, 0), mask=index < 0))


def _table(table: str, /, **columns: pa.Array) -> pa.Table:
    return pa.Table.from_arrays([columns[field.name] for field in _schema(table)], schema=_schema(table))
