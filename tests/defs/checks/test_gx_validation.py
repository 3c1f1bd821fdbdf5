"""validate_table on small marts: the valid ones pass every gate, and each broken row fails exactly its gates."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dagster_project.defs.checks import validate_table

NOT_NULL = "expect_column_values_to_not_be_null"
UNIQUE = "expect_column_values_to_be_unique"
IN_SET = "expect_column_values_to_be_in_set"
A_AT_LEAST_B = "expect_column_pair_values_a_to_be_greater_than_b"
BETWEEN = "expect_column_values_to_be_between"
PAIR_EQUAL = "expect_column_pair_values_to_be_equal"
COMPOUND_UNIQUE = "expect_compound_columns_to_be_unique"

FCT_TICKETS_GATES = [
    (NOT_NULL, "ticket_id not null"),
    (UNIQUE, "ticket_id unique"),
    (NOT_NULL, "channel not null"),
    (IN_SET, "channel in set"),
    (A_AT_LEAST_B, "first_response_at >= requested_at"),
    (A_AT_LEAST_B, "first_resolved_at >= created_at"),
    (A_AT_LEAST_B, "resolved_at >= first_resolved_at"),
    (BETWEEN, "first_response_minutes >= 0"),
    (BETWEEN, "first_resolution_minutes >= 0"),
    (BETWEEN, "full_resolution_minutes >= 0"),
    (PAIR_EQUAL, "first_response_minutes = first_response_minutes_recomputed"),
    (BETWEEN, "reopen_count >= 0"),
    (PAIR_EQUAL, "is_answered = is_answered_recomputed"),
    (BETWEEN, "csat_score >= 1 and <= 5"),
    *[
        (A_AT_LEAST_B, f"{duration}_minutes >= {duration}_business_minutes")
        for duration in (
            "first_response", "first_human_response_after_bot", "avg_response", "first_resolution",
            "full_resolution", "requester_wait", "agent_wait", "on_hold", "resolved_before_reopen",
        )
    ],
    (BETWEEN, "status_minutes_total_gap >= 0 and <= 1e-06"),
    (BETWEEN, "status_business_minutes_total_gap >= 0 and <= 1e-06"),
    (PAIR_EQUAL, "reply_cycles = reply_cycles_recounted"),
]

FCT_SLA_EVENTS_GATES = [
    (IN_SET, "metric in set"),
    (IN_SET, "sla_status in set"),
    (BETWEEN, "elapsed_minutes >= 0"),
    (BETWEEN, "target_minutes >= 0"),
    (PAIR_EQUAL, "is_breached = is_breached_recomputed"),
    (A_AT_LEAST_B, "breach_at >= started_at"),
    (A_AT_LEAST_B, "stopped_at >= started_at"),
    (PAIR_EQUAL, "first_response_clocks = first_response_clocks_expected"),
]

AGG_HOUR_OF_WEEK_GATES = [
    (PAIR_EQUAL, "arrivals_total = tickets_total"),
    (BETWEEN, "weekday >= 1 and <= 7"),
    (BETWEEN, "hour_of_day >= 0 and <= 23"),
    (BETWEEN, "arrivals_per_hour >= 0"),
    (BETWEEN, "first_response_sla_attainment >= 0 and <= 1"),
]

AGG_CHANNEL_DAILY_GATES = [
    (NOT_NULL, "date_day not null"),
    (NOT_NULL, "channel not null"),
    (COMPOUND_UNIQUE, "(date_day, channel) unique"),
    (A_AT_LEAST_B, "tickets_created >= tickets_answered"),
    (BETWEEN, "resolution_rate >= 0 and <= 1"),
    (BETWEEN, "reopen_rate >= 0 and <= 1"),
    (BETWEEN, "one_touch_rate >= 0 and <= 1"),
    (BETWEEN, "csat_satisfied_share >= 0 and <= 1"),
    (BETWEEN, "csat_mean >= 1 and <= 5"),
    (PAIR_EQUAL, "tickets_created = tickets_created_recounted"),
    (PAIR_EQUAL, "tickets_answered = tickets_answered_recounted"),
]


@pytest.mark.parametrize(
    ("table", "rows", "gates"),
    [
        ("fct_tickets", 5, FCT_TICKETS_GATES),
        ("agg_channel_daily", 4, AGG_CHANNEL_DAILY_GATES),
        ("fct_sla_events", 4, FCT_SLA_EVENTS_GATES),
        ("agg_hour_of_week", 5, AGG_HOUR_OF_WEEK_GATES),
    ],
)
def test_valid_marts_pass_every_gate(
    marts: duckdb.DuckDBPyConnection, table: str, rows: int, gates: list[tuple[str, str]]
) -> None:
    result = validate_table(marts, table)

    assert result.success
    assert (result.suite_name, result.table, result.rows) == (table, table, rows)
    assert [(o.expectation_type, o.label) for o in result.expectations] == gates
    assert [(o.success, o.unexpected_count, o.element_count, o.error) for o in result.expectations] == [
        (True, 0, rows, None)
    ] * len(gates)
    assert all(o.description for o in result.expectations)
    assert result.failures == []


# Each case breaks the valid marts with one statement; the failures are (type, label, unexpected
# count, the offending values as reported), in suite order.
BROKEN_ROWS = {
    "business minutes above calendar minutes": (
        "fct_tickets",
        "update marts.fct_tickets set first_response_business_minutes = 8.0 where ticket_id = 'T1'",
        [(A_AT_LEAST_B, "first_response_minutes >= first_response_business_minutes", 1, ("(7.5, 8.0)",))],
    ),
    "status minutes that do not add up to full resolution": (
        "fct_tickets",
        "update marts.fct_tickets set agent_wait_minutes = 1.0 where ticket_id = 'T1'",
        [(BETWEEN, "status_minutes_total_gap >= 0 and <= 1e-06", 1, ("1.0",))],
    ),
    "a reply cycle missing from fct_reply_cycles": (
        "fct_tickets",
        "delete from marts.fct_reply_cycles where ticket_id = 'T3' and cycle_number = 2",
        [(PAIR_EQUAL, "reply_cycles = reply_cycles_recounted", 1, ("(2, 1)",))],
    ),
    "an SLA breach flag that contradicts the minutes": (
        "fct_sla_events",
        "update marts.fct_sla_events set is_breached = true where ticket_id = 'T1'",
        [(PAIR_EQUAL, "is_breached = is_breached_recomputed", 1, ("(True, False)",))],
    ),
    "hour-of-week arrivals that do not add up to the tickets": (
        "agg_hour_of_week",
        "update marts.agg_hour_of_week set arrivals = arrivals + 1 where channel = 'phone'",
        [(PAIR_EQUAL, "arrivals_total = tickets_total", 5, ("(6.0, 5)",) * 5)],
    ),
    "duplicate ticket_id": (
        "fct_tickets",
        "update marts.fct_tickets set ticket_id = 'T1' where ticket_id = 'T2'",
        # the renamed ticket now also owns T1's reply cycle
        [
            (UNIQUE, "ticket_id unique", 2, ("T1", "T1")),
            (PAIR_EQUAL, "reply_cycles = reply_cycles_recounted", 1, ("(0, 1)",)),
        ],
    ),
    "null ticket_id": (
        "fct_tickets",
        "update marts.fct_tickets set ticket_id = null where ticket_id = 'T2'",
        [(NOT_NULL, "ticket_id not null", 1, ("null",))],
    ),
    "channel outside the vocabulary": (
        "fct_tickets",
        "update marts.fct_tickets set channel = 'fax' where ticket_id = 'T4'",
        [(IN_SET, "channel in set", 1, ("fax",))],
    ),
    "null channel": (
        "fct_tickets",
        "update marts.fct_tickets set channel = null where ticket_id = 'T4'",
        [(NOT_NULL, "channel not null", 1, ("null",))],
    ),
    # The minutes follow the timestamps, so the negative duration fails its own gate too.
    "first response before the request": (
        "fct_tickets",
        "update marts.fct_tickets set first_response_at = timestamptz '2024-03-01 08:55:00+00',"
        " first_response_minutes = -5.0 where ticket_id = 'T1'",
        [
            (A_AT_LEAST_B, "first_response_at >= requested_at", 1, ("(2024-03-01 08:55:00, 2024-03-01 09:00:00)",)),
            (BETWEEN, "first_response_minutes >= 0", 1, ("-5.0",)),
            (A_AT_LEAST_B, "first_response_minutes >= first_response_business_minutes", 1, ("(-5.0, 7.5)",)),
        ],
    ),
    "first resolution before creation": (
        "fct_tickets",
        "update marts.fct_tickets set first_resolved_at = timestamptz '2024-03-01 08:30:00+00'"
        " where ticket_id = 'T1'",
        [(A_AT_LEAST_B, "first_resolved_at >= created_at", 1, ("(2024-03-01 08:30:00, 2024-03-01 09:00:00)",))],
    ),
    "final resolution before the first": (
        "fct_tickets",
        "update marts.fct_tickets set resolved_at = timestamptz '2024-03-01 12:05:00+00' where ticket_id = 'T3'",
        [(A_AT_LEAST_B, "resolved_at >= first_resolved_at", 1, ("(2024-03-01 12:05:00, 2024-03-01 12:10:00)",))],
    ),
    "negative first resolution minutes": (
        "fct_tickets",
        "update marts.fct_tickets set first_resolution_minutes = -1.0 where ticket_id = 'T3'",
        [
            (BETWEEN, "first_resolution_minutes >= 0", 1, ("-1.0",)),
            (A_AT_LEAST_B, "first_resolution_minutes >= first_resolution_business_minutes", 1, ("(-1.0, 10.0)",)),
        ],
    ),
    "negative full resolution minutes": (
        "fct_tickets",
        "update marts.fct_tickets set full_resolution_minutes = -0.5 where ticket_id = 'T4'",
        # the status minutes no longer add up to it, and the business twin now exceeds it
        [
            (BETWEEN, "full_resolution_minutes >= 0", 1, ("-0.5",)),
            (A_AT_LEAST_B, "full_resolution_minutes >= full_resolution_business_minutes", 1, ("(-0.5, 20.0)",)),
            (BETWEEN, "status_minutes_total_gap >= 0 and <= 1e-06", 1, ("20.5",)),
        ],
    ),
    "first response minutes off by one": (
        "fct_tickets",
        "update marts.fct_tickets set first_response_minutes = 8.5 where ticket_id = 'T1'",
        [(PAIR_EQUAL, "first_response_minutes = first_response_minutes_recomputed", 1, ("(8.5, 7.5)",))],
    ),
    # Exact equality: the gate has no tolerance, a last-digit drift fails.
    "first response minutes off by 1e-12": (
        "fct_tickets",
        "update marts.fct_tickets set first_response_minutes = 7.500000000001 where ticket_id = 'T1'",
        [(PAIR_EQUAL, "first_response_minutes = first_response_minutes_recomputed", 1, ("(7.500000000001, 7.5)",))],
    ),
    "first response minutes missing for an answered ticket": (
        "fct_tickets",
        "update marts.fct_tickets set first_response_minutes = null where ticket_id = 'T5'",
        [(PAIR_EQUAL, "first_response_minutes = first_response_minutes_recomputed", 1, ("(null, 2.0083333333333333)",))],
    ),
    "negative reopen count": (
        "fct_tickets",
        "update marts.fct_tickets set reopen_count = -1 where ticket_id = 'T2'",
        [(BETWEEN, "reopen_count >= 0", 1, ("-1",))],
    ),
    "answered ticket flagged unanswered": (
        "fct_tickets",
        "update marts.fct_tickets set is_answered = false where ticket_id = 'T3'",
        [(PAIR_EQUAL, "is_answered = is_answered_recomputed", 1, ("(False, True)",))],
    ),
    "null is_answered": (
        "fct_tickets",
        "update marts.fct_tickets set is_answered = null where ticket_id = 'T2'",
        [(PAIR_EQUAL, "is_answered = is_answered_recomputed", 1, ("(null, False)",))],
    ),
    "csat score off the scale": (
        "fct_tickets",
        "update marts.fct_tickets set csat_score = 6 where ticket_id = 'T1'",
        [(BETWEEN, "csat_score >= 1 and <= 5", 1, ("6",))],
    ),
    # Moving the chat row of 2 March onto 1 March duplicates (1 March, chat); its counts still match.
    "duplicate day and channel": (
        "agg_channel_daily",
        "update marts.agg_channel_daily set date_day = date '2024-03-01' where date_day = date '2024-03-02'"
        " and channel = 'chat'",
        [(COMPOUND_UNIQUE, "(date_day, channel) unique", 2, ("(date_day=2024-03-01 00:00:00, channel=chat)",) * 2)],
    ),
    "more answered than created": (
        "agg_channel_daily",
        "update marts.agg_channel_daily set tickets_answered = 3 where channel = 'email'",
        [
            (A_AT_LEAST_B, "tickets_created >= tickets_answered", 1, ("(2, 3)",)),
            (PAIR_EQUAL, "tickets_answered = tickets_answered_recounted", 1, ("(3, 1)",)),
        ],
    ),
    "tickets created off by one": (
        "agg_channel_daily",
        "update marts.agg_channel_daily set tickets_created = 3 where channel = 'email'",
        [(PAIR_EQUAL, "tickets_created = tickets_created_recounted", 1, ("(3, 2)",))],
    ),
    "resolution rate above one": (
        "agg_channel_daily",
        "update marts.agg_channel_daily set resolution_rate = 1.2 where channel = 'phone'",
        [(BETWEEN, "resolution_rate >= 0 and <= 1", 1, ("1.2",))],
    ),
    "negative reopen rate": (
        "agg_channel_daily",
        "update marts.agg_channel_daily set reopen_rate = -0.1 where channel = 'email'",
        [(BETWEEN, "reopen_rate >= 0 and <= 1", 1, ("-0.1",))],
    ),
    "one-touch rate above one": (
        "agg_channel_daily",
        "update marts.agg_channel_daily set one_touch_rate = 1.5 where channel = 'email'",
        [(BETWEEN, "one_touch_rate >= 0 and <= 1", 1, ("1.5",))],
    ),
    "satisfied share above one": (
        "agg_channel_daily",
        "update marts.agg_channel_daily set csat_satisfied_share = 2.0 where channel = 'email'",
        [(BETWEEN, "csat_satisfied_share >= 0 and <= 1", 1, ("2.0",))],
    ),
    "csat mean below the scale": (
        "agg_channel_daily",
        "update marts.agg_channel_daily set csat_mean = 0.5 where date_day = date '2024-03-01' and channel = 'chat'",
        [(BETWEEN, "csat_mean >= 1 and <= 5", 1, ("0.5",))],
    ),
    # The recount reads fct_tickets: a ticket moved to another UTC day leaves its old row over-counted.
    "ticket moved to another day in fct_tickets": (
        "agg_channel_daily",
        "update marts.fct_tickets set created_at = timestamptz '2024-03-01 14:00:00+00' where ticket_id = 'T5'",
        [
            (PAIR_EQUAL, "tickets_created = tickets_created_recounted", 2, ("(1, 2)", "(1, 0)")),
            (PAIR_EQUAL, "tickets_answered = tickets_answered_recounted", 2, ("(1, 2)", "(1, 0)")),
        ],
    ),
    # 00:30 on 2 March in UTC, even though the session time zone is elsewhere.
    "ticket created just after midnight UTC": (
        "agg_channel_daily",
        "set TimeZone = 'America/New_York';"
        " update marts.fct_tickets set created_at = timestamptz '2024-03-02 00:30:00+00' where ticket_id = 'T2'",
        [
            (PAIR_EQUAL, "tickets_created = tickets_created_recounted", 1, ("(2, 1)",)),
        ],
    ),
}


@pytest.mark.parametrize(("table", "statement", "failures"), list(BROKEN_ROWS.values()), ids=list(BROKEN_ROWS))
def test_broken_row_fails_exactly_its_gates(
    marts: duckdb.DuckDBPyConnection,
    table: str,
    statement: str,
    failures: list[tuple[str, str, int, tuple[str, ...]]],
) -> None:
    marts.execute(statement)

    result = validate_table(marts, table)

    assert not result.success
    assert [
        (o.expectation_type, o.label, o.unexpected_count, o.partial_unexpected) for o in result.failures
    ] == failures
    assert all(o.error is None for o in result.expectations)


def test_missing_column_is_a_failure_with_the_error(marts: duckdb.DuckDBPyConnection) -> None:
    marts.execute("alter table marts.fct_tickets drop column reopen_count")

    result = validate_table(marts, "fct_tickets")

    assert not result.success
    # Still in suite order, although GX reports an expectation whose metric raised first.
    assert [(o.expectation_type, o.label) for o in result.expectations] == FCT_TICKETS_GATES
    [failure] = result.failures
    assert (failure.label, failure.unexpected_count, failure.error) == (
        "reopen_count >= 0",
        None,
        'Error: The column "reopen_count" in BatchData does not exist.',
    )


def test_a_given_suite_file_with_other_expectation_types(marts: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    suite_path = tmp_path / "ticket_shape.json"
    suite_path.write_text(
        json.dumps(
            {
                "name": "ticket_shape",
                "expectations": [
                    {"type": "expect_table_row_count_to_equal", "kwargs": {"value": 5}},
                    {"type": "expect_column_value_lengths_to_equal", "kwargs": {"column": "ticket_id", "value": 2}},
                    {
                        "type": "expect_column_values_to_be_between",
                        "kwargs": {"column": "reopen_count", "max_value": 1, "strict_max": True},
                    },
                ],
            }
        )
    )

    result = validate_table(marts, "fct_tickets", suite_path=suite_path)

    assert (result.suite_name, result.table, result.success) == ("ticket_shape", "fct_tickets", False)
    assert [(o.label, o.success, o.unexpected_count, o.partial_unexpected) for o in result.expectations] == [
        ("expect_table_row_count_to_equal on the table", True, None, ()),
        ("expect_column_value_lengths_to_equal on ticket_id", True, 0, ()),
        ("reopen_count < 1", False, 1, ("1",)),
    ]
