"""Any helpdesk's export, described by a YAML mapping file (manifest `"source": "mapping:<file>"`).

Per canonical table the mapping names one source file (or a list of them, e.g. a ticket's description and
its conversations are both messages) and which source column fills each canonical column, with optional
value maps (channel, status, author type, ...), constants, templates that combine columns, and for
ticket_events one event per timestamp column (e.g. a ticket's "Resolved time" as a change of status to
solved). Timestamps may have their own format and time zone, combine a date and a time column, or be
epoch seconds or milliseconds. JSON lines are read as whole objects: fields are dotted paths into them, and a
section can explode a list (one row per element, `@item...` and `@position`). docs/adapters.md describes the format;
`dagster_project/ingest/adapters/mappings/freshdesk.yml` is a worked example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dagster_project.ingest.adapters.canonical_output import TableMapping, epoch_instant
from dagster_project.ingest.adapters.source_files import (
    SourceFiles,
    SourceTable,
    json_field,
    json_value,
)
from dagster_project.ingest.errors import IngestError
from dagster_project.ingest.export_format import TABLES
from dagster_project.ingest.readers import normalize_column_name
from dagster_project.ingest.sql import Parameters, quote_identifier

BUILT_IN_MAPPINGS = Path(__file__).parent / "mappings"
_SECTION_KEYS = {"file", "columns", "values", "constants", "templates", "events", "explode", "skip"}
_EVENT_KEYS = {"at", "field", "value"}
# In a value map, the value every source value not listed becomes.
OTHER_VALUES = "*"
EPOCH_UNITS = ("seconds", "milliseconds")
# In a section that explodes a list: the element (`@item`, `@item.author.type`) and its 1-based position.
ITEM = "@item"
POSITION = "@position"
# `{Column name}` in a template.
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Source:
    """Where a value comes from: a source field (a column, or in JSON lines a dotted path), optionally with a
    second field holding the time of day for this one's date, or decoded from epoch seconds/milliseconds."""

    field: str
    time: str | None = None
    epoch: str | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field, self.time) if self.time else (self.field,)


@dataclass(frozen=True)
class EventColumn:
    """A timestamp field of a source row that, when filled, is one ticket event (`field` became `value`)."""

    at: Source
    field: str
    value: str


@dataclass(frozen=True)
class Section:
    """One source file's contribution to a canonical table."""

    file: str
    # Where in the mapping file it is (`tables.messages[1]`), for errors found once the files are read.
    where: str
    columns: dict[str, Source]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    # Canonical column -> literal text and source fields, in order: [("text", "x-"), ("column", "id")].
    templates: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    events: tuple[EventColumn, ...] = ()
    # Dotted path to a list in each JSON object: one canonical row per element (`@item...`, `@position`).
    explode: str | None = None
    # Source field -> values (lower case) whose rows (or elements) are left out, e.g. a log's system entries.
    skip: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def fields(self) -> list[str]:
        """Every source field the section reads."""
        used = [f for source in self.columns.values() for f in source.fields]
        used += [f for event in self.events for f in event.at.fields] + list(self.skip)
        return used + [text for parts in self.templates.values() for kind, text in parts if kind == "column"]


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
    sources = _source_tables(files, mapping)
    for source in sources.values():
        files.read(source)
    mappings = []
    for table_name, sections in mapping.tables.items():
        for section in sections:
            source = sources[section.file]
            if source.name not in files.read_files:
                continue
            if section.explode and not source.json_records:
                raise IngestError(
                    f"{mapping.name}: {section.where}.explode: {files.read_files[source.name]} is not JSON lines;"
                    " only JSON objects hold lists to explode"
                )
            # the zone is a parameter only where a formatted timestamp is converted with it
            params = Parameters(timezone=timezone) if mapping.timestamp_format else Parameters()
            mappings.append(_table_mapping(table_name, source, section, mapping, params))
    return mappings


class _Fields:
    """SQL for the source fields of one section: columns of a flat file, or dotted paths into each JSON
    object (`u.record`) and, when the section explodes a list, into its element (`@item`, `@position`)."""

    def __init__(self, source: SourceTable, section: Section) -> None:
        self.json = source.json_records
        self.explode = section.explode

    def sql(self, name: str) -> str:
        if not self.json:
            return f"u.{quote_identifier(normalize_column_name(name))}"
        if name == POSITION:
            return "(CAST(x.key AS BIGINT) + 1)"
        if name == ITEM or name.startswith(ITEM + "."):
            return json_field(name[len(ITEM) + 1:], "x.value")
        return json_field(name)

    def relation(self, source: SourceTable) -> str:
        if not self.explode:
            return f"{source.relation} AS u"
        return f"{source.relation} AS u CROSS JOIN json_each({json_value(self.explode)}) AS x"

    @property
    def where(self) -> str:
        return "x.key IS NOT NULL" if self.explode else "true"

    @property
    def order(self) -> str:
        return "u._row_number, CAST(x.key AS BIGINT)" if self.explode else "u._row_number"


