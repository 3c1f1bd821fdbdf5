"""Turning a delivery of another export shape into canonical table files that the canonical loader loads.

The manifest's `source` picks the adapter. Its output goes to the hidden folder `.canonical/` inside the
delivery (hidden, so discovery never takes it for a delivery or a table file): one Parquet file per
canonical table, every value as text with its `source_file` and `source_row`, plus `accounts.json` (where
every source row went). The folder is rebuilt only when the delivery's files, the mapping or the adapter
code change, because each raw table's load discovers the deliveries again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path

from dagster_project.ingest.adapters import (
    freshdesk,
    incident_log,
    intercom,
    mapping_file,
    social_threads,
    zendesk_api,
    zendesk_fivetran,
)
from dagster_project.ingest.adapters.canonical_output import (
    SourceAccount,
    TableMapping,
    canonical_folder,
    combine_parquet,
    write_rows,
)
from dagster_project.ingest.adapters.source_files import SourceFiles
from dagster_project.ingest.deliveries import Delivery, relative_name
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.export_format import MANIFEST_FILE, TABLES
from dagster_project.warehouse import connect

ACCOUNTS_FILE = "accounts.json"
_FINGERPRINT_FILE = "fingerprint"
MAPPING_PREFIX = "mapping:"

Adapter = Callable[[SourceFiles], list[TableMapping]]
ADAPTERS: dict[str, Adapter] = {
    "zendesk_fivetran": zendesk_fivetran.table_mappings,
    "zendesk_api": zendesk_api.table_mappings,
    "intercom": intercom.table_mappings,
    "freshdesk": freshdesk.table_mappings,
    "incident_log": incident_log.table_mappings,
    "social_threads": social_threads.table_mappings,
}
SUPPORTED_SOURCES = "canonical, " + ", ".join(ADAPTERS) + ", mapping:<file>"
_PACKAGE_DIR = Path(__file__).parent


def adapt_delivery(raw_dir: Path, delivery: Delivery, entries: list[Path]) -> Delivery:
    """The delivery as canonical table files: converted by the adapter its manifest names (or reused from
    the last conversion when nothing changed). Raises IngestError for an unknown source, a missing or bad
    mapping file, or a source file that cannot be read or lacks a required column."""
    manifest_name = relative_name(raw_dir, delivery.path / MANIFEST_FILE)
    adapter, mapping_path, timezone = _adapter_for(delivery, manifest_name)
    delivery = replace(delivery, manifest=replace(delivery.manifest, timezone=timezone))
    folder = canonical_folder(delivery.path)
    fingerprint = _fingerprint(delivery, entries, mapping_path)
    if _read_fingerprint(folder) != fingerprint:
        _convert(raw_dir, delivery, entries, adapter, folder, fingerprint)
    accounts = read_accounts(delivery.path)
    used = {a.source_file for a in accounts}
    unknown = [e for e in entries if e.name != MANIFEST_FILE and e != mapping_path]
    return replace(
        delivery,
        files={a.table: folder / f"{a.table}.parquet" for a in accounts if a.table in TABLES},
        unknown_files=[e for e in unknown if relative_name(raw_dir, e) not in used],
    )


def read_accounts(delivery_path: Path) -> list[SourceAccount]:
    """Where every source row of an adapted delivery went, per source file and table."""
    path = canonical_folder(delivery_path) / ACCOUNTS_FILE
    return [SourceAccount(**account) for account in json.loads(path.read_text(encoding="utf-8"))]


def _adapter_for(delivery: Delivery, manifest_name: str) -> tuple[Adapter, Path | None, str]:
    """The adapter, its mapping file if any, and the zone of timestamps delivered without an offset."""
    source, timezone = delivery.manifest.source, delivery.manifest.timezone
    if source in ADAPTERS:
        return ADAPTERS[source], None, timezone
    name = source[len(MAPPING_PREFIX):].strip() if source.startswith(MAPPING_PREFIX) else ""
    if not name:
        raise IngestError(f"{manifest_name}: unknown source {source!r} (supported: {SUPPORTED_SOURCES})")
    path = mapping_file.resolve(delivery.path, name)
    if path is None:
        raise IngestError(f"{manifest_name}: mapping file {name!r} not found in the delivery or built in")
    mapping = mapping_file.read(path)
    zone = mapping.timezone or timezone
    return (lambda files: mapping_file.table_mappings(files, mapping, zone)), path, zone


def _convert(
    raw_dir: Path, delivery: Delivery, entries: list[Path], adapter: Adapter, folder: Path, fingerprint: str
) -> None:
    # Written beside the folder, then swapped in, so an interrupted conversion never leaves half a delivery.
    staging = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
    except OSError as error:
        where = relative_name(raw_dir, delivery.path) or "."
        raise IngestError(f"{where}: cannot write the adapted delivery {staging.name}: {error}") from error
    con = connect(":memory:")
    try:
        files = SourceFiles(con, raw_dir, entries, delivery.manifest.encoding, delivery.manifest)
        accounts, parts = [], {}
        for number, mapping in enumerate(adapter(files)):
            part = staging / f"{mapping.table.name}.{number}.part.parquet"
            accounts.append(write_rows(con, mapping, files.read_files[mapping.source.name], part))
            parts.setdefault(mapping.table.name, []).append(part)
        for table, table_parts in parts.items():
            combine_parquet(con, table_parts, staging / f"{table}.parquet")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        con.close()
    (staging / ACCOUNTS_FILE).write_text(json.dumps([asdict(a) for a in accounts], indent=1), encoding="utf-8")
    (staging / _FINGERPRINT_FILE).write_text(fingerprint, encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)


def _fingerprint(delivery: Delivery, entries: list[Path], mapping_path: Path | None) -> str:
    """Changes when a delivered file, the manifest, the mapping or the adapter code changes."""
    digest = hashlib.sha256(repr(delivery.manifest).encode())
    watched = [e for e in entries if e.is_file()] + ([mapping_path] if mapping_path else [])
    watched += sorted(p for p in _PACKAGE_DIR.rglob("*") if p.suffix in (".py", ".yml"))
    for path in watched:
        stat = path.stat()
        digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _read_fingerprint(folder: Path) -> str | None:
    path = folder / _FINGERPRINT_FILE
    return path.read_text(encoding="utf-8") if path.exists() else None

