"""dbt run inside the Dagster process (dbt's programmatic `dbtRunner`) on a manifest parsed once per process.

dagster-dbt 0.29's `DbtCliResource` always runs dbt as a subprocess: every refresh paid dbt's start-up (about
3 s of imports), a parse of the project (1.5-9 s), and a JSON line per dbt event piped to Dagster and parsed
again. Here dbt runs in a worker thread of this process, with the `Manifest` object parsed the first time the
process needs it, and only the result events of each node are converted, with dagster-dbt's public
`DbtCoreCliEventMessage.to_default_asset_events`, into the Dagster outputs and check results they would have
been. dbt-duckdb opens the warehouse file with the same configuration as `warehouse.connect` (read-write,
default config), so both share DuckDB's one database instance per file in this process.
"""

from __future__ import annotations

import fcntl
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, ConfigurableResource, InitResourceContext
from dagster_dbt import DagsterDbtTranslator
from dagster_dbt.asset_utils import (
    DAGSTER_DBT_EXCLUDE_METADATA_KEY,
    DAGSTER_DBT_SELECT_METADATA_KEY,
    DAGSTER_DBT_SELECTOR_METADATA_KEY,
    get_subset_selection_for_context,
)
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage
from dagster_dbt.errors import DagsterDbtCliRuntimeError
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.adapters.duckdb.credentials import DuckDBCredentials
from dbt.cli.main import dbtRunner, dbtRunnerResult
from dbt.contracts.graph.manifest import Manifest
from dbt_common.events.base_types import BaseEvent, EventLevel, EventMsg
from dbt_common.events.event_manager import EventManager
from dbt_common.events.event_manager_client import ctx_set_event_manager
from dbt_common.events.functions import msg_to_dict

from dagster_project.settings import DBT_PROJECT_DIR

# The dbt events dagster-dbt turns into Dagster events (DbtCoreCliEventMessage.is_result_event); every other
# event (one per SQL statement at debug level, among others) is left to dbt's own log.
RESULT_EVENTS = frozenset({"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"})
# Where the project is parsed (manifest.json, the partial-parse state): dbt's default target folder, which
# the Dagster definitions read the manifest from (DbtProject.manifest_path).
PARSE_TARGET = DBT_PROJECT_DIR / "target"
MANIFEST_FILE = "manifest.json"
PARTIAL_PARSE_FILE = "partial_parse.msgpack"


def project_args(target_path: Path) -> list[str]:
    """Where every in-process dbt command finds the project and writes its artifacts and log (dbt.log, as
    JSON lines: the bench reads the phases of a build from it).

    The log keeps dbt's info events, not its debug ones: at debug level dbt logs every SQL statement and
    adapter call, and its threads queue on the log file's lock; profiled on a 13-ticket refresh, that was
    about a fifth of the refresh's CPU. `--log-level-file debug` on a command run by hand brings them back."""
    return [
        "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target_path), "--log-path", str(target_path),
        "--log-format-file", "json", "--log-level-file", "info",
    ]  # fmt: skip


# The levels below every logger's at default settings: dbt logs them only with --debug or a debug log level.
_DEBUG_LEVELS = frozenset({EventLevel.DEBUG, EventLevel.TEST})


class _LevelFirstEventManager(EventManager):
    """dbt's event manager, dropping an event of a level no logger writes before building its message.

    dbt fires a debug event for every SQL statement, adapter call and cache change (thousands per build),
    builds each one's message (its text and a protobuf), and only then hands it to its loggers, which render
    it as a JSON and a text line before Python's logging drops the line by level: about 5% of a small
    refresh's CPU. Callbacks see the same events as before, but the debug ones: the in-process build's
    (`InProcessDbtResource.build`) reads only result and error events, dbt's own only warnings."""

    def fire_event(
        self,
        e: BaseEvent,
        level: EventLevel | None = None,
        node: Any = None,
        force_warn_or_error_handling: bool = False,
    ) -> None:
        if (level or e.level_tag()) in _DEBUG_LEVELS and not any(
            logger.level in _DEBUG_LEVELS for logger in self.loggers
        ):
            return
        super().fire_event(e, level=level, node=node, force_warn_or_error_handling=force_warn_or_error_handling)


# Every dbt command of this process fires through it (dbt's loggers are set up on the current manager).
ctx_set_event_manager(_LevelFirstEventManager())


