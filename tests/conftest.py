"""Session-wide warehouses: each fixture runs the real Dagster job (ingest, dbt build, GX checks) once per
test session, whatever the number of xdist workers, and many tests query the result."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_TICKETS = 300

# The modules that take longest (`pytest --durations`, docs/performance.md), longest first. The workers take
# whole modules (--dist loadfile) in collection order: started first, the long ones run side by side while
# the many short ones fill in after them, instead of one long module running alone at the end. The order is
# the whole suite's, measured on main 9265a05 (each module's summed setup and call times).
LONGEST_MODULES = (
    "tests/incremental/test_incremental_zendesk_configuration.py",
    "tests/incremental/test_incremental_refresh.py",
    "tests/warehouse/test_killed_refresh.py",
    "tests/dbt/zendesk/test_zendesk_parity.py",
    "tests/tools/bench/test_bench_harness.py",
    "tests/dbt/business_hours/test_business_minutes_properties.py",
    "tests/tools/cli/test_run_output.py",
    "tests/properties/test_mart_invariants.py",
    "tests/dbt/cross_engine/test_cross_engine_macros.py",
    "tests/report/test_report_browser.py",
    "tests/ingest/adapters/test_zendesk_api_account.py",
    "tests/warehouse/test_warehouse_folder_errors.py",
    "tests/e2e/test_social_threads_twcs.py",
    "tests/warehouse/test_as_of_setting.py",
    "tests/ingest/adapters/test_adapters_social_threads.py",
    "tests/defs/checks/test_gx_validation.py",
    "tests/ingest/adapters/test_adapters_incident_log.py",
    "tests/dbt/test_zendesk_schedule_moves.py",
    "tests/e2e/test_full_refresh.py",
    "tests/dbt/test_dbt_failures_in_dagster.py",
    "tests/ingest/adapters/test_adapters_freshdesk.py",
    "tests/ingest/adapters/test_adapters_intercom.py",
    "tests/tools/demo/test_zendesk_account.py",
    "tests/dbt/test_documentation.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {module: position for position, module in enumerate(LONGEST_MODULES)}
    # A stable sort: the tests of a module keep their order, and the other modules theirs, after these.
    items.sort(key=lambda item: rank.get(item.nodeid.partition("::")[0], len(rank)))


# Modules whose costly session fixture is built per worker process (not through `built_once`): handed to one
# worker together, so it is built once per test session instead of once on each worker that takes one of them.
SAME_WORKER = {
    # business_hours_dbt: a dbt parse and build of the business-hours models and seeds.
    "tests/dbt/business_hours/test_business_minutes_exact.py": "business_hours_dbt",
    "tests/dbt/business_hours/test_business_minutes_properties.py": "business_hours_dbt",
    # hand_built_reports: the service report of the hand-built tickets in both languages.
    "tests/report/test_report_browser.py": "hand_built_reports",
    "tests/report/test_report_numbers.py": "hand_built_reports",
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """--dist loadfile, except that the modules of one SAME_WORKER group are one work unit."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class LoadFileSharingFixtures(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = super()._split_scope(nodeid)
            return SAME_WORKER.get(module, module)

    return LoadFileSharingFixtures(config, log)


@dataclass(frozen=True)
class BuiltWarehouse:
    raw_dir: Path
    path: Path
    result: object  # dagster ExecuteInProcessResult

    def connect(self) -> duckdb.DuckDBPyConnection:
        from dagster_project.warehouse import connect

        return connect(self.path, read_only=True)


def build_warehouse(raw_dir: Path, warehouse_path: Path, vendor_marts: dict[str, str] | None = None) -> BuiltWarehouse:
    from dagster_project.warehouse.refresh import run_full_refresh

    result = run_full_refresh(raw_dir, warehouse_path, vendor_marts=vendor_marts)
    return BuiltWarehouse(raw_dir=raw_dir, path=warehouse_path, result=result)


def built_once(
    tmp_path_factory: pytest.TempPathFactory,
    worker_id: str,
    name: str,
    make_raw_dir: Callable[[Path], None],
    vendor_marts: dict[str, str] | None = None,
) -> BuiltWarehouse:
    """The warehouse of the raw folder `make_raw_dir` writes, built once per test session.

    Each xdist worker is a process of its own, so a session fixture would build it once per worker: the first
    worker to ask builds it in the session's shared temporary folder (the pattern of pytest-xdist's docs, with
    a file lock), and stores the run's events; the others wait for the lock and read the warehouse and the
    run from there: the same `ExecuteInProcessResult`, rebuilt from the events the run stored. Tests read the
    warehouse, or copy it before they change anything."""
    from dagster import deserialize_value, serialize_value
    from dagster._core.execution.execute_in_process_result import ExecuteInProcessResult

    from dagster_project.definitions import defs

    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    root = shared / name
    raw_dir, warehouse, run = root / "raw", root / "warehouse.duckdb", root / "run.json"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if run.exists():
            events, dagster_run = deserialize_value(run.read_text())
            result = ExecuteInProcessResult(
                event_list=events, dagster_run=dagster_run, output_capture=None,
                job_def=defs.resolve_job_def("full_refresh"),
            )  # fmt: skip
            return BuiltWarehouse(raw_dir=raw_dir, path=warehouse, result=result)
        shutil.rmtree(root, ignore_errors=True)
        make_raw_dir(raw_dir)
        built = build_warehouse(raw_dir, warehouse, vendor_marts)
        run.write_text(serialize_value((list(built.result.all_events), built.result.dagster_run)))
        return built


@pytest.fixture(scope="session")
def hand_built(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BuiltWarehouse:
    """The hand-built tickets of tests/fixtures/hand_built, through the whole pipeline."""
    return built_once(
        tmp_path_factory, worker_id, "hand_built", lambda raw_dir: shutil.copytree(FIXTURES / "hand_built", raw_dir)
    )


@pytest.fixture(scope="session")
def hand_built_every_model(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BuiltWarehouse:
    """The hand-built tickets with every vendor's parity marts filled (HELPDESK_<VENDOR>_MARTS=on): a
    warehouse that holds every model of the project."""
    from dagster_project import settings

    return built_once(
        tmp_path_factory, worker_id, "hand_built_every_model",
        lambda raw_dir: shutil.copytree(FIXTURES / "hand_built", raw_dir),
        vendor_marts=dict.fromkeys(settings.MART_VENDORS, "on"),
    )  # fmt: skip


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BuiltWarehouse:
    """A small generated demo delivery, through the whole pipeline."""
    from dagster_project.tools.demo import generate_delivery

    return built_once(
        tmp_path_factory, worker_id, "demo",
        lambda raw_dir: generate_delivery(raw_dir / "2026-09-30-demo", tickets=DEMO_TICKETS, seed=7),
    )  # fmt: skip


@pytest.fixture
def hand_built_con(hand_built: BuiltWarehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    con = hand_built.connect()
    yield con
    con.close()
