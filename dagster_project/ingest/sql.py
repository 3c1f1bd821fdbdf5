"""Helpers for building the ingest's SQL without pasting input data into it."""

from __future__ import annotations

from typing import Any


def quote_identifier(name: str) -> str:
    """Quote a column or table name that comes from our own spec (never from input data)."""
    return '"' + name.replace('"', '""') + '"'


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
