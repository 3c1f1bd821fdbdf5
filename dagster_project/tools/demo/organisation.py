"""The demo support organisation: three regional teams, their agents and the agents' shifts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dagster_project.tools.demo.clock import DAY, HOUR, LocalClock

TEAM_IDS = ("T1", "T2", "T3")
TEAM_NAMES = ("Support EMEA", "Support Americas", "Support APAC")
TEAM_TIMEZONES = ("Europe/Berlin", "America/New_York", "Asia/Singapore")
# Share of customers (and so of incoming tickets) each regional team serves.
TEAM_SHARES = (0.45, 0.38, 0.17)

# Eight-hour shifts staggered so a team covers 07:00-19:00 local time.
SHIFT_STARTS = (7, 8, 9, 10, 11)
SHIFT_HOURS = 8
# An agent who leaves stops getting new tickets this long before their account is deactivated.
_HANDOVER = 14 * DAY
_QUEUE = 24

_FIRST_NAMES = (
    "Anna", "Ben", "Chloe", "David", "Elif", "Felix", "Grace", "Hiro", "Ines", "Jonas", "Kavya", "Liam",
    "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wei", "Yara", "Zoe",
)
_LAST_NAMES = (
    "Albers", "Brooks", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jansen", "Kowalski",
    "Lopez", "Meyer", "Nguyen", "Okafor", "Patel", "Rossi", "Schmidt", "Tan", "Varga", "Weber", "Yilmaz",
)


@dataclass(frozen=True)
class Organisation:
    """The agents, and who may take a ticket at a given moment."""

    agent_ids: np.ndarray  # str, "A01"...
    agent_names: np.ndarray  # str
    agent_team: np.ndarray  # team index per agent
    agent_active: np.ndarray  # bool: account still active at the export's end
    agent_assignable_until: np.ndarray  # instant after which the agent gets no new tickets
    # Per team and local hour 0-23, the agents on shift (padded with -1) and how many there are;
    # row _QUEUE holds the agents who stay, who share the queue of non-live tickets.
    on_shift: np.ndarray
    on_shift_count: np.ndarray

    def pick_agent(
        self, rng: np.random.Generator, clock: LocalClock, team: np.ndarray, at: np.ndarray, live: np.ndarray
    ) -> np.ndarray:
        """An agent of `team` to work a ticket at `at`: live contacts (chat, phone) go to an agent on shift
        then (any agent at night), others come from the shared queue and go to anyone. Agents who are
        leaving get no new tickets."""
        hour = np.where(live, (clock.local(team, at) % DAY) // HOUR, _QUEUE)
        agent = self._pick(rng, team, hour)
        leaving = self.agent_assignable_until[agent] < at
        if leaving.any():
            agent[leaving] = self._pick(rng, team[leaving], np.full(int(leaving.sum()), _QUEUE))
        return agent

    def _pick(self, rng: np.random.Generator, team: np.ndarray, row: np.ndarray) -> np.ndarray:
        slot = (rng.random(team.size) * self.on_shift_count[team, row]).astype(np.int64)
        return self.on_shift[team, row, slot]


def build_organisation(rng: np.random.Generator, start: int, end: int) -> Organisation:
    team_sizes = rng.integers(10, 16, size=len(TEAM_IDS))
    agent_team = np.repeat(np.arange(len(TEAM_IDS)), team_sizes)
    agents = agent_team.size
    agent_ids = np.array([f"A{i + 1:02d}" for i in range(agents)])
    name_pairs = rng.permutation(len(_FIRST_NAMES) * len(_LAST_NAMES))[:agents]
    agent_names = np.array(
        [f"{_FIRST_NAMES[p // len(_LAST_NAMES)]} {_LAST_NAMES[p % len(_LAST_NAMES)]}" for p in name_pairs]
    )
    agent_shift_start = np.array(SHIFT_STARTS)[rng.integers(0, len(SHIFT_STARTS), size=agents)]
    # Every shift is staffed in every team, whatever the draw above gave.
    for team in range(len(TEAM_IDS)):
        members = np.flatnonzero(agent_team == team)
        agent_shift_start[members[: len(SHIFT_STARTS)]] = SHIFT_STARTS

    # Two agents (never the shift anchors above) left during the window.
    agent_active = np.ones(agents, dtype=bool)
    assignable_until = np.full(agents, np.iinfo(np.int64).max, dtype=np.int64)
    for team in (0, 1):
        leaver = np.flatnonzero(agent_team == team)[-1]
        agent_active[leaver] = False
        assignable_until[leaver] = start + (end - start) // 2 - _HANDOVER

    on_shift = np.full((len(TEAM_IDS), _QUEUE + 1, agents), -1, dtype=np.int64)
    on_shift_count = np.zeros((len(TEAM_IDS), _QUEUE + 1), dtype=np.int64)
    for team in range(len(TEAM_IDS)):
        members = np.flatnonzero(agent_team == team)
        for hour in range(24):
            on = members[(agent_shift_start[members] <= hour) & (hour < agent_shift_start[members] + SHIFT_HOURS)]
            on = on if on.size else members
            on_shift[team, hour, : on.size] = on
            on_shift_count[team, hour] = on.size
        stays = members[agent_active[members]]
        on_shift[team, _QUEUE, : stays.size] = stays
        on_shift_count[team, _QUEUE] = stays.size
    return Organisation(
        agent_ids=agent_ids,
        agent_names=agent_names,
        agent_team=agent_team,
        agent_active=agent_active,
        agent_assignable_until=assignable_until,
        on_shift=on_shift,
        on_shift_count=on_shift_count,
    )
