"""One asset per export table: every delivery's files loaded into `raw.<table>`, bad rows quarantined; files
loaded by an earlier run and unchanged since are not read again. Each checks its rows are conserved in its
own step (defs/checks/row_conservation.py)."""


from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    MaterializeResult,
    MetadataValue,
    asset,
)

from dagster_project.defs.assets.metadata import table_preview
from dagster_project.defs.checks.row_conservation import rows_conserved, rows_conserved_spec
from dagster_project.defs.resources import WarehouseResource
from dagster_project.ingest import load_table
from dagster_project.ingest.export_format import TABLES

RAW_GROUP = "raw"


def raw_asset_key(table: str) -> AssetKey:
    return AssetKey(["raw", table])


def _build_raw_asset(table: str) -> AssetsDefinition:
    @asset(
        key=raw_asset_key(table),
        group_name=RAW_GROUP,
        kinds={"duckdb"},
        description=f"`raw.{table}`: the {table} export of every delivery, as loaded (see docs/export-format.md).",
        check_specs=[rows_conserved_spec(raw_asset_key(table))],
    )
    def _raw_table(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
        with warehouse.connect() as con:
            result = load_table(con, warehouse.raw_path, table)
            preview = table_preview(con, f"raw.{table}")
            conserved = rows_conserved(con, table, raw_asset_key(table))
        if result.rows_quarantined:
            context.log.warning(
                f"{result.rows_quarantined:,} of {result.rows_read:,} {table} rows quarantined: "
                f"select * from raw.quarantine where table_name = '{table}'"
            )
        return MaterializeResult(
            metadata={
                "dagster/row_count": result.rows_loaded,
                "rows_read": result.rows_read,
                "rows_loaded": result.rows_loaded,
                "rows_quarantined": result.rows_quarantined,
                "keys_repeated_in_a_file": result.keys_repeated_in_a_file,
                "keys_redelivered": result.keys_redelivered,
                "files": MetadataValue.md(
                    "\n".join(
                        f"- `{f.source_file}`: {f.rows_read} read, {f.rows_loaded} loaded, "
                        f"{f.rows_quarantined} quarantined"
                        + (f"; extra columns kept in `_extra`: {', '.join(f.extra_columns)}" if f.extra_columns else "")
                        for f in result.files
                    )
                    or "no files"
                ),
                "unknown_files": MetadataValue.json([str(p) for p in result.unknown_files]),
                "files_read": MetadataValue.json(result.files_read),
                "files_unchanged": len(result.files_unchanged),
                "files_removed": MetadataValue.json(result.files_removed),
                "tickets_changed": result.tickets_changed,
                "preview": preview,
            },
            check_results=[conserved],
        )

    return _raw_table


raw_assets: list[AssetsDefinition] = [_build_raw_asset(table) for table in TABLES]