def _table_mapping(
    table: str, source: SourceTable, section: Section, mapping: Mapping, params: Parameters
) -> TableMapping:
    fields = _Fields(source, section)
    columns = {
        canonical: _value(table, canonical, source_field, section, fields, mapping, params)
        for canonical, source_field in section.columns.items()
    }
    columns |= {canonical: params.bind(value) for canonical, value in section.constants.items()}
    columns |= {
        canonical: "concat(" + ", ".join(params.bind(t) if kind == "text" else fields.sql(t) for kind, t in parts) + ")"
        for canonical, parts in section.templates.items()
    }
    reasons = [f"rows whose {section.explode} list is empty or missing"] if section.explode else []
    reasons += [f"rows whose {name} is {' or '.join(values)}" for name, values in section.skip.items()]
    where = " AND ".join([
        fields.where,
        *(
            f"coalesce(list_position({params.bind(list(values))}, lower(trim({fields.sql(name)}))), 0) = 0"
            for name, values in section.skip.items()
        ),
    ])
    if not section.events:
        return TableMapping(
            TABLES[table],
            source,
            columns,
            from_=fields.relation(source) if section.explode else "",
            where=where,
            skipped_because="; ".join(reasons),
            order_by=fields.order,
            params=params.values,
        )
    # One ticket event per filled event field of a source row (or list element), numbered in the mapping's order.
    numbered = list(enumerate(section.events, start=1))
    at = " ".join(f"WHEN {n} THEN {_timestamp(_raw(e.at, fields), e.at, mapping, params)}" for n, e in numbered)
    raw_at = " ".join(f"WHEN {n} THEN {_raw(e.at, fields)}" for n, e in numbered)
    rows = ", ".join(f"({n}, {params.bind(e.field)}, {params.bind(e.value)})" for n, e in numbered)
    number = f"{fields.sql(POSITION)}, ev.n" if section.explode else "ev.n"
    return TableMapping(
        TABLES["ticket_events"],
        source,
        {
            **columns,
            "event_id": f"concat_ws(':', {columns['ticket_id']}, 'event', {number})",
            "occurred_at": f"CASE ev.n {at} END",
            "field": "ev.field",
            "new_value": "ev.value",
        },
        from_=f"{fields.relation(source)} CROSS JOIN (VALUES {rows}) AS ev(n, field, value)",
        where=f"{where} AND nullif(trim(CASE ev.n {raw_at} END), '') IS NOT NULL",
        skipped_because="; ".join(["rows with none of the event fields filled", *reasons]),
        order_by=f"{fields.order}, ev.n",
        params=params.values,
    )


def _raw(source: Source, fields: _Fields) -> str:
    """The delivered text of `source`: its field, or its date and time fields joined by a blank."""
    value = fields.sql(source.field)
    if source.time is None:
        return value
    return f"CASE WHEN nullif(trim({value}), '') IS NOT NULL THEN concat_ws(' ', trim({value}), nullif(trim({fields.sql(source.time)}), '')) END"


def _value(
    table: str, canonical: str, source: Source, section: Section, fields: _Fields, mapping: Mapping, params: Parameters
) -> str:
    raw = _raw(source, fields)
    if canonical in section.values:
        listed = {k: v for k, v in section.values[canonical].items() if k != OTHER_VALUES}
        keys, values = params.bind(list(listed)), params.bind(list(listed.values()))
        # An unlisted value becomes the `*` value, else passes as delivered, so the loader names it if it
        # is not a valid value.
        given = section.values[canonical]
        other = params.bind(given[OTHER_VALUES]) if OTHER_VALUES in given else raw
        return f"coalesce(list_extract({values}, list_position({keys}, lower(trim({raw})))), {other})"
    column = next(c for c in TABLES[table].columns if c.name == canonical)
    return _timestamp(raw, source, mapping, params) if column.type == "timestamp" or source.epoch else raw


def _timestamp(value: str, source: Source, mapping: Mapping, params: Parameters) -> str:
    """Epoch seconds or milliseconds as an instant; in the mapping's format: converted to UTC; a value that
    does not parse is kept as delivered, so the loader quarantines it. Without either: as delivered, read
    by the loader's rules in the mapping's zone."""
    if source.epoch is not None:
        return epoch_instant(value, source.epoch)
    if mapping.timestamp_format is None:
        return value
    parsed = f"try_strptime(trim({value}), {params.bind(mapping.timestamp_format)})"
    has_offset = "%z" in mapping.timestamp_format or "%Z" in mapping.timestamp_format
    instant = parsed if has_offset else f"timezone($timezone, {parsed})"
    return f"coalesce(CAST({instant} AS VARCHAR), {value})"


