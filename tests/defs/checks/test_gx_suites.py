"""The suite files: which exist, what they check, and the errors a broken file gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagster_project import settings
from dagster_project.defs.checks import (
    SuiteLoadError,
    derived_columns,
    load_suite,
    suite_paths,
)
from dagster_project.ingest.export_format import CHANNELS


def test_one_suite_per_mart() -> None:
    assert suite_paths() == {
        "agg_channel_daily": settings.EXPECTATIONS_DIR / "agg_channel_daily.json",
        "agg_hour_of_week": settings.EXPECTATIONS_DIR / "agg_hour_of_week.json",
        "fct_sla_events": settings.EXPECTATIONS_DIR / "fct_sla_events.json",
        "fct_tickets": settings.EXPECTATIONS_DIR / "fct_tickets.json",
    }


@pytest.mark.parametrize(("table", "count"), [("fct_tickets", 26), ("agg_channel_daily", 11), ("fct_sla_events", 8), ("agg_hour_of_week", 5)])
def test_every_expectation_in_a_suite_file_loads_with_a_description(table: str, count: int) -> None:
    path = suite_paths()[table]

    suite = load_suite(path)

    assert suite.name == table
    assert len(suite.expectations) == len(json.loads(path.read_text())["expectations"]) == count
    assert all(expectation.meta["description"] for expectation in suite.expectations)


def test_channel_gate_uses_the_export_format_vocabulary() -> None:
    suite = load_suite(suite_paths()["fct_tickets"])

    [channel_set] = [e for e in suite.expectations if e.expectation_type == "expect_column_values_to_be_in_set"]
    assert list(channel_set.configuration.kwargs["value_set"]) == list(CHANNELS)


def test_derived_columns_are_read_from_the_suite_meta() -> None:
    suite = load_suite(suite_paths()["fct_tickets"])

    assert derived_columns(suite) == {
        "first_response_minutes_recomputed": "date_diff('microsecond', requested_at, first_response_at) / 60000000.0",
        "is_answered_recomputed": "first_response_at is not null",
        "status_minutes_total_gap": "case when is_resolved then abs(requester_wait_minutes + agent_wait_minutes"
        " + resolved_before_reopen_minutes - full_resolution_minutes) end",
        "status_business_minutes_total_gap": "case when is_resolved then abs(requester_wait_business_minutes"
        " + agent_wait_business_minutes + resolved_before_reopen_business_minutes - full_resolution_business_minutes) end",
        "reply_cycles_recounted": "(select count(*) from marts.fct_reply_cycles as cycles"
        " where cycles.ticket_id = fct_tickets.ticket_id)",
    }


def _write_suite(tmp_path: Path, name: str, expectations: list[dict], **extra: object) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"name": name, "expectations": expectations, **extra}))
    return path


NOT_NULL_ID = {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "ticket_id"}}


def test_malformed_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "fct_tickets.json"
    path.write_text('{"name": "fct_tickets", "expectations": [}')

    with pytest.raises(SuiteLoadError) as raised:
        load_suite(path)

    assert str(raised.value) == f"{path}: not valid JSON: Expecting value: line 1 column 42 (char 41)"


def test_unknown_expectation_type_names_the_file_and_the_type(tmp_path: Path) -> None:
    path = _write_suite(
        tmp_path,
        "fct_tickets",
        [NOT_NULL_ID, {"type": "expect_column_values_to_be_purple", "kwargs": {"column": "ticket_id"}}],
    )

    with pytest.raises(SuiteLoadError) as raised:
        load_suite(path)

    assert str(raised.value) == (
        f"{path}: GX loaded 1 of the 2 expectations in the file; not loaded: expect_column_values_to_be_purple"
        " (an unknown expectation type or invalid kwargs; the GX log above says which)"
    )


def test_invalid_kwargs_name_the_file_and_the_problem(tmp_path: Path) -> None:
    path = _write_suite(
        tmp_path, "fct_tickets", [{"type": "expect_column_values_to_be_between", "kwargs": {"min_value": 0}}]
    )

    with pytest.raises(SuiteLoadError) as raised:
        load_suite(path)

    assert str(raised.value) == (
        f"{path}: 1 validation error for ExpectColumnValuesToBeBetween column field required"
        " (type=value_error.missing)"
    )


def test_suite_named_differently_from_its_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fct_tickets.json"
    path.write_text(json.dumps({"name": "tickets", "expectations": [NOT_NULL_ID]}))

    with pytest.raises(SuiteLoadError) as raised:
        load_suite(path)

    assert str(raised.value) == (
        f"{path}: the suite is named 'tickets' but the file stem is 'fct_tickets';"
        " they must be the same (the stem names the suite and the table it validates)"
    )


@pytest.mark.parametrize(
    "document",
    [["not", "an", "object"], {"name": "fct_tickets"}, {"name": "fct_tickets", "expectations": {}}],
    ids=["a list", "no expectations", "expectations not a list"],
)
def test_file_without_the_suite_shape_is_refused(tmp_path: Path, document: object) -> None:
    path = tmp_path / "fct_tickets.json"
    path.write_text(json.dumps(document))

    with pytest.raises(SuiteLoadError) as raised:
        load_suite(path)

    assert str(raised.value) == f'{path}: expected a JSON object with an "expectations" list'


@pytest.mark.parametrize(
    "derived", [["epoch(x)"], {"x": ""}, {"x": 3}], ids=["a list", "an empty expression", "not SQL text"]
)
def test_malformed_derived_columns_are_refused(tmp_path: Path, derived: object) -> None:
    path = _write_suite(tmp_path, "fct_tickets", [NOT_NULL_ID], meta={"derived_columns": derived})

    with pytest.raises(SuiteLoadError) as raised:
        load_suite(path)

    assert str(raised.value) == (
        f'{path}: "meta.derived_columns" must map column names to non-empty SQL expressions'
    )


def test_meta_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    path = _write_suite(tmp_path, "fct_tickets", [NOT_NULL_ID], meta=["derived_columns"])

    with pytest.raises(SuiteLoadError) as raised:
        load_suite(path)

    assert str(raised.value) == f'{path}: "meta" must be a JSON object'
