"""The expectation suites in expectations/: one JSON file per mart, file stem = suite name = table name.

A file is GX 1.x's ExpectationSuite JSON ({"name", "expectations": [{"type", "kwargs", "meta"}], "meta"}).
Values that need other rows or tables are declared in the suite's top-level meta as
`"derived_columns": {"<name>": "<DuckDB SQL expression>"}`; the validation adds them as columns to the
table it reads, so an ordinary column-pair expectation can compare a column with its recomputation.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from dagster_project import settings

if TYPE_CHECKING:
    import great_expectations as gx


class SuiteLoadError(Exception):
    """A suite file that cannot be used as it stands; the message starts with the file's path."""


def suite_paths(directory: Path | None = None) -> dict[str, Path]:
    """Every suite file by the table it validates, e.g. {"fct_tickets": .../expectations/fct_tickets.json}."""
    folder = directory if directory is not None else settings.EXPECTATIONS_DIR
    return {path.stem: path for path in sorted(folder.glob("*.json"))}


def load_suite(path: Path) -> gx.ExpectationSuite:
    """Read one suite file. Raises SuiteLoadError when the file is not valid JSON, does not have the
    suite shape, names a different suite than its file stem, or holds an expectation GX cannot build."""
    # GX takes about 5 s to import: only pay for it when a suite is actually loaded, so that Dagster's
    # code location and the run workers that never validate start fast.
    import great_expectations as gx
    from great_expectations.exceptions import GreatExpectationsError

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SuiteLoadError(f"{path}: not valid JSON: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("expectations"), list):
        raise SuiteLoadError(f'{path}: expected a JSON object with an "expectations" list')
    if document.get("name") != path.stem:
        raise SuiteLoadError(
            f"{path}: the suite is named {document.get('name')!r} but the file stem is {path.stem!r};"
            " they must be the same (the stem names the suite and the table it validates)"
        )
    meta = document.get("meta", {})
    _check_derived_columns(path, meta)

    entries = document["expectations"]
    try:
        suite = gx.ExpectationSuite(
            name=document["name"],
            expectations=entries,
            meta=meta,
            notes=document.get("notes"),
            suite_parameters=document.get("suite_parameters"),
        )
    except (TypeError, ValueError, GreatExpectationsError) as error:
        raise SuiteLoadError(f"{path}: {' '.join(str(error).split())}") from error
    # GX drops an expectation it cannot build (an unknown type, for one) and only logs it; a gate that
    # silently checks less than its file says is worse than no gate.
    if len(suite.expectations) != len(entries):
        loaded = Counter(expectation.expectation_type for expectation in suite.expectations)
        not_loaded = Counter(str(entry.get("type")) for entry in entries if isinstance(entry, dict)) - loaded
        raise SuiteLoadError(
            f"{path}: GX loaded {len(suite.expectations)} of the {len(entries)} expectations in the file;"
            f" not loaded: {', '.join(sorted(not_loaded.elements()))}"
            " (an unknown expectation type or invalid kwargs; the GX log above says which)"
        )
    return suite


def derived_columns(suite: gx.ExpectationSuite) -> dict[str, str]:
    """The suite's derived columns: column name -> DuckDB SQL expression over the validated table."""
    return dict(suite.meta.get("derived_columns", {}))


def _check_derived_columns(path: Path, meta: object) -> None:
    if not isinstance(meta, dict):
        raise SuiteLoadError(f'{path}: "meta" must be a JSON object')
    derived = meta.get("derived_columns", {})
    if not isinstance(derived, dict) or not all(
        isinstance(name, str) and name and isinstance(expression, str) and expression.strip()
        for name, expression in derived.items()
    ):
        raise SuiteLoadError(
            f'{path}: "meta.derived_columns" must map column names to non-empty SQL expressions'
        )
