"""Deliberately broken rows, each with exactly one defect the ingest must quarantine, slipped into the
middle of the delivery the way a vendor's glitches would be."""

from __future__ import annotations

import pyarrow as pa


def bad_rows(tables: dict[str, pa.Table], spare_ids: dict[str, list[str]]) -> dict[str, list[dict[str, object]]]:
    """Rows per table, copied from the table's first row so that only the defect differs. `spare_ids` are
    unused ids per table, at least three each."""
    ticket = tables["tickets"].slice(0, 1).to_pylist()[0]
    message = tables["messages"].slice(0, 1).to_pylist()[0]
    event = tables["ticket_events"].slice(0, 1).to_pylist()[0]
    ticket_ids, message_ids, event_ids = spare_ids["tickets"], spare_ids["messages"], spare_ids["ticket_events"]
    return {
        "tickets": [
            {**ticket, "ticket_id": ticket_ids[0], "created_at": None},
            {**ticket, "ticket_id": ticket_ids[1], "status": "escalated"},
        ],
        "messages": [
            {**message, "message_id": message_ids[0], "created_at": "not-a-date"},
            {**message, "message_id": message_ids[1], "author_type": "robot"},
            {**message, "message_id": message_ids[2], "ticket_id": None},
        ],
        "ticket_events": [
            {**event, "event_id": event_ids[0], "occurred_at": "2026-02-30T25:61:00Z"},
        ],
        # Rated at the ticket's creation, so it cannot share its key with a real rating of that ticket.
        "satisfaction_ratings": [
            {"ticket_id": ticket["ticket_id"], "rated_at": ticket["created_at"], "score": 9, "comment": None},
        ],
    }


def slip_in(table: pa.Table, rows: list[dict[str, object]]) -> pa.Table:
    """`table` with `rows` spread evenly through it."""
    extra = pa.Table.from_pylist(rows, schema=table.schema)
    pieces, previous = [], 0
    for i in range(len(rows)):
        position = table.num_rows * (i + 1) // (len(rows) + 1)
        pieces += [table.slice(previous, position - previous), extra.slice(i, 1)]
        previous = position
    pieces.append(table.slice(previous))
    return pa.concat_tables(pieces)
