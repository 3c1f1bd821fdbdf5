"""Helpers for building the ingest's SQL without pasting input data into it."""

from __future__ import annotations

from typing import Any


def quote_identifier(name: str) -> str:
    """Quote a column or table name that comes from our own spec (never from input data)."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    """A string constant from our own spec (an enum value, a word) as SQL."""
    return "'" + value.replace("'", "''") + "'"


def is_one_of(value: str, constants: tuple[str, ...] | list[str]) -> str:
    """SQL that is true when `value` is one of our own string constants (enum values, words). Not written
    `value IN (…)` or `list_contains(…)`: DuckDB plans those as a join, which computes `value` for every row
    even inside a CASE branch that only a few rows reach."""
    return "list_position([" + ", ".join(map(quote_literal, constants)) + f"], {value}) > 0"


class Parameters:
    """Collects the values of one statement and hands out their `$name` placeholders."""

    def __init__(self, **named: Any) -> None:
        self.values: dict[str, Any] = dict(named)
        self._count = 0

    def bind(self, value: Any) -> str:
        self._count += 1
        name = f"bound_{self._count}"
        self.values[name] = value
        return f"${name}"
