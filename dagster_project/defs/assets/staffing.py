"""`marts/agg_staffing_hour_of_week`: agents needed per channel, team and hour of the week (docs/staffing.md)."""

from dataclasses import asdict

import duckdb
import pyarrow as pa
from dagster import (
    AssetExecutionContext,
    AssetKey,
    MaterializeResult,
    MetadataValue,
    asset,
)

from dagster_project.defs.assets.metadata import table_preview
from dagster_project.defs.resources import WarehouseResource
from dagster_project.staffing import (
    ArrivalSlot,
    QueueTarget,
    StaffedSlot,
    agent_hours_per_week,
    plan_staffing,
)

STAFFING_KEY = AssetKey(["marts", "agg_staffing_hour_of_week"])
ARRIVALS_KEY = AssetKey(["marts", "agg_hour_of_week"])
HANDLE_TIMES_KEY = AssetKey(["raw", "handle_times"])
STAFFING_TABLE = "marts.agg_staffing_hour_of_week"

# The table's columns, in StaffedSlot's order: explicit types, so an empty plan still makes the full table.
STAFFING_SCHEMA = pa.schema(
    [
        ("channel", pa.string()),
        ("team_id", pa.string()),
        ("weekday", pa.int32()),
        ("hour_of_day", pa.int32()),
        ("arrivals_per_hour", pa.float64()),
        ("aht_minutes", pa.float64()),
        ("target_answer_minutes", pa.float64()),
        ("service_level", pa.float64()),
        ("max_occupancy", pa.float64()),
        ("shrinkage", pa.float64()),
        ("agents_needed", pa.int32()),
        ("agents_scheduled", pa.int32()),
        ("expected_service_level", pa.float64()),
        ("expected_occupancy", pa.float64()),
        ("waiting_probability", pa.float64()),
    ]
)


@asset(
    key=STAFFING_KEY,
    group_name="marts",
    deps=[ARRIVALS_KEY, HANDLE_TIMES_KEY],
    kinds={"python", "duckdb"},
    description=(
        "Agents needed per channel, team, weekday and hour of the week to answer the channel's target share of "
        "tickets within its first-response target: Erlang C on the average arrivals of that hour "
        "(marts.agg_hour_of_week) and the channel's handle time (seed handle_times). See docs/staffing.md."
    ),
)
def agg_staffing_hour_of_week(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    with warehouse.connect() as con:
        plan = plan_staffing(read_arrival_slots(con), read_queue_targets(con))
        write_staffing(con, plan.rows)
        preview = table_preview(con, STAFFING_TABLE)
    if plan.channels_without_targets:
        context.log.warning(
            f"no handle_times row for channel {', '.join(plan.channels_without_targets)}: "
            "no staffing computed for it (add the channel to dbt/seeds/handle_times.csv)"
        )
    agent_hours = agent_hours_per_week(plan.rows)
    return MaterializeResult(
        metadata={
            "dagster/row_count": len(plan.rows),
            "preview": preview,
            "agent_hours_per_week": MetadataValue.md(
                "| channel | agent-hours needed | agent-hours scheduled |\n| --- | ---: | ---: |\n"
                + "\n".join(f"| {h.channel} | {h.needed} | {h.scheduled} |" for h in agent_hours)
            ),
            "channels_without_handle_times": MetadataValue.json(plan.channels_without_targets),
        }
    )


def read_arrival_slots(con: duckdb.DuckDBPyConnection) -> list[ArrivalSlot]:
    rows = con.execute(
        """
        select channel, team_id, weekday, hour_of_day, arrivals_per_hour
        from marts.agg_hour_of_week
        order by channel, team_id nulls last, weekday, hour_of_day
        """
    ).fetchall()
    return [ArrivalSlot(*row) for row in rows]


def read_queue_targets(con: duckdb.DuckDBPyConnection) -> list[QueueTarget]:
    # dbt types a seed column of whole numbers (aht_minutes 10) as integer, and column_types may say decimal.
    rows = con.execute(
        """
        select
            channel,
            cast(aht_minutes as double),
            cast(target_answer_minutes as double),
            cast(service_level as double),
            cast(max_occupancy as double),
            cast(shrinkage as double)
        from raw.handle_times
        order by channel
        """
    ).fetchall()
    return [QueueTarget(*row) for row in rows]


def write_staffing(con: duckdb.DuckDBPyConnection, rows: list[StaffedSlot]) -> None:
    frame = pa.Table.from_pylist([asdict(row) for row in rows], schema=STAFFING_SCHEMA)
    con.register("staffing_frame", frame)
    try:
        con.execute("create schema if not exists marts")
        con.execute(f"create or replace table {STAFFING_TABLE} as select * from staffing_frame")
    finally:
        con.unregister("staffing_frame")
