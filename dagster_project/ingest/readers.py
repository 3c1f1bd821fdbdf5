"""Reading one delivered file with DuckDB's own readers into a temp table of VARCHAR values.

Every reader leaves the file in the temp table `_ingest_file`: `_row_number` (1-based data row within the
file), `_raw_row` (the row as delivered, as JSON) and one VARCHAR column per spec column the file has.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import duckdb

from dagster_project.export_format import Table
from dagster_project.ingest.sql import Parameters, quote_identifier

FILE_TABLE = "_ingest_file"
_READ_TABLE = "_ingest_read"


def read_file(con: duckdb.DuckDBPyConnection, path: Path, table: Table, *, encoding: str) -> list[str]:
    """Load `path` into `_ingest_file` and return the column names the file declares (for JSON lines:
    every key seen in any row). An empty file declares no columns and has no rows."""
    if _is_empty(path):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {FILE_TABLE} (_row_number BIGINT, _raw_row JSON)")
        return []
    if path.name.endswith((".jsonl", ".jsonl.gz")):
        return _read_json_lines(con, path, table)
    if path.name.endswith(".parquet"):
        reader = "(SELECT COLUMNS(*)::VARCHAR FROM read_parquet($path))"
        return _read_columns(con, reader, {"path": str(path)}, table)
    # skip=0: the sniffer may otherwise take a later line for the header and silently drop the rows above it.
    reader = "read_csv($path, all_varchar = true, header = true, skip = 0, encoding = $encoding)"
    return _read_columns(con, reader, {"path": str(path), "encoding": encoding}, table)


def _is_empty(path: Path) -> bool:
    if path.name.endswith(".gz"):
        with gzip.open(path, "rb") as stream:
            return stream.read(1) == b""
    return path.stat().st_size == 0


def _read_columns(con: duckdb.DuckDBPyConnection, reader: str, values: dict[str, str], table: Table) -> list[str]:
    """CSV and Parquet: rows are numbered by `rowid`, i.e. in the order the reader delivered them.
    The file's columns are renamed to positional names on read, so no delivered name
    can clash with `rowid` or our own columns, and none is ever pasted into SQL."""
    description = con.execute(f"SELECT * FROM {reader} LIMIT 0", values).description or []
    columns = [d[0] for d in description]
    positional = [f"c{i}" for i in range(len(columns))]
    aliases = ", ".join(quote_identifier(name) for name in positional)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_READ_TABLE} AS SELECT * FROM {reader} AS delivered({aliases})", values
    )
    params = Parameters()
    raw_row = ", ".join(f"{params.bind(name)}, {pos}" for name, pos in zip(columns, positional))
    selected = [
        f"{positional[index]} AS {quote_identifier(spec)}" for spec, index in _spec_positions(table, columns).items()
    ]
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {FILE_TABLE} AS
        SELECT row_number() OVER (ORDER BY rowid) AS _row_number, json_object({raw_row}) AS _raw_row
            {"".join(", " + s for s in selected)}
        FROM {_READ_TABLE}
        """,
        params.values,
    )
    con.execute(f"DROP TABLE {_READ_TABLE}")
    return columns


def _read_json_lines(con: duckdb.DuckDBPyConnection, path: Path, table: Table) -> list[str]:
    """JSON lines are read as whole objects, so every value arrives as the text delivered (no type
    guessing), keys missing from some rows are just NULL there, and `_raw_row` is the original object."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {_READ_TABLE} AS
        SELECT json FROM read_json_objects($path, format = 'newline_delimited')
        """,
        {"path": str(path)},
    )
    keys = [
        row[0]
        for row in con.execute(
            f"SELECT DISTINCT unnest(json_keys(json)) AS key FROM {_READ_TABLE} ORDER BY key"
        ).fetchall()
    ]
    params = Parameters()
    selected = [
        f"json_extract_string(json, {params.bind(_json_path(keys[index]))}) AS {quote_identifier(spec)}"
        for spec, index in _spec_positions(table, keys).items()
    ]
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {FILE_TABLE} AS
        SELECT row_number() OVER (ORDER BY rowid) AS _row_number, json AS _raw_row
            {"".join(", " + s for s in selected)}
        FROM {_READ_TABLE}
        """,
        params.values,
    )
    con.execute(f"DROP TABLE {_READ_TABLE}")
    return keys


def _json_path(key: str) -> str:
    # Only keys matching a spec column name get here, so they hold no quote to escape.
    return '$."' + key + '"'


def _spec_positions(table: Table, columns: list[str]) -> dict[str, int]:
    """Where each spec column sits among the file's columns; names match ignoring case and surrounding
    blanks, the first match wins."""
    positions: dict[str, int] = {}
    for index, name in enumerate(columns):
        spec = normalise_column_name(name)
        if spec in table.column_names and spec not in positions:
            positions[spec] = index
    return positions


def normalise_column_name(name: str) -> str:
    return name.strip().lower()
