"""The encodings a delivered text file is read in, and a UTF-8 copy for encodings DuckDB cannot read.

DuckDB reads UTF-8 and Latin-1 itself. A file in any other encoding Python knows (gb18030, gbk, cp1252,
utf-16, shift_jis, ...) is transcoded, streaming, into a temporary UTF-8 file that DuckDB reads instead.
Nothing is decoded with replacement characters: a byte that does not decode is reported with its offset.
"""

from __future__ import annotations

import codecs
import gzip
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

_CHUNK_BYTES = 1 << 20
# Python's name for an encoding -> DuckDB's name for it.
_DUCKDB_ENCODINGS = {"utf-8": "utf-8", "iso8859-1": "latin-1"}
# Encodings whose ASCII characters are not single ASCII bytes: such a file may still pass as UTF-8, so it
# is only ever read as declared.
_WIDE_ENCODINGS = ("utf-16", "utf-32")


@dataclass(frozen=True)
class BadByte:
    """The first byte at which a file stops being valid in an encoding."""

    offset: int
    value: int
    # 1-based; None for wide encodings, where counting newline bytes would mislead.
    line: int | None

    def __str__(self) -> str:
        where = f"byte {self.offset}" + (f" (line {self.line})" if self.line is not None else "")
        return f"{where} is 0x{self.value:02x}"


def codec_name(encoding: str) -> str:
    """Python's canonical name of a text encoding ('latin-1' is 'iso8859-1'); LookupError when there is none."""
    name = codecs.lookup(encoding).name
    b"".decode(name)  # raises LookupError for codecs that are not text encodings, e.g. base64
    return name


def encodings_to_try(declared: str) -> list[str]:
    """Strict UTF-8 first, then the manifest's encoding: a legacy-encoded file with any non-ASCII text is
    practically never valid UTF-8, while a UTF-8 file in a delivery that declares Latin-1 would otherwise
    be mangled without a trace."""
    name = codec_name(declared)
    if name == "utf-8" or name.startswith(_WIDE_ENCODINGS):
        return [name]
    return ["utf-8", name]


def open_bytes(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when its name ends in .gz."""
    return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")


def first_bad_byte(path: Path, encoding: str) -> BadByte | None:
    """Where `path` stops being valid `encoding`, or None when all of it decodes."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    read = 0
    newlines = 0
    with open_bytes(path) as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            pending = _pending_bytes(decoder)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                return _bad_byte(encoding, pending + chunk, error.start, read - len(pending), newlines)
            read += len(chunk)
            newlines += chunk.count(b"\n")
        pending = _pending_bytes(decoder)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            return _bad_byte(encoding, pending, error.start, read - len(pending), newlines - pending.count(b"\n"))
    return None


@contextmanager
def readable_by_duckdb(path: Path, encoding: str) -> Iterator[tuple[Path, str]]:
    """The file DuckDB should read for `path` in `encoding`, and DuckDB's name for the encoding: `path`
    itself when DuckDB reads the encoding, else a UTF-8 copy in a temporary folder that is removed on exit.
    Raises UnicodeError when `path` is not valid `encoding` (find where with `first_bad_byte`)."""
    native = _DUCKDB_ENCODINGS.get(encoding)
    if native is not None:
        yield path, native
        return
    with tempfile.TemporaryDirectory(prefix="helpdesk-ingest-") as folder:
        copy = Path(folder) / path.name.removesuffix(".gz")
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        with open_bytes(path) as source, copy.open("wb") as target:
            while chunk := source.read(_CHUNK_BYTES):
                target.write(decoder.decode(chunk).encode("utf-8"))
            target.write(decoder.decode(b"", final=True).encode("utf-8"))
        yield copy, "utf-8"


def _pending_bytes(decoder: codecs.IncrementalDecoder) -> bytes:
    # Bytes of an incomplete character kept from the previous chunk; an error offset counts them too.
    state = decoder.getstate()
    return state[0] if isinstance(state, tuple) and isinstance(state[0], bytes) else b""


def _bad_byte(encoding: str, data: bytes, start: int, data_offset: int, newlines_before: int) -> BadByte:
    line = None if encoding.startswith(_WIDE_ENCODINGS) else newlines_before + data[:start].count(b"\n") + 1
    return BadByte(offset=data_offset + start, value=data[start], line=line)
