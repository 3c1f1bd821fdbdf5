"""Great Expectations gates on the marts: one suite per table in expectations/, run by blocking asset checks."""

import os

# Set before anything imports great_expectations, which reads it when a data context is created.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from dagster_project.checks.gx_suites import SuiteLoadError, derived_columns, load_suite, suite_paths  # noqa: E402
from dagster_project.checks.gx_validation import ExpectationOutcome, SuiteResult, validate_table  # noqa: E402

__all__ = [
    "ExpectationOutcome",
    "SuiteLoadError",
    "SuiteResult",
    "derived_columns",
    "load_suite",
    "suite_paths",
    "validate_table",
]
