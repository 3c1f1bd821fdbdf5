"""What a delivery is: a folder of the raw directory with its manifest settings, table files and unknown
files. Finding them all, canonical or adapted, is ingest/discovery.py."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from dagster_project.ingest.encodings import codec_name
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.export_format import FILE_SUFFIXES, MANIFEST_FILE, TABLES


@dataclass(frozen=True)
class Manifest:
    """The settings a delivery's `manifest.json` may set; a delivery without one gets these defaults."""

    timezone: str = "UTC"
    encoding: str = "utf-8"
    source: str = "canonical"
    # When the export was taken (ISO 8601 with an offset): a row stamped more than a day later is quarantined.
    exported_at: datetime | None = None
    # Freshdesk only: whether a public note is a reply (`replies`, as Freshdesk counts first response and
    # resolution) or an internal note (`internal`).
    public_notes: str = "replies"
    # Zendesk only: `on` builds the Zendesk marts with fivetran/dbt_zendesk's definitions
    # (ingest/adapters/zendesk_compat.py); HELPDESK_ZENDESK_COMPAT overrides it.
    zendesk_compat: str = "off"


# The sources whose adapters read `public_notes`, and its values.
PUBLIC_NOTES_SOURCES = ("freshdesk",)
PUBLIC_NOTES = ("replies", "internal")
ZENDESK_COMPAT = ("on", "off")


@dataclass(frozen=True)
class Delivery:
    # Folder name; "" for the table files lying directly in the raw directory.
    name: str
    path: Path
    manifest: Manifest = Manifest()
    files: dict[str, Path] = field(default_factory=dict)
    unknown_files: list[Path] = field(default_factory=list)


def relative_name(raw_dir: Path, path: Path) -> str:
    """How a file is named in errors, metadata and lineage columns: relative to the raw dir, with `/`."""
    return path.relative_to(raw_dir).as_posix()


def table_of(file_name: str) -> str | None:
    """The table a file holds, or None when its name is not `<known table><known suffix>`."""
    for suffix in FILE_SUFFIXES:
        if file_name.endswith(suffix):
            stem = file_name[: -len(suffix)]
            return stem if stem in TABLES else None
    return None


def delivery_manifests(raw_dir: Path) -> list[Manifest]:
    """The manifest of every delivery in `raw_dir` (the manifests alone: nothing is converted or read)."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        return []
    folders = [raw_dir, *(e for e in visible_entries(raw_dir) if e.is_dir())]
    return [read_manifest(raw_dir, folder / MANIFEST_FILE) for folder in folders]


def delivery_sources(raw_dir: Path) -> set[str]:
    """The `source` of every delivery in `raw_dir` (from the manifests alone: nothing is converted or read)."""
    return {manifest.source for manifest in delivery_manifests(raw_dir)}


def visible_entries(folder: Path) -> list[Path]:
    """A folder's entries by name, without hidden ones (`.gitkeep`, `.DS_Store`, an adapter's `.canonical/`)."""
    return sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)


def canonical_delivery(raw_dir: Path, delivery: Delivery, entries: list[Path]) -> Delivery:
    """`delivery` with its entries sorted into table files and unknown files, by the canonical file names."""
    files: dict[str, Path] = {}
    unknown: list[Path] = []
    for entry in entries:
        if entry.name == MANIFEST_FILE:
            continue
        table = table_of(entry.name) if entry.is_file() else None
        if table is None:
            unknown.append(entry)
        elif table in files:
            # Loading both would double the table's rows (typically a file next to its compressed copy).
            raise IngestError(
                f"{relative_name(raw_dir, entry)}: delivery {delivery.name!r} already has "
                f"{files[table].name} for table {table!r}; keep one file per table"
            )
        else:
            files[table] = entry
    return replace(delivery, files=files, unknown_files=unknown)


def read_manifest(raw_dir: Path, path: Path) -> Manifest:
    if not path.exists():
        return Manifest()
    where = relative_name(raw_dir, path)
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IngestError(f"{where}: cannot be read as JSON: {error}") from error
    if not isinstance(settings, dict):
        raise IngestError(f"{where}: must be a JSON object")
    known = Manifest.__dataclass_fields__
    # A misspelt key would otherwise silently fall back to its default (e.g. timestamps read as UTC).
    unknown_keys = sorted(set(settings) - set(known))
    if unknown_keys:
        raise IngestError(f"{where}: unknown key {unknown_keys[0]!r} (known keys: {', '.join(known)})")
    for key, value in settings.items():
        if not isinstance(value, str) or not value.strip():
            raise IngestError(f"{where}: {key!r} must be a non-empty string, got {value!r}")
    values: dict[str, object] = {key: value.strip() for key, value in settings.items()}
    if "encoding" in values:
        _check_encoding(where, str(values["encoding"]))
    if "exported_at" in values:
        values["exported_at"] = _instant(where, str(values["exported_at"]))
    if "public_notes" in values:
        _check_public_notes(where, str(values["public_notes"]), str(values.get("source", Manifest.source)))
    if "zendesk_compat" in values:
        _check_zendesk_compat(where, str(values["zendesk_compat"]), str(values.get("source", Manifest.source)))
    return Manifest(**values)  # type: ignore[arg-type]


def _check_encoding(where: str, encoding: str) -> None:
    try:
        codec_name(encoding)
    except LookupError as error:
        raise IngestError(f"{where}: unknown encoding {encoding!r} (e.g. utf-8, latin-1, cp1252, gb18030)") from error


def _check_public_notes(where: str, value: str, source: str) -> None:
    if source not in PUBLIC_NOTES_SOURCES:
        raise IngestError(f"{where}: 'public_notes' is an option of source 'freshdesk', not of {source!r}")
    if value not in PUBLIC_NOTES:
        raise IngestError(f"{where}: 'public_notes' must be one of {', '.join(PUBLIC_NOTES)}, got {value!r}")


def _check_zendesk_compat(where: str, value: str, source: str) -> None:
    if not source.startswith("zendesk"):
        raise IngestError(f"{where}: 'zendesk_compat' is an option of the Zendesk sources, not of {source!r}")
    if value not in ZENDESK_COMPAT:
        raise IngestError(f"{where}: 'zendesk_compat' must be one of {', '.join(ZENDESK_COMPAT)}, got {value!r}")


def _instant(where: str, text: str) -> datetime:
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        instant = None
    if instant is None or instant.utcoffset() is None:
        raise IngestError(
            f"{where}: 'exported_at' must be an ISO 8601 time with an offset, e.g. 2024-05-01T06:00:00Z, got {text!r}"
        )
    return instant
