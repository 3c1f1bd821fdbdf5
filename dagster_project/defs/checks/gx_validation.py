"""Validating one mart against its suite: DuckDB -> pandas -> an ephemeral GX context.

GX's SQL datasource does not work over duckdb-engine in GX 1.24 (every expectation errors with "list index
out of range"), so the table, with the suite's derived columns, is read into pandas and validated there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pandas as pd

from dagster_project import settings
from dagster_project.defs.checks.gx_suites import derived_columns, load_suite

if TYPE_CHECKING:
    import great_expectations as gx
    from great_expectations.core import ExpectationValidationResult
    from great_expectations.core.batch_definition import BatchDefinition

# How many offending values an outcome keeps as examples.
PARTIAL_UNEXPECTED_COUNT = 5


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation_type: str
    # The gate in a few words, e.g. "ticket_id unique" or "first_response_at >= requested_at".
    label: str
    description: str
    success: bool
    # None when the expectation could not be evaluated (see `error`) or is not about rows.
    unexpected_count: int | None
    element_count: int | None
    partial_unexpected: tuple[str, ...]
    error: str | None = None


@dataclass(frozen=True)
class SuiteResult:
    suite_name: str
    table: str
    rows: int
    success: bool
    # In the order of the suite file.
    expectations: list[ExpectationOutcome]

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.expectations if not outcome.success]


def validate_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    suite_path: Path | None = None,
    schema: str = "marts",
) -> SuiteResult:
    """Validate `schema.table` against its suite (default expectations/<table>.json).

    The derived-column expressions in the suite are used as written, so they name the tables they read
    (e.g. `marts.fct_tickets`) whatever `schema` is."""
    suite = load_suite(suite_path if suite_path is not None else settings.EXPECTATIONS_DIR / f"{table}.json")
    frame = _read_table(con, schema, table, _columns_checked(suite), derived_columns(suite))
    batch = _batch_definition(table).get_batch(batch_parameters={"dataframe": frame})
    validation = batch.validate(
        suite,
        result_format={"result_format": "BASIC", "partial_unexpected_count": PARTIAL_UNEXPECTED_COUNT},
    )
    # GX reports the expectations whose metrics raised first; put them back in file order.
    position = {
        _identity(e.expectation_type, e.configuration.kwargs): i for i, e in enumerate(suite.expectations)
    }
    results = sorted(
        validation.results,
        key=lambda r: position[_identity(r.expectation_config.type, r.expectation_config.kwargs)],
    )
    return SuiteResult(
        suite_name=suite.name,
        table=table,
        rows=len(frame),
        success=bool(validation.success),
        expectations=[_outcome(result) for result in results],
    )


def _columns_checked(suite: gx.ExpectationSuite) -> set[str] | None:
    """The columns the suite's expectations name, or None when one of them may read others (a table-level
    expectation, a row_condition): a mart is far wider than its gates, and reading only what they check
    keeps a million-row validation from converting a hundred unused columns to pandas."""
    columns: set[str] = set()
    for expectation in suite.expectations:
        kwargs = expectation.configuration.kwargs
        named = [kwargs.get(key) for key in ("column", "column_A", "column_B")] + list(kwargs.get("column_list") or [])
        if kwargs.get("row_condition") or not any(named):
            return None
        columns.update(name for name in named if name)
    return columns


def _read_table(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    table: str,
    columns: set[str] | None,
    derived: dict[str, str],
) -> pd.DataFrame:
    # Table, schema and derived column names come from our own suite files and callers, never from
    # delivered data, so they are quoted identifiers; the expressions are SQL by design.
    existing = [
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns"
            " where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, table],
        ).fetchall()
    ]
    # A column the suite names but the table lacks stays out of the query, so GX reports that
    # expectation as failed with its own error instead of the whole read failing.
    selected = [name for name in existing if (columns is None or name in columns) and name not in derived]
    items = [_identifier(name) for name in selected]
    items += [f"({expression}) as {_identifier(name)}" for name, expression in derived.items()]
    # An empty list means the table is missing: `select *` lets DuckDB say so.
    frame = con.sql(f"select {', '.join(items or ['*'])} from {_identifier(schema)}.{_identifier(table)}").df()
    return _without_nullable_dtypes(frame)


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _without_nullable_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """DuckDB returns a column with NULLs as a pandas nullable dtype (`boolean`, `Int32`, ...); GX's
    column-pair metrics then fail with "boolean value of NA is ambiguous". Hand GX plain Python values
    with None instead, which also keeps integers reading as integers in the reported examples."""
    for name, dtype in frame.dtypes.items():
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) and pd.api.types.is_numeric_dtype(dtype):
            frame[name] = frame[name].to_numpy(dtype=object, na_value=None)
    return frame


def _batch_definition(table: str) -> BatchDefinition:
    # A fresh in-memory context per validation costs ~10 ms and shares no state between checks.
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    context = gx.get_context(
        mode="ephemeral",
        project_config=DataContextConfig(
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False),
            store_backend_defaults=InMemoryStoreBackendDefaults(),
        ),
    )
    asset = context.data_sources.add_pandas(name=table).add_dataframe_asset(name=table)
    return asset.add_batch_definition_whole_dataframe(name="whole_table")


def _identity(expectation_type: str, kwargs: dict[str, Any]) -> str:
    # GX adds the batch_id to the kwargs it reports back.
    own = {key: value for key, value in kwargs.items() if key != "batch_id"}
    return json.dumps([expectation_type, own], sort_keys=True, default=str)


def _outcome(result: ExpectationValidationResult) -> ExpectationOutcome:
    config = result.expectation_config
    details = result.result or {}
    return ExpectationOutcome(
        expectation_type=config.type,
        label=_label(config.type, config.kwargs),
        description=str((config.meta or {}).get("description", "")),
        success=bool(result.success),
        unexpected_count=details.get("unexpected_count"),
        element_count=details.get("element_count"),
        partial_unexpected=tuple(_text(value) for value in details.get("partial_unexpected_list", [])),
        error=_error_message(result.exception_info),
    )


def _label(expectation_type: str, kwargs: dict[str, Any]) -> str:
    """The gate in a few words, e.g. "ticket_id unique" or "first_response_at >= requested_at"."""
    column, column_a, column_b = kwargs.get("column"), kwargs.get("column_A"), kwargs.get("column_B")
    match expectation_type:
        case "expect_column_values_to_not_be_null":
            return f"{column} not null"
        case "expect_column_values_to_be_unique":
            return f"{column} unique"
        case "expect_compound_columns_to_be_unique":
            return f"({', '.join(kwargs['column_list'])}) unique"
        case "expect_column_values_to_be_in_set":
            return f"{column} in set"
        case "expect_column_values_to_be_between":
            bounds = []
            if kwargs.get("min_value") is not None:
                bounds.append(f"{'>' if kwargs.get('strict_min') else '>='} {_bound(kwargs['min_value'])}")
            if kwargs.get("max_value") is not None:
                bounds.append(f"{'<' if kwargs.get('strict_max') else '<='} {_bound(kwargs['max_value'])}")
            return f"{column} {' and '.join(bounds)}"
        case "expect_column_pair_values_a_to_be_greater_than_b":
            return f"{column_a} {'>=' if kwargs.get('or_equal') else '>'} {column_b}"
        case "expect_column_pair_values_to_be_equal":
            return f"{column_a} = {column_b}"
    columns = [c for c in (column, column_a, column_b) if c] + list(kwargs.get("column_list", []))
    return f"{expectation_type} on {', '.join(columns) or 'the table'}"


def _bound(value: Any) -> str:
    # GX stores the bounds 0 and 1 as 0.0 and 1.0.
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _text(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(_text(item) for item in value) + ")"
    if isinstance(value, dict):
        return "(" + ", ".join(f"{key}={_text(item)}" for key, item in value.items()) + ")"
    if value is None or (np.ndim(value) == 0 and pd.isna(value)):
        return "null"
    if isinstance(value, np.generic):
        return str(value.item())
    return str(value)


def _error_message(exception_info: dict[str, Any] | None) -> str | None:
    """The first exception raised while evaluating an expectation. GX reports either one
    {"raised_exception", "exception_message"} dict or one such dict per failed metric."""
    if not exception_info:
        return None
    infos = [exception_info] if "raised_exception" in exception_info else list(exception_info.values())
    messages = [str(info.get("exception_message")) for info in infos if info.get("raised_exception")]
    return messages[0] if messages else None
