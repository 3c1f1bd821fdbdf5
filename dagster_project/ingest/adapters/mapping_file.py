"""Any helpdesk's export, described by a YAML mapping file (manifest `"source": "mapping:<file>"`).

Per canonical table the mapping names one source file (or a list of them, e.g. a ticket's description and
its conversations are both messages) and which source column fills each canonical column, with optional
value maps (channel, status, author type, ...), constants, templates that combine columns, and for
ticket_events one event per timestamp column (e.g. a ticket's "Resolved time" as a change of status to
solved). Timestamps may have their own format and time zone. docs/adapters.md describes the format;
`dagster_project/ingest/adapters/mappings/freshdesk.yml` is a worked example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dagster_project.ingest.adapters.canonical_output import TableMapping
from dagster_project.ingest.adapters.source_files import SourceFiles, SourceTable
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.export_format import TABLES
from dagster_project.ingest.readers import normalise_column_name
from dagster_project.ingest.sql import Parameters, quote_identifier

BUILT_IN_MAPPINGS = Path(__file__).parent / "mappings"
_SECTION_KEYS = {"file", "columns", "values", "constants", "templates", "events"}
_EVENT_KEYS = {"at", "field", "value"}
# In a value map, the value every source value not listed becomes.
OTHER_VALUES = "*"
# `{Column name}` in a template.
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class EventColumn:
    """A timestamp column of a source row that, when filled, is one ticket event (`field` became `value`)."""

    at: str
    field: str
    value: str


@dataclass(frozen=True)
class Section:
    """One source file's contribution to a canonical table."""

    file: str
    # Canonical column -> source column (normalised like the ingest does: trimmed, lower case).
    columns: dict[str, str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    # Canonical column -> literal text and source columns, in order: [("text", "x-"), ("column", "id")].
    templates: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    events: tuple[EventColumn, ...] = ()


@dataclass(frozen=True)
class Mapping:
    name: str
    tables: dict[str, list[Section]]
    timestamp_format: str | None = None
    timezone: str | None = None


def resolve(delivery_path: Path, name: str) -> Path | None:
    """`name` relative to the delivery folder, else a built-in mapping (`freshdesk` or `freshdesk.yml`)."""
    candidates = [delivery_path / name, BUILT_IN_MAPPINGS / name, BUILT_IN_MAPPINGS / f"{name}.yml"]
    return next((path for path in candidates if path.is_file()), None)


def read(path: Path) -> Mapping:
    """Parse and check a mapping file; every problem is an IngestError naming the file and the key."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise IngestError(f"{path.name}: cannot be read as YAML: {str(error).splitlines()[0]}") from error
    problem = _Problems(path.name)
    document = problem.mapping(document, "the file", {"tables", "timestamps"}, required={"tables"})
    timestamps = problem.mapping(document.get("timestamps", {}), "timestamps", {"format", "timezone"})
    tables = problem.mapping(document["tables"], "tables", set(TABLES))
    if not tables:
        problem.fail("tables", "map at least one canonical table")
    return Mapping(
        name=path.name,
        tables={
            name: [
                _section(problem, name, f"tables.{name}" + (f"[{i}]" if isinstance(sections, list) else ""), s)
                for i, s in enumerate(sections if isinstance(sections, list) else [sections])
            ]
            for name, sections in tables.items()
        },
        timestamp_format=problem.text(timestamps.get("format"), "timestamps.format", optional=True),
        timezone=problem.text(timestamps.get("timezone"), "timestamps.timezone", optional=True),
    )


def table_mappings(files: SourceFiles, mapping: Mapping, timezone: str) -> list[TableMapping]:
    """Read the mapped source files and say how each canonical table is filled from them; timestamps in
    the mapping's format are read as wall time in `timezone`."""
    known = files.con.execute("SELECT count(*) FROM pg_timezone_names() WHERE name = $zone", {"zone": timezone})
    if known.fetchall() == [(0,)]:
        raise IngestError(f"{mapping.name}: timestamps.timezone: unknown time zone {timezone!r}")
    sources = _source_tables(mapping)
    for source in sources.values():
        files.read(source)
    mappings = []
    for table_name, sections in mapping.tables.items():
        for section in sections:
            source = sources[section.file]
            if source.name in files.read_files:
                # the zone is a parameter only where a formatted timestamp is converted with it
                params = Parameters(timezone=timezone) if mapping.timestamp_format else Parameters()
                mappings.append(_table_mapping(table_name, source, section, mapping, params))
    return mappings


def _table_mapping(
    table: str, source: SourceTable, section: Section, mapping: Mapping, params: Parameters
) -> TableMapping:
    columns = {
        canonical: _value(table, canonical, _column(source_column), section, mapping, params)
        for canonical, source_column in section.columns.items()
    }
    columns |= {canonical: params.bind(value) for canonical, value in section.constants.items()}
    columns |= {
        canonical: "concat(" + ", ".join(params.bind(t) if kind == "text" else _column(t) for kind, t in parts) + ")"
        for canonical, parts in section.templates.items()
    }
    if not section.events:
        return TableMapping(TABLES[table], source, columns, params=params.values)
    # One ticket event per filled event column of a source row, numbered in the mapping's order.
    numbered = list(enumerate(section.events, start=1))
    at = " ".join(f"WHEN {n} THEN {_timestamp(_column(e.at), mapping, params)}" for n, e in numbered)
    raw_at = " ".join(f"WHEN {n} THEN {_column(e.at)}" for n, e in numbered)
    rows = ", ".join(f"({n}, {params.bind(e.field)}, {params.bind(e.value)})" for n, e in numbered)
    return TableMapping(
        TABLES["ticket_events"],
        source,
        {
            **columns,
            "event_id": f"concat_ws(':', {columns['ticket_id']}, 'event', ev.n)",
            "occurred_at": f"CASE ev.n {at} END",
            "field": "ev.field",
            "new_value": "ev.value",
        },
        from_=f"{source.relation} AS u CROSS JOIN (VALUES {rows}) AS ev(n, field, value)",
        where=f"nullif(trim(CASE ev.n {raw_at} END), '') IS NOT NULL",
        skipped_because="rows with none of the event columns filled",
        order_by="u._row_number, ev.n",
        params=params.values,
    )


def _column(source_column: str) -> str:
    return f"u.{quote_identifier(source_column)}"


def _value(table: str, canonical: str, source: str, section: Section, mapping: Mapping, params: Parameters) -> str:
    if canonical in section.values:
        listed = {k: v for k, v in section.values[canonical].items() if k != OTHER_VALUES}
        keys, values = params.bind(list(listed)), params.bind(list(listed.values()))
        # An unlisted value becomes the `*` value, else passes as delivered, so the loader names it if it
        # is not a valid value.
        given = section.values[canonical]
        other = params.bind(given[OTHER_VALUES]) if OTHER_VALUES in given else source
        return f"coalesce(list_extract({values}, list_position({keys}, lower(trim({source})))), {other})"
    column = next(c for c in TABLES[table].columns if c.name == canonical)
    return _timestamp(source, mapping, params) if column.type == "timestamp" else source


def _timestamp(source: str, mapping: Mapping, params: Parameters) -> str:
    """In the mapping's format: converted to UTC (or kept as delivered when it does not parse, so the loader
    quarantines it); without a format: as delivered, read by the loader's rules in the mapping's zone."""
    if mapping.timestamp_format is None:
        return source
    parsed = f"try_strptime(trim({source}), {params.bind(mapping.timestamp_format)})"
    has_offset = "%z" in mapping.timestamp_format or "%Z" in mapping.timestamp_format
    instant = parsed if has_offset else f"timezone($timezone, {parsed})"
    return f"coalesce(CAST({instant} AS VARCHAR), {source})"


def _source_tables(mapping: Mapping) -> dict[str, SourceTable]:
    """One source table per file, with every column any section reads from it; a column is required when
    it fills a required canonical column."""
    columns: dict[str, list[str]] = {}
    required: dict[str, list[str]] = {}
    for table, sections in mapping.tables.items():
        for section in sections:
            used = [*section.columns.values(), *(e.at for e in section.events)]
            used += [text for parts in section.templates.values() for kind, text in parts if kind == "column"]
            columns.setdefault(section.file, []).extend(used)
            required.setdefault(section.file, []).extend(
                source for canonical, source in section.columns.items() if canonical in TABLES[table].required_columns
            )
    return {
        file: SourceTable(file, tuple(dict.fromkeys(used)), required=tuple(dict.fromkeys(required[file])))
        for file, used in columns.items()
    }


def _section(problem: _Problems, table: str, where: str, section: Any) -> Section:
    section = problem.mapping(section, where, _SECTION_KEYS, required={"file", "columns"})
    spec_columns = set(TABLES[table].column_names)
    columns = problem.mapping(section["columns"], f"{where}.columns", spec_columns)
    constants = problem.mapping(section.get("constants", {}), f"{where}.constants", spec_columns)
    templates = problem.mapping(section.get("templates", {}), f"{where}.templates", spec_columns)
    values = problem.mapping(section.get("values", {}), f"{where}.values", spec_columns)
    events = tuple(
        EventColumn(**{
            key: problem.text(value, f"{where}.events[{i}].{key}")
            for key, value in problem.mapping(event, f"{where}.events[{i}]", _EVENT_KEYS, required=_EVENT_KEYS).items()
        })
        for i, event in enumerate(problem.sequence(section.get("events", []), f"{where}.events"))
    )
    if events and table != "ticket_events":
        problem.fail(f"{where}.events", "only ticket_events can be made from event columns")
    derived = {"event_id", "occurred_at", "field", "new_value"} if events else set()
    given = set(columns) | set(constants) | set(templates) | derived
    missing = [c for c in TABLES[table].required_columns if c not in given]
    if missing:
        problem.fail(f"{where}.columns", f"no source column for required column {missing[0]!r}")
    return Section(
        file=problem.text(section["file"], f"{where}.file"),
        columns={k: normalise_column_name(problem.text(v, f"{where}.columns.{k}")) for k, v in columns.items()},
        values={
            k: {_key(source): str(value).strip() for source, value in problem.mapping(v, f"{where}.values.{k}").items()}
            for k, v in values.items()
        },
        constants={k: problem.text(v, f"{where}.constants.{k}") for k, v in constants.items()},
        templates={k: _template(problem, f"{where}.templates.{k}", v) for k, v in templates.items()},
        events=tuple(EventColumn(normalise_column_name(e.at), e.field, e.value) for e in events),
    )


def _template(problem: _Problems, where: str, value: Any) -> list[tuple[str, str]]:
    text = problem.text(value, where)
    parts: list[tuple[str, str]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > position:
            parts.append(("text", text[position:match.start()]))
        parts.append(("column", normalise_column_name(match.group(1))))
        position = match.end()
    if position < len(text):
        parts.append(("text", text[position:]))
    if not any(kind == "column" for kind, _ in parts):
        problem.fail(where, "a template names at least one {source column}; use constants for fixed values")
    return parts


def _key(value: Any) -> str:
    # YAML reads `true`, `2` and `Open` as different types; the source values are text, compared lower case.
    return str(value).strip().lower()


class _Problems:
    """Checks of the mapping document that stop the run with the file name and the key at fault."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name

    def fail(self, where: str, message: str) -> None:
        raise IngestError(f"{self.file_name}: {where}: {message}")

    def mapping(
        self, value: Any, where: str, allowed: set[str] | None = None, required: set[str] = frozenset()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, f"expected keys and values, got {value!r}")
        if allowed is not None:
            unknown = sorted(str(k) for k in value if k not in allowed)
            if unknown:
                self.fail(where, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(allowed))})")
        missing = sorted(required - set(value))
        if missing:
            self.fail(where, f"missing key {missing[0]!r}")
        return value

    def sequence(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            self.fail(where, f"expected a list, got {value!r}")
        return value

    def text(self, value: Any, where: str, *, optional: bool = False) -> str:
        if value is None and optional:
            return None  # type: ignore[return-value]
        if not isinstance(value, (str, int, float, bool)) or not str(value).strip():
            self.fail(where, f"expected a non-empty value, got {value!r}")
        return str(value).strip()
