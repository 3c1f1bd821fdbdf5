"""How a delivered value becomes a typed value, in SQL, whether it passes, and why it does not.

A value that is present but does not parse is never turned into NULL: its row is quarantined. The SQL is
written out per column (no macros) so each value is parsed once, and the common shapes of an export
(`2024-03-01T09:00:00Z`, `true`, `open`) take a cheap path; only the rest goes through the regular
expressions that decide what else is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dagster_project.ingest.export_format import Column
from dagster_project.ingest.sql import Parameters, is_one_of, quote_literal

# A row stamped later than this after the delivery's `exported_at` cannot be real; the day allows for
# clocks and time zones that are off.
FUTURE_TOLERANCE = timedelta(days=1)
_TOLERANCE_TEXT = "1 day"

_INTEGER_TYPES = frozenset(
    ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT")
)
_FRACTIONAL_TYPES = frozenset(("FLOAT", "DOUBLE"))
_NAIVE_TIMESTAMP_TYPES = frozenset(("TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "DATE"))
_ZONED_TIMESTAMP_TYPE = "TIMESTAMP WITH TIME ZONE"

# The shapes DuckDB's own casts parse exactly as the format means them. LIKE is far cheaper than a regular
# expression; a value of such a shape that is still no valid instant (2024-02-30) fails the cast.
_ZONED_SHAPES = ("____-__-__T__:__:__Z", "____-__-__T__:__:__+__:__", "____-__-__T__:__:__-__:__")
_NAIVE_SHAPES = ("____-__-__T__:__:__", "____-__-__ __:__:__")
# Everything else that is accepted. The shapes are checked before casting because DuckDB's casts also
# accept words like 'epoch' or 'infinity' and zone names, and its cast to TIMESTAMP drops an offset silently.
# The cast itself wants an upper-case T and Z and no blank before the offset, so those are normalised.
_EPOCH_SECONDS = r"\d{10}"
_EPOCH_MILLISECONDS = r"\d{13}"
_ISO_WITH_OFFSET = r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)? ?([Zz]|[+-]\d{2}(:?\d{2})?)"
_ISO_WITHOUT_OFFSET = r"\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?"

_TRUE_WORDS = ("true", "t", "1", "yes")
_FALSE_WORDS = ("false", "f", "0", "no")
# 'On Hold', 'on-hold' and 'ON_HOLD' are one value; 'hold' is a common spelling of on_hold.
_ENUM_SYNONYMS = {"hold": "on_hold"}


@dataclass(frozen=True)
class Delivered:
    """A spec column as one file delivers it: SQL for its value (None when the file lacks the column)
    and the DuckDB type it arrives in (VARCHAR for CSV and JSON lines, the file's own type for Parquet)."""

    sql: str | None
    type: str = "VARCHAR"

    @property
    def is_text(self) -> bool:
        return self.type == "VARCHAR"

    @property
    def text(self) -> str:
        """The value as text, as a person would read it in the file."""
        if self.sql is None:
            return "NULL::VARCHAR"
        return self.sql if self.is_text else f"CAST({self.sql} AS VARCHAR)"

    @property
    def absent(self) -> str:
        """SQL that is true when the file has no value here: NULL, empty or only blanks."""
        if self.sql is None:
            return "true"
        return f"({self.sql} IS NULL OR trim({self.sql}) = '')" if self.is_text else f"({self.sql} IS NULL)"


@dataclass(frozen=True)
class FileRules:
    """What a file's values are read against: its delivery's time zone and, when the manifest gives
    `exported_at`, the latest believable timestamp. Each use binds the value as a parameter of `params`
    (DuckDB rejects parameters a statement does not use)."""

    params: Parameters
    timezone_name: str
    exported_at_value: datetime | None = None

    @property
    def timezone(self) -> str:
        return self.params.bind(self.timezone_name)

    @property
    def checks_future(self) -> bool:
        return self.exported_at_value is not None

    @property
    def latest_at(self) -> str:
        assert self.exported_at_value is not None
        return self.params.bind(self.exported_at_value + FUTURE_TOLERANCE)

    @property
    def exported_at(self) -> str:
        return self.params.bind(self.exported_at_value)


def typed_value(column: Column, value: Delivered, rules: FileRules) -> str:
    """SQL for the typed value: NULL when it is absent or does not parse."""
    if value.sql is None:
        return "NULL"
    native = _native_value(column, value, rules)
    if native is not None:
        return native
    text = value.text
    if column.type == "id":
        return _id(text)
    if column.type == "text":
        # Trimming every value to see whether it is blank is costly; a value that is not empty and does not
        # start with a blank cannot be blank (DuckDB's trim removes spaces only).
        return f"CASE WHEN {text} <> '' AND {text} NOT LIKE ' %' THEN {text} WHEN trim({text}) <> '' THEN {text} END"
    if column.type == "timestamp":
        return _timestamp(text, rules.timezone)
    if column.type == "boolean":
        return _boolean(text)
    if column.type == "integer":
        return f"CASE WHEN regexp_full_match(trim({text}), '[+-]?\\d+') THEN TRY_CAST(trim({text}) AS INTEGER) END"
    return _enum(text, column)


def passes(column: Column, value: Delivered, typed: str, rules: FileRules) -> str | None:
    """SQL that is true when the column's value is acceptable; None when any value is."""
    if value.sql is None and not column.required:
        return None
    if column.type in ("id", "text"):
        return f"{typed} IS NOT NULL" if column.required else None
    checks = [f"{typed} IS NOT NULL"]
    if column.bounds is not None:
        low, high = column.bounds
        checks.append(f"{typed} BETWEEN {rules.params.bind(low)} AND {rules.params.bind(high)}")
    if column.type == "timestamp" and rules.checks_future:
        checks.append(f"{typed} <= {rules.latest_at}")
    valid = " AND ".join(checks)
    return valid if column.required else f"({valid}) OR {value.absent}"


def failure_reason(column: Column, value: Delivered, typed: str, rules: FileRules) -> str:
    """SQL for why the value fails, e.g. "created_at: 'yesterday' is not a timestamp", for a row where
    `passes` is false."""
    params = rules.params
    branches = []
    if column.required:
        branches.append(f"WHEN {value.absent} THEN {params.bind(f'{column.name}: required value is missing')}")
    if column.type not in ("id", "text"):
        branches.append(f"WHEN {typed} IS NULL THEN format({params.bind(_invalid_format(column))}, {value.text})")
    if column.bounds is not None:
        low, high = column.bounds
        message = params.bind(f"{column.name}: {{}} is outside {low}..{high}")
        branches.append(
            f"WHEN {typed} NOT BETWEEN {params.bind(low)} AND {params.bind(high)} THEN format({message}, {typed})"
        )
    if column.type == "timestamp" and rules.checks_future:
        message = params.bind(
            f"{column.name}: {{}} is more than {_TOLERANCE_TEXT} after exported_at {{}} in manifest.json"
        )
        branches.append(f"WHEN {typed} > {rules.latest_at} THEN format({message}, {typed}, {rules.exported_at})")
    return "CASE " + " ".join(branches) + " END"


def _native_value(column: Column, value: Delivered, rules: FileRules) -> str | None:
    """A typed file's own type when it already is, or converts safely to, the column's type."""
    v, source = value.sql, value.type
    if value.is_text:
        return None
    if column.type == "timestamp" and source == _ZONED_TIMESTAMP_TYPE:
        return v
    if column.type == "timestamp" and source in _NAIVE_TIMESTAMP_TYPES:
        return f"timezone({rules.timezone}, CAST({v} AS TIMESTAMP))"
    if column.type == "boolean" and source == "BOOLEAN":
        return v
    if column.type == "integer" and source in _INTEGER_TYPES:
        return f"TRY_CAST({v} AS INTEGER)"
    if column.type == "integer" and _is_fractional(source):
        # A whole number stored as a float (pandas does that to an integer column with gaps) is that number.
        return f"CASE WHEN {v} = trunc({v}) THEN TRY_CAST({v} AS INTEGER) END"
    if column.type in ("id", "text") and source in _INTEGER_TYPES:
        return f"CAST({v} AS VARCHAR)"
    if column.type == "id" and _is_fractional(source):
        # An id stored as a float is read as the whole number it holds: 1000001.0 is ticket 1000001.
        whole = f"COALESCE(CAST(TRY_CAST({v} AS HUGEINT) AS VARCHAR), CAST({v} AS VARCHAR))"
        return f"CASE WHEN {v} = trunc({v}) THEN {whole} ELSE CAST({v} AS VARCHAR) END"
    return None


def _is_fractional(source: str) -> bool:
    return source in _FRACTIONAL_TYPES or source.startswith("DECIMAL")


def _timestamp(v: str, timezone: str) -> str:
    trimmed = f"trim({v})"
    zoned = " OR ".join(f"{v} LIKE '{shape}'" for shape in _ZONED_SHAPES)
    naive = " OR ".join(f"{v} LIKE '{shape}'" for shape in _NAIVE_SHAPES)
    return f"""CASE
        WHEN {zoned} THEN TRY_CAST({v} AS TIMESTAMPTZ)
        WHEN {naive} THEN timezone({timezone}, TRY_CAST({v} AS TIMESTAMP))
        WHEN regexp_full_match({trimmed}, '{_EPOCH_SECONDS}') THEN to_timestamp(TRY_CAST({trimmed} AS BIGINT))
        WHEN regexp_full_match({trimmed}, '{_EPOCH_MILLISECONDS}')
            THEN timezone('UTC', epoch_ms(TRY_CAST({trimmed} AS BIGINT)))
        WHEN regexp_full_match({trimmed}, '{_ISO_WITH_OFFSET}')
            THEN TRY_CAST(regexp_replace(upper({trimmed}), ' ([+-])', '\\1') AS TIMESTAMPTZ)
        WHEN regexp_full_match({trimmed}, '{_ISO_WITHOUT_OFFSET}')
            THEN timezone({timezone}, TRY_CAST(upper({trimmed}) AS TIMESTAMP))
    END"""


def _id(v: str) -> str:
    return f"CASE WHEN {v} <> '' AND {v} NOT LIKE ' %' AND {v} NOT LIKE '% ' THEN {v} ELSE NULLIF(trim({v}), '') END"


def _boolean(v: str) -> str:
    word = f"lower(trim({v}))"
    return f"""CASE
        WHEN {v} = 'true' THEN true
        WHEN {v} = 'false' THEN false
        WHEN {is_one_of(word, _TRUE_WORDS)} THEN true
        WHEN {is_one_of(word, _FALSE_WORDS)} THEN false
    END"""


def _enum(v: str, column: Column) -> str:
    word = f"regexp_replace(lower(trim({v})), '[\\s_-]+', '_', 'g')"
    synonyms = "".join(f" WHEN {quote_literal(s)} THEN {quote_literal(value)}" for s, value in _ENUM_SYNONYMS.items())
    token = f"CASE {word}{synonyms} ELSE {word} END"
    return f"""CASE
        WHEN {is_one_of(v, column.allowed)} THEN {v}
        WHEN {is_one_of(token, column.allowed)} THEN {token}
    END"""


def _invalid_format(column: Column) -> str:
    if column.type == "enum":
        expected = "one of " + ", ".join(column.allowed)
    else:
        expected = {"timestamp": "a timestamp", "boolean": "a boolean", "integer": "an integer"}[column.type]
    return f"{column.name}: '{{}}' is not {expected}"
