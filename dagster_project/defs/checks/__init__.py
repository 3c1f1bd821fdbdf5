"""Great Expectations gates on the marts: one suite per table in expectations/, run by blocking asset checks."""

import os

# Set before anything imports great_expectations, which reads it when a data context is created.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

from dagster_project.defs.checks.spark_connect_guard import keep_spark_connect_from_exiting  # noqa: E402

keep_spark_connect_from_exiting()

from dagster_project.defs.checks.gx_suites import (  # noqa: E402
    SuiteLoadError,
    derived_columns,
    load_suite,
    suite_paths,
)
from dagster_project.defs.checks.gx_validation import (  # noqa: E402
    ExpectationOutcome,
    SuiteResult,
    validate_table,
)

__all__ = [
    "ExpectationOutcome",
    "SuiteLoadError",
    "SuiteResult",
    "derived_columns",
    "load_suite",
    "suite_paths",
    "validate_table",
]
