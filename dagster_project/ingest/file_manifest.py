"""The manifest of loaded files, `meta.loaded_files`: what each file in the raw tables was when it was
loaded (size, modification time, SHA-256, the delivery's manifest settings), so a load reads only the
files that are new or changed and drops the rows of files that are gone."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.ingest.deliveries import Delivery
from dagster_project.ingest.readers import FILE_ERRORS

META_SCHEMA = "meta"

LOADED_FILES_DDL = """
CREATE TABLE IF NOT EXISTS meta.loaded_files (
    table_name VARCHAR,
    source_file VARCHAR,
    delivery VARCHAR,
    size_bytes BIGINT,
    modified_at TIMESTAMPTZ,
    modified_ns BIGINT,
    sha256 VARCHAR,
    delivery_settings VARCHAR,
    rows_read BIGINT,
    rows_loaded BIGINT,
    rows_quarantined BIGINT,
    extra_columns VARCHAR[],
    loaded_at TIMESTAMPTZ
)
"""

_CHUNK = 1 << 20


@dataclass(frozen=True)
class RecordedFile:
    source_file: str
    delivery: str
    size_bytes: int
    modified_ns: int
    sha256: str | None
    delivery_settings: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    extra_columns: list[str]


@dataclass(frozen=True)
class FileOnDisk:
    delivery: Delivery
    path: Path
    source_file: str
    size_bytes: int
    modified_ns: int

    @property
    def delivery_settings(self) -> str:
        # Time zone, encoding and export time decide how the same bytes load, so they are part of what was loaded.
        return repr(self.delivery.manifest)


def ensure_manifest_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {META_SCHEMA}")
    con.execute(LOADED_FILES_DDL)


def recorded_files(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, RecordedFile]:
    rows = con.execute(
        """
        SELECT source_file, delivery, size_bytes, modified_ns, sha256, delivery_settings,
               rows_read, rows_loaded, rows_quarantined, extra_columns
        FROM meta.loaded_files WHERE table_name = $table
        """,
        {"table": table},
    ).fetchall()
    return {row[0]: RecordedFile(*row[:-1], list(row[-1] or [])) for row in rows}


def on_disk(delivery: Delivery, path: Path, source_file: str) -> FileOnDisk:
    stat = path.stat()
    return FileOnDisk(delivery, path, source_file, stat.st_size, stat.st_mtime_ns)


def same_as_recorded(file: FileOnDisk, recorded: RecordedFile | None) -> bool:
    """True when size, modification time, delivery and its settings are as recorded: the file is taken as
    unchanged without being read (as rsync and make do)."""
    return (
        recorded is not None
        and recorded.size_bytes == file.size_bytes
        and recorded.modified_ns == file.modified_ns
        and recorded.delivery == file.delivery.name
        and recorded.delivery_settings == file.delivery_settings
    )


def sha256_of(path: Path) -> str | None:
    """The file's SHA-256, or None when it cannot be read (loading it then reports why)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    except FILE_ERRORS:
        return None
    return digest.hexdigest()


def same_content_as_recorded(file: FileOnDisk, sha256: str | None, recorded: RecordedFile) -> bool:
    """True when only the modification time changed (a file copied or touched again)."""
    return (
        sha256 is not None
        and recorded.sha256 == sha256
        and recorded.delivery == file.delivery.name
        and recorded.delivery_settings == file.delivery_settings
    )


def record_file(
    con: duckdb.DuckDBPyConnection,
    table: str,
    file: FileOnDisk,
    sha256: str | None,
    counts: tuple[int, int, int],
    extra_columns: list[str],
) -> None:
    con.execute(
        """
        INSERT INTO meta.loaded_files VALUES (
            $table, $source_file, $delivery, $size, make_timestamp($modified_ns // 1000), $modified_ns,
            $sha256, $settings, $read, $loaded, $quarantined, $extra, now())
        """,
        {
            "table": table,
            "source_file": file.source_file,
            "delivery": file.delivery.name,
            "size": file.size_bytes,
            "modified_ns": file.modified_ns,
            "sha256": sha256,
            "settings": file.delivery_settings,
            "read": counts[0],
            "loaded": counts[1],
            "quarantined": counts[2],
            "extra": extra_columns,
        },
    )


def record_touch(con: duckdb.DuckDBPyConnection, table: str, file: FileOnDisk) -> None:
    con.execute(
        """
        UPDATE meta.loaded_files
        SET size_bytes = $size, modified_at = make_timestamp($modified_ns // 1000), modified_ns = $modified_ns
        WHERE table_name = $table AND source_file = $source_file
        """,
        {"table": table, "source_file": file.source_file, "size": file.size_bytes, "modified_ns": file.modified_ns},
    )


def forget_file(con: duckdb.DuckDBPyConnection, table: str, source_file: str) -> None:
    con.execute(
        "DELETE FROM meta.loaded_files WHERE table_name = $table AND source_file = $source_file",
        {"table": table, "source_file": source_file},
    )
