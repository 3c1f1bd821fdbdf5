"""How DuckDB reads one delivered file: a FROM item and SQL for its values, without loading anything yet.

The file's columns get positional names (`c0`, `c1`, ...), so no delivered name can clash with our own
columns, and none is ever pasted into SQL: delivered names are only bound as parameters.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dagster_project.ingest.encodings import (
    BadByte,
    encodings_to_try,
    first_bad_byte,
    open_bytes,
    readable_by_duckdb,
)
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.export_format import Table
from dagster_project.ingest.parsing import Delivered
from dagster_project.ingest.sql import Parameters, quote_identifier
from dagster_project.warehouse import scalar

# The temp table `read_file` leaves a file in.
FILE_TABLE = "_ingest_file"
_READ_TABLE = "_ingest_read"
# Why a row that cannot be read at all is quarantined.
UNREADABLE_ROW = "not a JSON object"
# Errors of Python's gzip and file reading, as opposed to DuckDB's.
FILE_ERRORS = (OSError, EOFError, zlib.error)

# Enough of the file to hold its header row.
_HEADER_BYTES = 1 << 20
# The delimiter is the one of these the header row uses most; ties go to the earlier one.
_DELIMITERS = (",", ";", "\t", "|")
# A JSON text never holds a raw control character, so splitting on one keeps every line whole.
_NO_DELIMITER = "\x01"


@dataclass(frozen=True)
class Source:
    """A delivered file as DuckDB reads it. `relation` is a FROM item; the SQL in `values`, `unreadable` and
    from `raw_row` and `extra` refers to its columns; `row_number` to the table its rows are stored in."""

    relation: str
    # Every column the file delivers, in file order (JSON lines: every key of any line, sorted).
    columns: list[str]
    # Each spec column as the file delivers it.
    values: dict[str, Delivered]
    # SQL for the row as delivered, as JSON; binds the column names it needs into the given parameters
    # (only when used: DuckDB rejects parameters a statement does not use).
    raw_row: Callable[[Parameters], str]
    # SQL for the row's columns the spec does not know, as a JSON object; NULL when the file has none.
    extra: Callable[[Parameters], str]
    # True for a row that cannot be read at all; None when every row can.
    unreadable: str | None = None
    row_number: str = "rowid + 1"
    # Columns of `relation` that the stored rows keep besides the typed values.
    kept: tuple[str, ...] = ()


def is_empty(path: Path) -> bool:
    with open_bytes(path) as stream:
        return stream.read(1) == b""


def with_source(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: Table,
    *,
    encoding: str,
    source_file: str,
    manifest: str,
    scratch: str,
    use: Callable[[Source, Parameters], None],
) -> Source:
    """Describe the non-empty file `path` as a Source and call `use(source, params)`, which runs the SQL that
    reads it, while the file DuckDB reads exists (a transcoded copy is removed afterwards); return the
    Source. A text file is read as strict UTF-8 first, then in `encoding` (the manifest's). JSON lines are
    first read into the temp table `scratch`, dropped afterwards. Raises IngestError naming `source_file`
    (and `manifest` for an encoding problem) when the file cannot be read."""
    if path.name.endswith(".parquet"):
        try:
            params = Parameters()
            source = parquet_source(con, path, table, params)
            use(source, params)
        except duckdb.Error as error:
            raise IngestError(f"{source_file}: cannot be read: {_describe(error)}") from error
        return source
    encodings = encodings_to_try(encoding)
    for attempt, candidate in enumerate(encodings):
        try:
            with readable_by_duckdb(path, candidate) as (readable, duckdb_encoding):
                params = Parameters()
                if path.name.endswith((".jsonl", ".jsonl.gz")):
                    source = json_lines_source(con, readable, duckdb_encoding, table, params, scratch)
                else:
                    source = csv_source(readable, duckdb_encoding, table, params)
                use(source, params)
            return source
        except (duckdb.Error, UnicodeError) as error:
            failure: Exception = error
        except FILE_ERRORS as error:
            raise IngestError(f"{source_file}: cannot be read: {error}") from error
        finally:
            con.execute(f"DROP TABLE IF EXISTS {scratch}")
        try:
            bad = first_bad_byte(path, candidate)
        except FILE_ERRORS as error:
            raise IngestError(f"{source_file}: cannot be read: {error}") from error
        if bad is None:
            raise IngestError(f"{source_file}: cannot be read: {_describe(failure)}") from failure
        if attempt + 1 == len(encodings):
            raise IngestError(_not_decodable(source_file, manifest, encodings, bad)) from failure
    raise AssertionError("encodings_to_try returns at least one encoding")


def read_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    table: Table,
    *,
    encoding: str,
    source_file: str | None = None,
    raw_row: bool = True,
) -> list[str]:
    """Load `path` into the temp table `_ingest_file` and return the columns the file declares (JSON lines:
    every key of any line). `_ingest_file` holds `_row_number` (1-based data row; JSON lines: line number),
    `_raw_row` (the row as delivered, as JSON; NULL unless `raw_row`, since building it for every row is
    most of the read's cost) and one VARCHAR column per spec column the file has. An empty file declares
    no columns and has no rows. Raises IngestError for a file that cannot be read, including a JSON line
    that is not an object. (The vendor adapters read their source files with it.)"""
    name = source_file or path.name
    try:
        empty = is_empty(path)
    except FILE_ERRORS as error:
        raise IngestError(f"{name}: cannot be read: {error}") from error
    if empty:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {FILE_TABLE} (_row_number BIGINT, _raw_row JSON)")
        return []

    def load(source: Source, params: Parameters) -> None:
        values = "".join(f", {value.text} AS {quote_identifier(spec)}" for spec, value in source.values.items())
        raw = source.raw_row(params) if raw_row else "NULL::JSON"
        if source.unreadable is None:
            # Every row can be read (CSV, Parquet): numbered as it is read, in file order, in one pass instead
            # of a copy numbered from its rowids (half the read's cost on a large file).
            con.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE {FILE_TABLE} AS
                SELECT row_number() OVER () AS _row_number, {raw} AS _raw_row{values}
                FROM {source.relation}
                """,
                params.values,
            )
            return
        kept = "".join(f", {name}" for name in source.kept)
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {_READ_TABLE} AS
            SELECT {raw} AS _raw_row, {source.unreadable} AS _unreadable{values}{kept}
            FROM {source.relation}
            """,
            params.values,
        )
        unreadable = scalar(con, f"SELECT min({source.row_number}) FROM {_READ_TABLE} WHERE _unreadable")
        if unreadable is not None:
            raise IngestError(f"{name}: line {unreadable} is {UNREADABLE_ROW}")
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE {FILE_TABLE} AS
            SELECT {source.row_number} AS _row_number, * EXCLUDE (_unreadable{kept})
            FROM {_READ_TABLE} ORDER BY rowid
            """
        )
        con.execute(f"DROP TABLE {_READ_TABLE}")

    source = with_source(
        con, path, table, encoding=encoding, source_file=name, manifest="manifest.json", scratch=f"{FILE_TABLE}_lines",
        use=load,
    )
    return source.columns


