"""How delivered text becomes typed values, in SQL, and the reason a value is rejected.

The rules live in temp macros so the per-column SQL stays short; the loader creates them in its
transaction. A value that is present but does not parse is never turned into NULL: its row is quarantined.
"""

from __future__ import annotations

import duckdb

from dagster_project.export_format import Column
from dagster_project.ingest.sql import Parameters

# Timestamps: epoch seconds (10 digits) or milliseconds (13 digits) are UTC; ISO 8601 with an offset or Z
# is converted to UTC; ISO 8601 without one is wall time in the delivery's time zone. The shapes are
# checked first because DuckDB's own cast would also accept words like 'epoch' or 'infinity', and its cast
# to TIMESTAMP drops an offset silently.
PARSING_MACROS = r"""
CREATE OR REPLACE TEMP MACRO ingest_present(v) AS NULLIF(trim(v), '');

CREATE OR REPLACE TEMP MACRO ingest_timestamp(v, tz) AS CASE
    WHEN regexp_full_match(trim(v), '\d{10}') THEN to_timestamp(TRY_CAST(trim(v) AS BIGINT))
    WHEN regexp_full_match(trim(v), '\d{13}') THEN timezone('UTC', epoch_ms(TRY_CAST(trim(v) AS BIGINT)))
    WHEN regexp_full_match(trim(v), '\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)? ?([Zz]|[+-]\d{2}(:?\d{2})?)')
        THEN TRY_CAST(trim(v) AS TIMESTAMPTZ)
    WHEN regexp_full_match(trim(v), '\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?')
        THEN timezone(tz, TRY_CAST(trim(v) AS TIMESTAMP))
END;

CREATE OR REPLACE TEMP MACRO ingest_boolean(v) AS CASE
    WHEN lower(trim(v)) IN ('true', 't', '1', 'yes') THEN true
    WHEN lower(trim(v)) IN ('false', 'f', '0', 'no') THEN false
END;

CREATE OR REPLACE TEMP MACRO ingest_integer(v) AS CASE
    WHEN regexp_full_match(trim(v), '[+-]?\d+') THEN TRY_CAST(trim(v) AS INTEGER)
END;

-- 'On Hold', 'on-hold' and 'ON_HOLD' are one value; 'hold' is a common spelling of on_hold.
CREATE OR REPLACE TEMP MACRO ingest_enum_word(v) AS regexp_replace(lower(trim(v)), '[\s_-]+', '_', 'g');
CREATE OR REPLACE TEMP MACRO ingest_enum_token(v) AS
    CASE ingest_enum_word(v) WHEN 'hold' THEN 'on_hold' ELSE ingest_enum_word(v) END;
CREATE OR REPLACE TEMP MACRO ingest_enum(v, allowed) AS
    CASE WHEN list_contains(allowed, ingest_enum_token(v)) THEN ingest_enum_token(v) END;
"""


def create_parsing_macros(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(PARSING_MACROS)


def typed_value(column: Column, raw: str, timezone: str, params: Parameters) -> str:
    """SQL for the typed value of the VARCHAR expression `raw`: NULL when it is absent or does not parse."""
    if column.type == "id":
        return f"ingest_present({raw})"
    if column.type == "text":
        return f"CASE WHEN ingest_present({raw}) IS NOT NULL THEN {raw} END"
    if column.type == "timestamp":
        return f"ingest_timestamp({raw}, {timezone})"
    if column.type == "boolean":
        return f"ingest_boolean({raw})"
    if column.type == "integer":
        return f"ingest_integer({raw})"
    return f"ingest_enum({raw}, {params.bind(list(column.allowed))})"


def failure_reason(column: Column, raw: str, typed: str, params: Parameters) -> str:
    """SQL for why the value fails, e.g. "created_at: 'yesterday' is not a timestamp"; NULL when it is fine."""
    missing = params.bind(f"{column.name}: required value is missing") if column.required else "NULL"
    branches = [f"WHEN ingest_present({raw}) IS NULL THEN {missing}"]
    if column.type not in ("id", "text"):
        branches.append(f"WHEN {typed} IS NULL THEN format({params.bind(_invalid_format(column))}, {raw})")
    if column.bounds is not None:
        low, high = column.bounds
        message = params.bind(f"{column.name}: {{}} is outside {low}..{high}")
        between = f"{params.bind(low)} AND {params.bind(high)}"
        branches.append(f"WHEN {typed} NOT BETWEEN {between} THEN format({message}, {typed})")
    return "CASE " + " ".join(branches) + " END"


def _invalid_format(column: Column) -> str:
    if column.type == "enum":
        expected = "one of " + ", ".join(column.allowed)
    else:
        expected = {"timestamp": "a timestamp", "boolean": "a boolean", "integer": "an integer"}[column.type]
    return f"{column.name}: '{{}}' is not {expected}"
