"""Blocking asset checks: the GX suites in expectations/ on the marts, and row conservation on the raw tables."""


from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)

from dagster_project.defs.assets.raw import raw_asset_key
from dagster_project.defs.checks.gx_suites import suite_paths
from dagster_project.defs.checks.gx_validation import validate_table
from dagster_project.defs.resources import WarehouseResource
from dagster_project.ingest.adapters.zendesk_account import ACCOUNT_TABLES
from dagster_project.ingest.export_format import TABLES


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


def _build_conservation_check(table: str) -> AssetChecksDefinition:
    @asset_check(
        asset=raw_asset_key(table),
        name="rows_conserved",
        blocking=True,
        description="Every file: rows read = rows loaded + rows quarantined, and both are where the log says.",
    )
    def _conservation_check(warehouse: WarehouseResource) -> AssetCheckResult:
        with warehouse.connect(read_only=True) as con:
            rows = con.execute(
                f"""
                with loaded as (
                    select _source_file as source_file, count(*) as n from raw."{table}" group by all
                ),
                quarantined as (
                    select source_file, count(*) as n from raw.quarantine where table_name = ? group by all
                )
                select
                    log.source_file,
                    log.rows_read,
                    log.rows_loaded,
                    log.rows_quarantined,
                    coalesce(loaded.n, 0) as rows_in_table,
                    coalesce(quarantined.n, 0) as rows_in_quarantine
                from raw.load_log as log
                left join loaded using (source_file)
                left join quarantined using (source_file)
                where log.table_name = ?
                """,
                [table, table],
            ).fetchall()
        broken = [
            r[0] for r in rows if r[1] != r[2] + r[3] or r[2] != r[4] or r[3] != r[5]
        ]
        return AssetCheckResult(
            passed=not broken,
            severity=AssetCheckSeverity.ERROR,
            description="rows conserved in every file" if not broken else f"rows do not add up in: {', '.join(broken)}",
            metadata={
                "files": len(rows),
                "rows_read": sum(r[1] for r in rows),
                "rows_loaded": sum(r[2] for r in rows),
                "rows_quarantined": sum(r[3] for r in rows),
            },
        )

    return _conservation_check


gx_checks: list[AssetChecksDefinition] = [_build_gx_check(table) for table in suite_paths()]
conservation_checks: list[AssetChecksDefinition] = [
    _build_conservation_check(table) for table in [*TABLES, *(spec.name for spec in ACCOUNT_TABLES.values())]
]