def csv_source(path: Path, encoding: str, table: Table, params: Parameters) -> Source:
    """A CSV file in `encoding` (utf-8 or latin-1). The header row is read here: its delimiter is the
    file's, and quoting is RFC 4180 (`"`, doubled inside a field). Nothing else is guessed, so a row
    with too many or too few fields stops the load instead of being padded or skipped."""
    delimiter, columns = _csv_header(path, encoding)
    positional = [f"c{i}" for i in range(len(columns))]
    types = ", ".join(f"'{name}': 'VARCHAR'" for name in positional)
    relation = (
        f"read_csv({params.bind(str(path))}, columns = {{{types}}}, header = true, auto_detect = false,"
        f" delim = {params.bind(delimiter)}, quote = '\"', escape = '\"', comment = '',"
        f" encoding = {params.bind(encoding)})"
    )
    return _positional_source(relation, columns, ["VARCHAR"] * len(columns), table)


def parquet_source(con: duckdb.DuckDBPyConnection, path: Path, table: Table, params: Parameters) -> Source:
    """A Parquet file: each column keeps its own type, so typed columns need no parsing."""
    described = con.execute("DESCRIBE SELECT * FROM read_parquet($path)", {"path": str(path)}).fetchall()
    columns = [row[0] for row in described]
    aliases = ", ".join(f"c{i}" for i in range(len(columns)))
    relation = f"read_parquet({params.bind(str(path))}) AS delivered({aliases})"
    return _positional_source(relation, columns, [row[1] for row in described], table)


