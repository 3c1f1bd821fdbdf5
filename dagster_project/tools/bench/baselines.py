"""Two ways to compute the core of marts.fct_tickets from the raw tables without dbt, to set our transform
against: one hand-written DuckDB query (the lower bound) and idiomatic pandas (what a user would write).

Both follow docs/metrics.md for these columns exactly (latest delivery of a key, the as-of time, deleted and
merged tickets left out, conversation order, inferred final status, status changes stamped before creation
counted at creation, where the resolution clock starts), so their results can be compared row by row with
the mart.
"""

from __future__ import annotations

import duckdb
import pandas as pd

# The facts both baselines compute, named as in marts.fct_tickets; ticket_id is the key.
CORE_COLUMNS: tuple[str, ...] = (
    "requested_at",
    "first_response_at",
    "first_response_minutes",
    "first_resolved_at",
    "resolved_at",
    "full_resolution_minutes",
    "reopen_count",
)
RESOLVED = ("solved", "closed")

# Ordering facts that make the mart's other window functions unnecessary here: in conversation order a
# customer message sorts before an agent's at the same instant, so "the first agent reply after the request"
# is the earliest public agent message at or after requested_at, and the ticket is outbound when an agent's
# public message is strictly earlier than every customer message. The status now is the inferred transition
# when there is one (it always sorts last), else the last status event's value.
LOWER_BOUND_SQL = """
with
tickets as (
    select ticket_id, created_at, updated_at, status, is_deleted, merged_into_ticket_id
    from raw.tickets
    qualify row_number() over (partition by ticket_id order by _delivery desc, _row_number desc) = 1
),
messages as (
    select ticket_id, created_at, author_type, is_public
    from raw.messages
    qualify row_number() over (partition by message_id order by _delivery desc, _row_number desc) = 1
),
events as (
    select ticket_id, event_id, occurred_at, field, old_value, new_value
    from raw.ticket_events
    qualify row_number() over (partition by event_id order by _delivery desc, _row_number desc) = 1
),
as_of as (
    select greatest(
        (select max(greatest(created_at, coalesce(updated_at, created_at))) from tickets),
        (select max(created_at) from messages),
        (select max(occurred_at) from events),
        (select max(rated_at) from raw.satisfaction_ratings)
    ) as as_of_at
),
public_messages as (
    select ticket_id, created_at, author_type
    from messages
    where is_public and author_type in ('customer', 'agent') and created_at <= (select as_of_at from as_of)
),
conversations as (
    select
        ticket_id,
        min(created_at) filter (where author_type = 'customer') as requested_at,
        min(created_at) filter (where author_type = 'agent') as first_agent_message_at
    from public_messages
    group by ticket_id
),
first_responses as (
    select public_messages.ticket_id, min(public_messages.created_at) as first_response_at
    from public_messages
    inner join conversations on conversations.ticket_id = public_messages.ticket_id
    where public_messages.author_type = 'agent' and public_messages.created_at >= conversations.requested_at
    group by public_messages.ticket_id
),
status_events as (
    select
        events.ticket_id,
        events.event_id,
        greatest(events.occurred_at, tickets.created_at) as occurred_at,
        case replace(replace(lower(trim(events.old_value)), ' ', '_'), '-', '_')
            when 'hold' then 'on_hold' else replace(replace(lower(trim(events.old_value)), ' ', '_'), '-', '_')
        end as old_value,
        case replace(replace(lower(trim(events.new_value)), ' ', '_'), '-', '_')
            when 'hold' then 'on_hold' else replace(replace(lower(trim(events.new_value)), ' ', '_'), '-', '_')
        end as new_value
    from events
    inner join tickets on tickets.ticket_id = events.ticket_id
    -- normalising keeps a value present, so absent new values can be dropped before it
    where lower(trim(events.field)) = 'status'
        and events.new_value is not null
        and events.occurred_at <= (select as_of_at from as_of)
),
recorded as (
    select
        ticket_id,
        event_id,
        occurred_at as changed_at,
        coalesce(
            lag(new_value) over (partition by ticket_id order by occurred_at, event_id), old_value, 'new'
        ) as from_status,
        new_value as to_status
    from status_events
),
last_recorded as (
    select ticket_id, max(changed_at) as last_changed_at, arg_max(to_status, (changed_at, event_id)) as last_status
    from recorded
    group by ticket_id
),
inferred as (
    select
        tickets.ticket_id,
        greatest(
            coalesce(tickets.updated_at, tickets.created_at),
            coalesce(last_recorded.last_changed_at, tickets.created_at)
        ) as changed_at,
        coalesce(last_recorded.last_status, 'new') as from_status,
        tickets.status as to_status
    from tickets
    left join last_recorded on last_recorded.ticket_id = tickets.ticket_id
    where tickets.status is not null
        and tickets.status != coalesce(last_recorded.last_status, 'new')
        and greatest(
            coalesce(tickets.updated_at, tickets.created_at),
            coalesce(last_recorded.last_changed_at, tickets.created_at)
        ) <= (select as_of_at from as_of)
),
transitions as (
    select ticket_id, changed_at, from_status, to_status from recorded where from_status != to_status
    union all
    select ticket_id, changed_at, from_status, to_status from inferred
),
resolutions as (
    select
        ticket_id,
        min(changed_at) filter (
            where to_status in ('solved', 'closed') and from_status not in ('solved', 'closed')
        ) as first_resolved_at,
        max(changed_at) filter (
            where to_status in ('solved', 'closed') and from_status not in ('solved', 'closed')
        ) as last_resolved_at,
        count(*) filter (
            where from_status in ('solved', 'closed') and to_status not in ('solved', 'closed')
        ) as reopen_count
    from transitions
    group by ticket_id
),
facts as (
    select
        tickets.ticket_id,
        tickets.created_at,
        conversations.requested_at,
        first_responses.first_response_at,
        resolutions.first_resolved_at,
        case
            when coalesce(inferred.to_status, last_recorded.last_status) in ('solved', 'closed')
                then resolutions.last_resolved_at
        end as resolved_at,
        coalesce(resolutions.reopen_count, 0) as reopen_count,
        case
            when conversations.first_agent_message_at < conversations.requested_at
                or conversations.requested_at is null
                or conversations.requested_at > resolutions.first_resolved_at
                then tickets.created_at
            else greatest(conversations.requested_at, tickets.created_at)
        end as resolution_clock_started_at
    from tickets
    left join conversations on conversations.ticket_id = tickets.ticket_id
    left join first_responses on first_responses.ticket_id = tickets.ticket_id
    left join last_recorded on last_recorded.ticket_id = tickets.ticket_id
    left join inferred on inferred.ticket_id = tickets.ticket_id
    left join resolutions on resolutions.ticket_id = tickets.ticket_id
    where not coalesce(tickets.is_deleted, false)
        and tickets.merged_into_ticket_id is null
        and tickets.created_at <= (select as_of_at from as_of)
)
select
    ticket_id,
    requested_at,
    first_response_at,
    date_diff('microsecond', requested_at, first_response_at) / 60000000.0 as first_response_minutes,
    first_resolved_at,
    resolved_at,
    date_diff('microsecond', resolution_clock_started_at, resolved_at) / 60000000.0 as full_resolution_minutes,
    cast(reopen_count as integer) as reopen_count
from facts
"""


