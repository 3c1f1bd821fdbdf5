"""Every column of every model in the warehouse is documented in the dbt yml, and nothing documented is missing."""

from __future__ import annotations

import json
import re

from collections.abc import Iterator

import duckdb
import pytest

from dagster_project import settings
from dagster_project.defs.dbt_project import ensure_manifest
from tests.conftest import BuiltWarehouse


def _documented_models() -> dict[str, tuple[str, set[str]]]:
    manifest = json.loads(ensure_manifest().read_text())
    return {
        node["name"]: (node["schema"], set(node["columns"]))
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }


MODELS = _documented_models()


@pytest.fixture
def every_model_con(hand_built_every_model: BuiltWarehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    con = hand_built_every_model.connect()
    yield con
    con.close()


@pytest.mark.parametrize("model", sorted(MODELS))
def test_model_columns_match_their_documentation(every_model_con: duckdb.DuckDBPyConnection, model: str) -> None:
    schema, documented = MODELS[model]
    actual = {
        row[0]
        for row in every_model_con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
            [schema, model],
        ).fetchall()
    }
    assert actual, f"{schema}.{model} is not in the warehouse"
    assert sorted(actual - documented) == [], f"undocumented columns in {schema}.{model}"
    assert sorted(documented - actual) == [], f"documented columns missing from {schema}.{model}"


def test_the_warehouse_catalog_holds_every_description(every_model_con: duckdb.DuckDBPyConnection) -> None:
    """persist_docs: a SQL client shows each model's description and each column's (`comment on`, written for
    the whole build at its end by the on-run-end macro persist_docs_in_one_pass)."""
    manifest = json.loads(ensure_manifest().read_text())
    models = [node for node in manifest["nodes"].values() if node["resource_type"] == "model"]
    relations = dict(
        every_model_con.execute(
            "select schema_name || '.' || table_name, comment from duckdb_tables() "
            "union all select schema_name || '.' || view_name, comment from duckdb_views()"
        ).fetchall()
    )
    columns = dict(
        every_model_con.execute(
            "select schema_name || '.' || table_name || '.' || column_name, comment from duckdb_columns()"
        ).fetchall()
    )
    expected = {f"{node['schema']}.{node['name']}": node["description"] for node in models}
    assert {name: relations.get(name) for name in expected} == expected
    expected = {
        f"{node['schema']}.{node['name']}.{column}": doc["description"]
        for node in models
        for column, doc in node["columns"].items()
    }
    assert {name: columns.get(name) for name in expected} == expected


def test_every_model_has_a_description() -> None:
    manifest = json.loads(ensure_manifest().read_text())
    undocumented = [
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed") and not node["description"].strip()
    ]
    assert undocumented == []


METRICS_DOC = settings.PROJECT_ROOT / "docs" / "metrics.md"
SQL_PATH = re.compile(r"dbt/[\w./-]+\.sql")


def _metric_sections() -> dict[str, str]:
    """Each metric section of docs/metrics.md, heading -> body: every `###` section, and every `##` section
    without `###` subsections (business time, SLAs, the aggregates) except the list of sources."""
    sections: dict[str, list[str]] = {}
    level2: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for line in METRICS_DOC.read_text().splitlines():
        if line.startswith("## "):
            level2.append((line[3:], []))
            current = level2[-1][1]
        elif line.startswith("### "):
            current = sections[line[4:]] = []
            level2[-1][1].append(line)
        elif current is not None:
            current.append(line)
    bodies = {heading: "\n".join(lines) for heading, lines in sections.items()}
    for heading, lines in level2:
        if heading != "Sources" and not any(line.startswith("### ") for line in lines):
            bodies[heading] = "\n".join(lines)
    return bodies


METRIC_SECTIONS = _metric_sections()


def _sql_paths(text: str) -> list[str]:
    """The files named after each `SQL: ` of a section, up to the end of its paragraph."""
    return [path for named in re.findall(r"SQL: (.+?)(?:\n\n|\Z)", text, re.S) for path in SQL_PATH.findall(named)]


def test_every_sql_path_in_metrics_doc_exists() -> None:
    named = sorted(set(SQL_PATH.findall(METRICS_DOC.read_text())))
    assert len(named) > 20
    assert [path for path in named if not (settings.PROJECT_ROOT / path).is_file()] == []


def _columns_by_sql_path() -> dict[str, set[str]]:
    """The documented (= built, see above) columns of each model, by its file's path from the repository root."""
    manifest = json.loads(ensure_manifest().read_text())
    return {
        f"dbt/{node['original_file_path']}": set(node["columns"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }


COLUMNS_BY_SQL_PATH = _columns_by_sql_path()


@pytest.mark.parametrize("heading", sorted(METRIC_SECTIONS))
def test_every_metric_section_names_the_sql_that_computes_it(heading: str) -> None:
    paths = _sql_paths(METRIC_SECTIONS[heading])
    assert paths, f"docs/metrics.md section {heading!r} names no `SQL: dbt/...sql` file"
    # a section named for columns names a model that outputs each of them
    computed = set().union(*(COLUMNS_BY_SQL_PATH.get(path, set()) for path in paths))
    named = heading.split(" (")[0].split(", ") if heading == heading.lower() else []
    assert [column for column in named if column not in computed] == []