@dataclass
class _ParsedProject:
    manifest: Manifest | None = None
    # dbt keeps its flags, adapter and event loggers in globals: one command at a time per process.
    lock: threading.RLock = field(default_factory=threading.RLock)
    # The parse started ahead of a build (parse_in_background), under a lock of its own: a build holds `lock`.
    background: threading.Thread | None = None
    starting: threading.Lock = field(default_factory=threading.Lock)


_parsed = _ParsedProject()


def parse_project(target_path: Path) -> Manifest:
    """Parse the project in this process into `target_path` (manifest.json, partial-parse state) and keep
    the parsed manifest for every later build in the process. Processes that start together (test workers,
    `dagster dev` beside `make run`) take turns, and each file lands whole: other processes read manifest.json
    without the lock (the Dagster definitions, as they load), and dbt writes its files in place, so dbt parses
    into a scratch folder beside it and the files are moved in by rename."""
    target_path.mkdir(parents=True, exist_ok=True)
    with _parsed.lock, (target_path / ".parse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        scratch = Path(tempfile.mkdtemp(prefix=".parse-", dir=target_path))
        try:
            if (target_path / PARTIAL_PARSE_FILE).exists():
                shutil.copy2(target_path / PARTIAL_PARSE_FILE, scratch / PARTIAL_PARSE_FILE)
            result = dbtRunner().invoke(["parse", "--quiet", *project_args(scratch)])
            if not result.success or not isinstance(result.result, Manifest):
                raise DagsterDbtCliRuntimeError(f"dbt parse failed: {result.exception or result.result}")
            if (scratch / PARTIAL_PARSE_FILE).exists():
                os.replace(scratch / PARTIAL_PARSE_FILE, target_path / PARTIAL_PARSE_FILE)
            os.replace(scratch / MANIFEST_FILE, target_path / MANIFEST_FILE)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        _parsed.manifest = result.result
    return result.result


def parsed_manifest(target_path: Path) -> Manifest:
    """The manifest this process parsed, parsing it first if it has not (the definitions found a current
    manifest.json, so nothing parsed at load)."""
    return _parsed.manifest or parse_project(target_path)


def parse_in_background() -> None:
    """Start parsing the project in a daemon thread if this process has not parsed it and is not parsing it.

    A build waits on the parse's lock, so it starts on the manifest this thread parsed. If the parse fails,
    the build parses again and reports the error in its step."""
    with _parsed.starting:
        if _parsed.manifest is not None or _parsed.background is not None:
            return

        def parse() -> None:
            # Under the commands' lock: a build that took it first parsed already.
            with _parsed.lock:
                try:
                    parsed_manifest(PARSE_TARGET)
                except Exception:  # the build's own parse raises it where the user sees it
                    pass

        _parsed.background = threading.Thread(target=parse, name="dbt-parse", daemon=True)
        _parsed.background.start()


def _point_at_catalog(manifest: Manifest, catalog: str) -> None:
    """Make the manifest's relations name `catalog`, the DuckDB catalog of the file this build writes.

    dbt bakes the profile's database (dbt-duckdb: the warehouse file's name up to its first dot) into each
    node when it parses; a parse for each warehouse path would cost a full parse (6-9 s) whenever the path
    changes. The project keeps every relation in the profile's database, so moving them all to the run's
    catalog is what that parse would produce."""
    nodes = [*manifest.nodes.values(), *manifest.sources.values()]
    current = next((node.database for node in nodes if node.resource_type == "model"), catalog)
    if current == catalog:
        return
    for node in nodes:
        if node.database == current:
            node.database = catalog
            moved = _in_catalog(getattr(node, "relation_name", None), current, catalog)
            if moved is not None:
                node.relation_name = moved
    # Jinja's `graph` is the manifest's flat graph, dicts built once at parse: the same move there, or a
    # macro looking a model up through it (previous_build_relation) would name the parse's catalog, find no
    # relation, and an incremental build would take every ticket into its scope.
    flat = manifest.flat_graph or {}
    for entry in [*flat.get("nodes", {}).values(), *flat.get("sources", {}).values()]:
        if entry.get("database") == current:
            entry["database"] = catalog
            moved = _in_catalog(entry.get("relation_name"), current, catalog)
            if moved is not None:
                entry["relation_name"] = moved


def _in_catalog(relation_name: str | None, current: str, catalog: str) -> str | None:
    """A relation name in catalog `current` as the same relation in `catalog`; None for any other name."""
    if relation_name and relation_name.startswith(f'"{current}".'):
        return f'"{catalog}".' + relation_name.removeprefix(f'"{current}".')
    return None


def _close_warehouse() -> None:
    # dbt-duckdb leaves its connection to the warehouse open after the command; closing it releases the
    # file's DuckDB instance, so the read-only sessions after dbt (the gates) can open it, and so the last
    # writer's close checkpoints the file before it is published.
    try:
        environment = DuckDBConnectionManager.env()
    except Exception:  # dbt-duckdb raises a bare Exception when dbt stopped before its first query
        return
    environment.close()


def invoke_dbt(
    args: Sequence[str], *, warehouse: Path, target_path: Path, callbacks: Sequence[Callable[[EventMsg], None]] = ()
) -> dbtRunnerResult:
    """`dbt <args>` in this process, on the parsed manifest, against `warehouse` (which `args` name in their
    vars), with its artifacts and log in `target_path`."""
    with _parsed.lock:
        parsed = parsed_manifest(PARSE_TARGET)
        _point_at_catalog(parsed, DuckDBCredentials.path_derived_database_name(str(warehouse)))
        try:
            return dbtRunner(manifest=parsed, callbacks=list(callbacks)).invoke([*args, *project_args(target_path)])
        finally:
            _close_warehouse()


class InProcessDbtResource(ConfigurableResource):
    """`dbt build` (or any dbt command) in this process, streamed as Dagster events."""

    def setup_for_execution(self, context: InitResourceContext) -> None:
        # The resource is set up as a run starts, and its dbt step comes after the ingest: a process that has
        # not parsed the project (the definitions found a current manifest.json) parses it meanwhile, a
        # partial parse of 1-4 s of dbt's Python, instead of inside the dbt step.
        if context.dagster_run is not None:
            parse_in_background()

    def build(
        self,
        args: Sequence[str],
        *,
        context: AssetExecutionContext,
        manifest: Mapping[str, Any],
        translator: DagsterDbtTranslator,
        warehouse: Path,
        target_path: Path,
    ) -> Iterator[Any]:
        """Run `dbt <args>` (which name `warehouse` in their vars) on the assets and checks selected in
        `context` and yield, as each node ends, the Dagster events dagster-dbt would yield for it; raise once
        dbt is done if it failed."""
        selection, indirect_selection = get_subset_selection_for_context(
            context=context,
            manifest=manifest,
            select=context.op.tags.get(DAGSTER_DBT_SELECT_METADATA_KEY),
            exclude=context.op.tags.get(DAGSTER_DBT_EXCLUDE_METADATA_KEY),
            selector=context.op.tags.get(DAGSTER_DBT_SELECTOR_METADATA_KEY),
            dagster_dbt_translator=translator,
            current_dbt_indirect_selection_env=None,
        )
        command = [
            *args,
            *selection,
            *(["--indirect-selection", indirect_selection] if indirect_selection else []),
        ]
        results: queue.Queue[dict[str, Any] | dbtRunnerResult | BaseException] = queue.Queue()
        errors: list[str] = []

        def on_event(message: EventMsg) -> None:
            # Called on dbt's threads for every event, debug ones included: keep it to a name lookup.
            if message.info.name in RESULT_EVENTS:
                results.put(msg_to_dict(message))
            elif message.info.level == "error":
                errors.append(message.info.msg)

        def invoke() -> None:
            try:
                results.put(invoke_dbt(command, warehouse=warehouse, target_path=target_path, callbacks=[on_event]))
            except BaseException as error:  # handed to the step's thread, which raises it
                results.put(error)

        context.log.info(f"Running dbt in process: dbt {' '.join(command)}")
        worker = threading.Thread(target=invoke, name="dbt", daemon=True)
        worker.start()
        while True:
            item = results.get()
            if isinstance(item, dict):
                event = DbtCoreCliEventMessage(raw_event=item, event_history_metadata={})
                yield from event.to_default_asset_events(
                    manifest=manifest, dagster_dbt_translator=translator, context=context, target_path=target_path
                )
                continue
            worker.join()
            if isinstance(item, BaseException):
                raise item
            if not item.success:
                detail = "\n\n".join(["", "Errors from dbt:", *errors]) if errors else ""
                raise DagsterDbtCliRuntimeError(
                    description=f"dbt {' '.join(args)} failed ({item.exception or 'see the results above'}); "
                    f"dbt's debug log: {target_path / 'dbt.log'}{detail}"
                )
            return
