"""Finding every delivery in the raw directory: a canonical one as it lies, any other export shape through
the adapter its manifest's `source` names (ingest/adapters/), which writes canonical table files first."""

from __future__ import annotations

from pathlib import Path

from dagster_project.ingest.adapters.adapted_delivery import adapt_delivery
from dagster_project.ingest.deliveries import (
    Delivery,
    canonical_delivery,
    read_manifest,
    visible_entries,
)
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.export_format import MANIFEST_FILE


def discover_deliveries(raw_dir: Path) -> list[Delivery]:
    """All deliveries in `raw_dir`, oldest first: the files lying directly in it (delivery ""), then each
    subfolder ordered by name. Hidden entries (`.gitkeep`, `.DS_Store`) are skipped."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise IngestError(f"raw directory {raw_dir} does not exist")
    entries = visible_entries(raw_dir)
    root = _read_delivery(raw_dir, "", raw_dir, [e for e in entries if not e.is_dir()])
    deliveries = [root] if root.files or root.unknown_files or (raw_dir / MANIFEST_FILE).exists() else []
    for folder in sorted((e for e in entries if e.is_dir()), key=lambda p: p.name):
        deliveries.append(_read_delivery(raw_dir, folder.name, folder, visible_entries(folder)))
    return deliveries


def _read_delivery(raw_dir: Path, name: str, path: Path, entries: list[Path]) -> Delivery:
    delivery = Delivery(name=name, path=path, manifest=read_manifest(raw_dir, path / MANIFEST_FILE))
    if delivery.manifest.source == "canonical":
        return canonical_delivery(raw_dir, delivery, entries)
    # Another export shape (or an unknown source, which the adapters reject by name).
    return adapt_delivery(raw_dir, delivery, entries)
