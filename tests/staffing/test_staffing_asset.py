"""The `marts/agg_staffing_hour_of_week` asset materialized by Dagster on a small hand-made warehouse (no dbt run)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from dagster import AssetKey, materialize

from dagster_project.defs.assets.staffing import agg_staffing_hour_of_week
from dagster_project.defs.resources import WarehouseResource
from dagster_project.warehouse import connect

WEEK = [(weekday, hour) for weekday in range(1, 8) for hour in range(24)]
# The slots with arrivals: (channel, team, weekday, hour) -> arrivals per hour. Every other hour of the week of
# each channel and team has none, as in agg_hour_of_week.
BUSY = {
    ("chat", "T1", 1, 9): 200.0,
    ("chat", "T1", 1, 10): 330.0,
    ("chat", None, 7, 23): 200.0,
    ("social", "T1", 3, 14): 4.0,
}


def _arrivals() -> pa.Table:
    rows = [
        {
            "channel": channel,
            "team_id": team_id,
            "weekday": weekday,
            "hour_of_day": hour,
            "arrivals": round(BUSY.get((channel, team_id, weekday, hour), 0.0) * 2),
            "arrivals_per_hour": BUSY.get((channel, team_id, weekday, hour), 0.0),
            "weeks_in_range": 2.0,
        }
        for channel, team_id in [("chat", "T1"), ("chat", None), ("social", "T1")]
        for weekday, hour in WEEK
    ]
    return pa.Table.from_pylist(rows)


def _handle_times() -> pa.Table:
    # As dbt seeds them: whole-number columns are integers. Phone has a row but no arrivals; social has
    # arrivals but no row.
    return pa.table(
        {
            "channel": ["chat", "phone"],
            "aht_minutes": pa.array([3, 6], pa.int32()),
            "target_answer_minutes": [20 / 60, 1.0],
            "service_level": [0.8, 0.8],
            "max_occupancy": [0.85, 0.85],
            "shrinkage": [0.3, 0.3],
        }
    )


@pytest.fixture(scope="module")
def staffed(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path]:
    root = tmp_path_factory.mktemp("staffing")
    published = root / "warehouse.duckdb"
    con = connect(published)
    try:
        inputs = [("marts", "agg_hour_of_week", _arrivals()), ("raw", "handle_times", _handle_times())]
        for schema, table, frame in inputs:
            con.register("frame", frame)
            con.execute(f"create schema if not exists {schema}")
            con.execute(f"create table {schema}.{table} as select * from frame")
            con.unregister("frame")
    finally:
        con.close()
    warehouse = WarehouseResource(raw_dir=str(root / "raw"), path=str(published))
    result = materialize([agg_staffing_hour_of_week], resources={"warehouse": warehouse})
    return result, warehouse.warehouse_path


def _rows(path: Path, sql: str) -> list[tuple]:
    con = connect(path, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_staffing_rows_per_channel_team_and_hour(staffed: tuple[object, Path]) -> None:
    result, path = staffed
    assert result.success

    busy = _rows(
        path,
        """
        select channel, team_id, weekday, hour_of_day, arrivals_per_hour, aht_minutes, target_answer_minutes,
            service_level, agents_needed, agents_scheduled, round(expected_service_level, 4),
            round(expected_occupancy, 4), round(waiting_probability, 4)
        from marts.agg_staffing_hour_of_week
        where agents_needed > 0
        order by channel, team_id, weekday, hour_of_day
        """,
    )
    assert busy == [
        ("chat", "T1", 1, 9, 200.0, 3.0, 20 / 60, 0.8, 14, 20, 0.8884, 0.7143, 0.1741),
        ("chat", "T1", 1, 10, 330.0, 3.0, 20 / 60, 0.8, 21, 30, 0.8694, 0.7857, 0.2154),
        ("chat", None, 7, 23, 200.0, 3.0, 20 / 60, 0.8, 14, 20, 0.8884, 0.7143, 0.1741),
    ]
    # Every other hour of the week of both chat queues: nobody needed, nothing expected.
    assert _rows(
        path,
        """
        select count(*), count(expected_service_level), count(expected_occupancy), count(waiting_probability),
            sum(agents_scheduled)
        from marts.agg_staffing_hour_of_week
        where arrivals_per_hour = 0
        """,
    ) == [(2 * 168 - 3, 0, 0, 0, 0)]


def test_channel_without_handle_times_gets_no_rows(staffed: tuple[object, Path]) -> None:
    _, path = staffed

    assert _rows(path, "select channel, count(*) from marts.agg_staffing_hour_of_week group by all") == [("chat", 336)]


def test_table_columns_and_types(staffed: tuple[object, Path]) -> None:
    _, path = staffed

    assert _rows(
        path,
        """
        select column_name, data_type from information_schema.columns
        where table_schema = 'marts' and table_name = 'agg_staffing_hour_of_week'
        order by ordinal_position
        """,
    ) == [
        ("channel", "VARCHAR"),
        ("team_id", "VARCHAR"),
        ("weekday", "INTEGER"),
        ("hour_of_day", "INTEGER"),
        ("arrivals_per_hour", "DOUBLE"),
        ("aht_minutes", "DOUBLE"),
        ("target_answer_minutes", "DOUBLE"),
        ("service_level", "DOUBLE"),
        ("max_occupancy", "DOUBLE"),
        ("shrinkage", "DOUBLE"),
        ("agents_needed", "INTEGER"),
        ("agents_scheduled", "INTEGER"),
        ("expected_service_level", "DOUBLE"),
        ("expected_occupancy", "DOUBLE"),
        ("waiting_probability", "DOUBLE"),
    ]


def test_materialization_metadata(staffed: tuple[object, Path]) -> None:
    result, _ = staffed
    [event] = result.get_asset_materialization_events()
    materialization = event.materialization
    metadata = materialization.metadata

    assert materialization.asset_key == AssetKey(["marts", "agg_staffing_hour_of_week"])
    assert metadata["dagster/row_count"].value == 336
    assert metadata["channels_without_handle_times"].value == ["social"]
    assert metadata["agent_hours_per_week"].value == (
        "| channel | agent-hours needed | agent-hours scheduled |\n| --- | ---: | ---: |\n| chat | 49 | 70 |"
    )
    header, _, first_row, *_ = metadata["preview"].value.splitlines()
    assert [cell.strip() for cell in header.split("|")[1:5]] == ["channel", "team_id", "weekday", "hour_of_day"]
    assert [cell.strip() for cell in first_row.split("|")[1:5]] == ["chat", "T1", "1", "0"]