def _source_tables(files: SourceFiles, mapping: Mapping) -> dict[str, SourceTable]:
    """One source table per file: JSON lines as whole objects (fields are dotted paths into them), other
    files with every column any section reads, required when it fills a required canonical column."""
    columns: dict[str, list[str]] = {}
    required: dict[str, list[str]] = {}
    for table, sections in mapping.tables.items():
        for section in sections:
            columns.setdefault(section.file, []).extend(normalize_column_name(f) for f in section.fields)
            required.setdefault(section.file, []).extend(
                normalize_column_name(f)
                for canonical, source in section.columns.items()
                if canonical in TABLES[table].required_columns
                for f in source.fields
            )
    tables = {}
    for file, used in columns.items():
        records = SourceTable(file, json_records=True)
        tables[file] = (
            records
            if files.find(records) is not None
            else SourceTable(file, tuple(dict.fromkeys(used)), required=tuple(dict.fromkeys(required[file])))
        )
    return tables


def _section(problem: _Problems, table: str, where: str, section: Any) -> Section:
    section = problem.mapping(section, where, _SECTION_KEYS, required={"file", "columns"})
    spec_columns = set(TABLES[table].column_names)
    columns = problem.mapping(section["columns"], f"{where}.columns", spec_columns)
    constants = problem.mapping(section.get("constants", {}), f"{where}.constants", spec_columns)
    templates = problem.mapping(section.get("templates", {}), f"{where}.templates", spec_columns)
    values = problem.mapping(section.get("values", {}), f"{where}.values", spec_columns)
    events = tuple(
        EventColumn(
            at=_source(problem, f"{where}.events[{i}].at", event["at"]),
            field=problem.text(event["field"], f"{where}.events[{i}].field"),
            value=problem.text(event["value"], f"{where}.events[{i}].value"),
        )
        for i, event in enumerate(problem.sequence(section.get("events", []), f"{where}.events"))
        if problem.mapping(event, f"{where}.events[{i}]", _EVENT_KEYS, required=_EVENT_KEYS)
    )
    if events and table != "ticket_events":
        problem.fail(f"{where}.events", "only ticket_events can be made from event columns")
    derived = {"event_id", "occurred_at", "field", "new_value"} if events else set()
    given = set(columns) | set(constants) | set(templates) | derived
    missing = [c for c in TABLES[table].required_columns if c not in given]
    if missing:
        problem.fail(f"{where}.columns", f"no source column for required column {missing[0]!r}")
    explode = problem.text(section.get("explode"), f"{where}.explode", optional=True)
    parsed = Section(
        file=problem.text(section["file"], f"{where}.file"),
        where=where,
        columns={k: _source(problem, f"{where}.columns.{k}", v) for k, v in columns.items()},
        values={
            k: {_key(source): str(value).strip() for source, value in problem.mapping(v, f"{where}.values.{k}").items()}
            for k, v in values.items()
        },
        constants={k: problem.text(v, f"{where}.constants.{k}") for k, v in constants.items()},
        templates={k: _template(problem, f"{where}.templates.{k}", v) for k, v in templates.items()},
        events=events,
        explode=explode,
        skip={
            problem.text(name, f"{where}.skip"): tuple(
                _key(v) for v in (values if isinstance(values, list) else [values])
            )
            for name, values in problem.mapping(section.get("skip", {}), f"{where}.skip").items()
        },
    )
    element_fields = [f for f in parsed.fields if f == POSITION or f == ITEM or f.startswith(ITEM + ".")]
    if element_fields and not explode:
        problem.fail(where, f"{element_fields[0]!r} names a list element: add explode: <path to the list>")
    return parsed


def _source(problem: _Problems, where: str, value: Any) -> Source:
    """A source field as written: `Name`, `{date: D, time: T}` or `{field: F, epoch: seconds|milliseconds}`."""
    if not isinstance(value, dict):
        return Source(problem.text(value, where))
    if "date" in value or "time" in value:
        value = problem.mapping(value, where, {"date", "time"}, required={"date", "time"})
        return Source(problem.text(value["date"], f"{where}.date"), time=problem.text(value["time"], f"{where}.time"))
    value = problem.mapping(value, where, {"field", "epoch"}, required={"field", "epoch"})
    epoch = problem.text(value["epoch"], f"{where}.epoch")
    if epoch not in EPOCH_UNITS:
        problem.fail(f"{where}.epoch", f"expected one of {', '.join(EPOCH_UNITS)}, got {epoch!r}")
    return Source(problem.text(value["field"], f"{where}.field"), epoch=epoch)


def _template(problem: _Problems, where: str, value: Any) -> list[tuple[str, str]]:
    text = problem.text(value, where)
    parts: list[tuple[str, str]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > position:
            parts.append(("text", text[position:match.start()]))
        parts.append(("column", match.group(1).strip()))
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
