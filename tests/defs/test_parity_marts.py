"""Which assets are a vendor's parity part, and the refresh that leaves them out on another vendor's account
(dagster_project/defs/parity_marts.py): the sets, the selection the schedule and the sensor launch, and which
runs count as whole. No run here; the refreshes are in tests/ingest/adapters and tests/e2e."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from dagster import AssetKey, DagsterRun, build_schedule_context, build_sensor_context

from dagster_project.definitions import defs
from dagster_project.settings import DBT_PROJECT_DIR
from dagster_project.defs.dbt_project import TRANSLATOR, manifest
from dagster_project.defs.parity_marts import (
    left_out_keys,
    parity_asset_keys,
    refresh_selection,
    vendors_left_out_by,
)
from dagster_project.defs.resources import WarehouseResource, _covers_everything
from dagster_project.defs.schedules import daily_refresh_schedule
from dagster_project.defs.sensors import new_delivery_sensor
from tests.conftest import FIXTURES

GRAPH = defs.resolve_asset_graph()


def _key(user_string: str) -> AssetKey:
    return AssetKey.from_user_string(user_string)


def test_the_zendesk_part_is_its_models_that_no_other_model_reads() -> None:
    part = parity_asset_keys("zendesk")
    assert len(part) == 31
    assert {_key("marts/zendesk__ticket_metrics"), _key("staging/stg_zendesk__user")} <= part
    # What measures a Zendesk delivery's tickets in our own marts stays in every refresh.
    assert _key("intermediate/int_zendesk__business_schedules") not in part
    assert _key("staging/stg_zendesk__ticket_schedule") not in part
    # Every account's: the reconciliation of a vendor's own metrics (an incident log's SLA verdicts too).
    assert _key("marts/fct_vendor_metric_reconciliation") not in part
    assert all("zendesk" in key.path[-1] for key in part)
    assert parity_asset_keys("intercom") == {_key("marts/intercom__conversation_metrics")}


@pytest.mark.parametrize("vendor", ["zendesk", "intercom"])
def test_nothing_kept_reads_a_left_out_model_but_the_guarded_reconciliation(vendor: str) -> None:
    project = manifest()
    part = parity_asset_keys(vendor)

    def key(uid: str) -> AssetKey:
        return TRANSLATOR.get_asset_spec(project, uid, None).key

    readers = {
        node["name"]
        for uid, node in project["nodes"].items()
        if node["resource_type"] == "model"
        and key(uid) not in part
        and any(parent in project["nodes"] and key(parent) in part for parent in node["depends_on"]["nodes"])
    }
    # It joins zendesk__ticket_metrics only when the var says the Zendesk marts are filled.
    assert readers <= {"fct_vendor_metric_reconciliation"}
    if readers:
        node = project["nodes"]["model.helpdesk_metrics.fct_vendor_metric_reconciliation"]
        text = (DBT_PROJECT_DIR / node["original_file_path"]).read_text()
        assert text.index("{%- if var('zendesk_marts') %}") < text.index("ref('zendesk__ticket_metrics')")
    # A test on a left-out model and a kept one would run against a missing relation.
    spanning = [
        node["name"]
        for node in project["nodes"].values()
        if node["resource_type"] == "test"
        and len({key(parent) in part for parent in node["depends_on"]["nodes"] if parent in project["nodes"]}) > 1
    ]
    assert spanning == []


def _warehouse(raw_dir: Path, tmp_path: Path) -> WarehouseResource:
    return WarehouseResource(raw_dir=str(raw_dir), path=str(tmp_path / "warehouse.duckdb"))


def test_the_schedule_and_the_sensor_leave_out_what_the_account_does_not_fill(tmp_path: Path) -> None:
    raw_dir = tmp_path / "raw"
    shutil.copytree(FIXTURES / "hand_built", raw_dir)
    warehouse = _warehouse(raw_dir, tmp_path)
    expected = sorted(GRAPH.get_all_asset_keys() - left_out_keys(["zendesk", "intercom"]), key=lambda k: k.path)
    assert refresh_selection(GRAPH, raw_dir) == expected

    repository = defs.get_repository_def()
    with build_sensor_context(resources={"warehouse": warehouse}, repository_def=repository) as context:
        assert new_delivery_sensor(context).asset_selection == expected
    with build_schedule_context(resources={"warehouse": warehouse}, repository_def=repository) as context:
        assert daily_refresh_schedule(context).asset_selection == expected
    # The warehouse resource's setting counts, as in the run: on, the Zendesk part is built.
    filled = _warehouse(raw_dir, tmp_path).model_copy(update={"zendesk_marts": "on"})
    with build_sensor_context(resources={"warehouse": filled}, repository_def=repository) as context:
        selection = new_delivery_sensor(context).asset_selection
    assert set(selection) == set(GRAPH.get_all_asset_keys()) - parity_asset_keys("intercom")


def test_a_zendesk_delivery_runs_every_asset_but_the_intercom_mart() -> None:
    selection = refresh_selection(GRAPH, FIXTURES / "zendesk_parity")
    assert selection is not None
    assert set(GRAPH.get_all_asset_keys()) - set(selection) == {_key("marts/intercom__conversation_metrics")}


def test_which_runs_count_as_whole() -> None:
    left_out = left_out_keys(["zendesk", "intercom"])
    refresh = frozenset(refresh_selection(GRAPH, FIXTURES / "hand_built") or ())

    def run(**kwargs: object) -> DagsterRun:
        return DagsterRun(job_name="full_refresh", **kwargs)

    assert _covers_everything(run(), left_out)
    assert _covers_everything(run(asset_selection=refresh), left_out)
    # Without the staffing table (a Python asset), or re-executed, or another vendor's account: not whole.
    assert not _covers_everything(run(asset_selection=refresh - {_key("marts/agg_staffing_hour_of_week")}), left_out)
    assert not _covers_everything(run(asset_selection=refresh, parent_run_id="a-run", root_run_id="a-run"), left_out)
    assert not _covers_everything(run(asset_selection=refresh), parity_asset_keys("intercom"))
    # The selection is the authority: a Zendesk delivery that landed after the sensor chose it is not filled.
    assert vendors_left_out_by(refresh) == ["zendesk", "intercom"]
    assert vendors_left_out_by(refresh - {_key("marts/fct_tickets")}) == []
    assert vendors_left_out_by(None) == []
