"""Every column of every model in the warehouse is documented in the dbt yml, and nothing documented is missing."""

from __future__ import annotations

import json

import duckdb
import pytest

from dagster_project.defs.dbt_project import ensure_manifest


def _documented_models() -> dict[str, tuple[str, set[str]]]:
    manifest = json.loads(ensure_manifest().read_text())
    return {
        node["name"]: (node["schema"], set(node["columns"]))
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }


MODELS = _documented_models()


@pytest.mark.parametrize("model", sorted(MODELS))
def test_model_columns_match_their_documentation(hand_built_con: duckdb.DuckDBPyConnection, model: str) -> None:
    schema, documented = MODELS[model]
    actual = {
        row[0]
        for row in hand_built_con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
            [schema, model],
        ).fetchall()
    }
    assert actual, f"{schema}.{model} is not in the warehouse"
    assert sorted(actual - documented) == [], f"undocumented columns in {schema}.{model}"
    assert sorted(documented - actual) == [], f"documented columns missing from {schema}.{model}"


def test_every_model_has_a_description() -> None:
    manifest = json.loads(ensure_manifest().read_text())
    undocumented = [
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] in ("model", "seed") and not node["description"].strip()
    ]
    assert undocumented == []
