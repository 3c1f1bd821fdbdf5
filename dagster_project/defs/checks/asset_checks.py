"""Blocking asset checks: the GX suites in expectations/ on the marts (row conservation on the raw tables is
checked in the raw assets' own steps: row_conservation.py)."""


from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)

from dagster_project.defs.checks.gx_suites import suite_paths
from dagster_project.defs.checks.gx_validation import validate_table
from dagster_project.defs.resources import WarehouseResource


def _build_gx_check(table: str) -> AssetChecksDefinition:
    @asset_check(
        asset=AssetKey(["marts", table]),
        name=f"gx_{table}",
        blocking=True,
        description=f"Great Expectations suite expectations/{table}.json on marts.{table}.",
    )
    def _gx_check(context: AssetCheckExecutionContext, warehouse: WarehouseResource) -> AssetCheckResult:
        with warehouse.connect(read_only=True) as con:
            result = validate_table(con, table)
        failed = [e for e in result.expectations if not e.success]
        for outcome in failed:
            context.log.error(f"{result.suite_name}: {outcome.label} failed ({outcome.unexpected_count} unexpected)")
        return AssetCheckResult(
            passed=result.success,
            severity=AssetCheckSeverity.ERROR,
            description=(
                f"{len(result.expectations) - len(failed)} of {len(result.expectations)} expectations met"
                + (f"; failed: {', '.join(o.label for o in failed)}" if failed else "")
            ),
            metadata={
                "rows": result.rows,
                "expectations": MetadataValue.md(
                    "| expectation | success | unexpected |\n|---|---|---|\n"
                    + "\n".join(
                        f"| {o.label} | {'yes' if o.success else '**no**'} | {o.unexpected_count} |"
                        for o in result.expectations
                    )
                ),
                "failed_expectations": MetadataValue.json([o.label for o in failed]),
            },
        )

    return _gx_check


gx_checks: list[AssetChecksDefinition] = [_build_gx_check(table) for table in suite_paths()]