def json_lines_source(
    con: duckdb.DuckDBPyConnection, path: Path, encoding: str, table: Table, params: Parameters, lines_table: str
) -> Source:
    """A JSON lines file, read line by line into `lines_table` so that a line that is not a JSON object
    is a row of its own (quarantined with its line number) rather than an error for the whole file.
    Values arrive as the text delivered (`42`, `true`); a key missing from a line is a missing value."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {lines_table} AS
        SELECT line, CASE WHEN json_valid(line) THEN CASE json_type(line) WHEN 'OBJECT' THEN line END END AS object
        FROM read_csv($path, columns = {{'line': 'VARCHAR'}}, header = false, auto_detect = false,
                      delim = $delimiter, quote = '', escape = '', comment = '', encoding = $encoding)
        """,
        {"path": str(path), "delimiter": _NO_DELIMITER, "encoding": encoding},
    )
    keys = [
        row[0]
        for row in con.execute(
            f"SELECT DISTINCT unnest(json_keys(object)) AS key FROM {lines_table} ORDER BY key"
        ).fetchall()
    ]
    positions = _spec_positions(table, keys)
    paths = [_json_path(keys[index]) for index in positions.values()]
    extracted = f"json_extract_string(object, {params.bind(paths)})" if paths else "NULL::VARCHAR[]"
    values = "".join(f", _values[{n}] AS c{n}" for n in range(1, len(paths) + 1))
    relation = f"""(
        SELECT *{values}
        FROM (
            SELECT rowid + 1 AS _row_number, line AS _line, object AS _object,
                   {extracted} AS _values
            FROM {lines_table}
            WHERE trim(line) <> ''
        )
    )"""
    known = {keys[index] for index in positions.values()}

    def extra(extra_params: Parameters) -> str:
        if len(known) == len(keys):
            return "NULL"
        # A merge patch that sets a key to null removes it: what is left are the keys the spec does not know.
        drop_known = extra_params.bind(json.dumps(dict.fromkeys(sorted(known))))
        return f"NULLIF(json_merge_patch(_object, {drop_known}), '{{}}'::JSON)"

    return Source(
        relation=relation,
        columns=keys,
        values={spec: Delivered(f"c{n}") for n, spec in enumerate(positions, start=1)},
        raw_row=lambda _params: "CASE WHEN _object IS NOT NULL THEN _object::JSON ELSE to_json(_line) END",
        extra=extra,
        unreadable="_object IS NULL",
        row_number="_row_number",
        kept=("_row_number",),
    )


def normalize_column_name(name: str) -> str:
    return name.strip().lower()


def _positional_source(relation: str, columns: list[str], types: list[str], table: Table) -> Source:
    positions = _spec_positions(table, columns)
    known = set(positions.values())
    extra = [i for i in range(len(columns)) if i not in known]
    return Source(
        relation=relation,
        columns=columns,
        values={spec: Delivered(f"c{index}", types[index]) for spec, index in positions.items()},
        raw_row=lambda row_params: _json_object(row_params, columns, list(range(len(columns)))),
        extra=lambda extra_params: _json_object(extra_params, columns, extra) if extra else "NULL",
    )


def _json_object(params: Parameters, columns: list[str], indexes: list[int]) -> str:
    return "json_object(" + ", ".join(f"{params.bind(columns[i])}, c{i}" for i in indexes) + ")"


def _csv_header(path: Path, encoding: str) -> tuple[str, list[str]]:
    """The delimiter and column names of a CSV file's header row (none when the first line is empty).
    Raises UnicodeDecodeError when the start of the file is not valid `encoding`."""
    with open_bytes(path) as stream:
        head = codecs.getincrementaldecoder(encoding)("strict").decode(stream.read(_HEADER_BYTES))
    head = head.removeprefix("\ufeff")
    first_line = head.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first_line.count)
    return delimiter, next(csv.reader(io.StringIO(head), delimiter=delimiter), [])


def _spec_positions(table: Table, columns: list[str]) -> dict[str, int]:
    """Where each spec column sits among the file's columns; names match ignoring case and surrounding
    blanks, the first match wins."""
    positions: dict[str, int] = {}
    for index, name in enumerate(columns):
        spec = normalize_column_name(name)
        if spec in table.column_names and spec not in positions:
            positions[spec] = index
    return positions


def _json_path(key: str) -> str:
    # Only keys matching a spec column name get here, so they hold no quote to escape.
    return '$."' + key + '"'


def _not_decodable(source_file: str, manifest: str, encodings: list[str], bad: BadByte) -> str:
    if encodings == ["utf-8"]:
        return (
            f"{source_file}: is not valid UTF-8: {bad}; set \"encoding\" in {manifest} to the file's encoding,"
            f' e.g. "latin-1" or "gb18030"'
        )
    expected = f"neither valid UTF-8 nor valid {encodings[-1]}" if len(encodings) > 1 else f"not valid {encodings[-1]}"
    return f"{source_file}: is {expected} (the encoding {manifest} gives): {bad}"


def _describe(error: Exception) -> str:
    """The informative part of a DuckDB error: the lines before its list of possible fixes, e.g.
    "CSV Error on Line: 3; Original Line: T1,x,y; Expected Number of Columns: 2 Found: 3"."""
    lines: list[str] = []
    for line in str(error).strip().splitlines():
        if not line.strip() and lines or line.startswith("Possible"):
            break
        if line.strip():
            lines.append(line.strip())
    return "; ".join(lines) or type(error).__name__