def read_raw_frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The raw columns the pandas baseline needs, as a pandas user would load them."""
    return {
        "tickets": con.sql(
            "select ticket_id, created_at, updated_at, status, is_deleted, merged_into_ticket_id, "
            "_delivery, _row_number from raw.tickets"
        ).df(),
        "messages": con.sql(
            "select message_id, ticket_id, created_at, author_type, is_public, _delivery, _row_number "
            "from raw.messages"
        ).df(),
        "ticket_events": con.sql(
            "select event_id, ticket_id, occurred_at, field, old_value, new_value, _delivery, _row_number "
            "from raw.ticket_events"
        ).df(),
        "satisfaction_ratings": con.sql("select rated_at from raw.satisfaction_ratings").df(),
    }


def pandas_core_facts(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """CORE_COLUMNS per ticket, indexed by ticket_id, computed with groupby and merge."""
    tickets = _latest_delivery(frames["tickets"], "ticket_id")
    messages = _latest_delivery(frames["messages"], "message_id")
    events = _latest_delivery(frames["ticket_events"], "event_id")
    as_of = pd.Series(
        [
            tickets["created_at"].max(),
            tickets["updated_at"].max(),
            messages["created_at"].max(),
            events["occurred_at"].max(),
            frames["satisfaction_ratings"]["rated_at"].max(),
        ]
    ).max()

    public = messages[messages["is_public"] & (messages["created_at"] <= as_of)]
    customer = public[public["author_type"] == "customer"]
    agent = public[public["author_type"] == "agent"]
    requested_at = customer.groupby("ticket_id")["created_at"].min().rename("requested_at")
    first_agent_message_at = agent.groupby("ticket_id")["created_at"].min().rename("first_agent_message_at")
    replies = agent.join(requested_at, on="ticket_id", how="inner")
    first_response_at = (
        replies[replies["created_at"] >= replies["requested_at"]]
        .groupby("ticket_id")["created_at"]
        .min()
        .rename("first_response_at")
    )

    status_events = events[events["field"].str.strip(" ").str.lower() == "status"].assign(
        old_value=lambda e: _normalize_status(e["old_value"]),
        new_value=lambda e: _normalize_status(e["new_value"]),
    )
    status_events = status_events[status_events["new_value"].notna() & (status_events["occurred_at"] <= as_of)]
    # a change stamped before the ticket's creation counts as happening at creation
    status_events = status_events.merge(
        tickets[["ticket_id", "created_at"]].rename(columns={"created_at": "ticket_created_at"}), on="ticket_id"
    )
    status_events["occurred_at"] = status_events[["occurred_at", "ticket_created_at"]].max(axis=1)
    status_events = status_events.sort_values(["ticket_id", "occurred_at", "event_id"])
    status_events["from_status"] = (
        status_events.groupby("ticket_id")["new_value"]
        .shift()
        .fillna(status_events["old_value"])
        .fillna("new")
    )
    last_recorded = status_events.groupby("ticket_id").agg(
        last_changed_at=("occurred_at", "max"), last_status=("new_value", "last")
    )

    with_last = tickets.join(last_recorded, on="ticket_id")
    last_status = with_last["last_status"].fillna("new")
    inferred_at = pd.concat(
        [
            with_last["updated_at"].fillna(with_last["created_at"]),
            with_last["last_changed_at"].fillna(with_last["created_at"]),
        ],
        axis=1,
    ).max(axis=1)
    is_inferred = with_last["status"].notna() & (with_last["status"] != last_status) & (inferred_at <= as_of)
    inferred = pd.DataFrame(
        {
            "ticket_id": with_last["ticket_id"],
            "changed_at": inferred_at,
            "from_status": last_status,
            "to_status": with_last["status"],
        }
    )[is_inferred]
    recorded = status_events[status_events["from_status"] != status_events["new_value"]].rename(
        columns={"occurred_at": "changed_at", "new_value": "to_status"}
    )
    transitions = pd.concat(
        [recorded[["ticket_id", "changed_at", "from_status", "to_status"]], inferred], ignore_index=True
    )
    enters = transitions["to_status"].isin(RESOLVED)
    leaves = transitions["from_status"].isin(RESOLVED)
    resolving = transitions[enters & ~leaves].groupby("ticket_id")["changed_at"]
    reopen_count = transitions[leaves & ~enters].groupby("ticket_id").size().rename("reopen_count")
    status_now = inferred.set_index("ticket_id")["to_status"].combine_first(last_recorded["last_status"])

    facts = (
        tickets[
            ~tickets["is_deleted"].fillna(False).astype(bool)
            & tickets["merged_into_ticket_id"].isna()
            & (tickets["created_at"] <= as_of)
        ]
        .set_index("ticket_id")
        .join([requested_at, first_agent_message_at, first_response_at])
        .join(resolving.min().rename("first_resolved_at"))
        .join(resolving.max().rename("last_resolved_at"))
        .join(reopen_count)
        .join(status_now.rename("status_now"))
    )
    facts["resolved_at"] = facts["last_resolved_at"].where(facts["status_now"].isin(RESOLVED))
    facts["reopen_count"] = facts["reopen_count"].fillna(0).astype("int32")
    clock_at_creation = (
        facts["requested_at"].isna()
        | (facts["first_agent_message_at"] < facts["requested_at"])
        | (facts["requested_at"] > facts["first_resolved_at"])
    )
    clock_started_at = facts["created_at"].where(
        clock_at_creation, facts[["requested_at", "created_at"]].max(axis=1)
    )
    facts["first_response_minutes"] = _minutes(facts["requested_at"], facts["first_response_at"])
    facts["full_resolution_minutes"] = _minutes(clock_started_at, facts["resolved_at"])
    return facts[list(CORE_COLUMNS)]


def _latest_delivery(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    # A key delivered several times is taken from the latest delivery, within a file from its last row.
    return frame.sort_values(["_delivery", "_row_number"]).drop_duplicates(key, keep="last")


def _normalize_status(values: pd.Series) -> pd.Series:
    words = values.str.strip(" ").str.lower().str.replace(" ", "_").str.replace("-", "_")
    return words.replace("hold", "on_hold")


def _minutes(start: pd.Series, end: pd.Series) -> pd.Series:
    # Exact elapsed minutes like the mart's minutes_between: whole microseconds / 60,000,000.
    return ((end - start) / pd.Timedelta(microseconds=1)) / 60_000_000
