"""Row conservation on a raw table: every file's rows read = rows loaded + rows quarantined, and both are where
the load log says. A blocking check declared on the raw asset (`check_specs`) and evaluated in the asset's own
step, right after the load, so the ingest costs no extra step per table; a failed check fails that step, and
Dagster holds back everything downstream, as a separate blocking check step would."""

import duckdb
from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, AssetKey

CHECK_NAME = "rows_conserved"


def rows_conserved_spec(asset_key: AssetKey) -> AssetCheckSpec:
    return AssetCheckSpec(
        name=CHECK_NAME,
        asset=asset_key,
        blocking=True,
        description="Every file: rows read = rows loaded + rows quarantined, and both are where the log says.",
    )


def rows_conserved(con: duckdb.DuckDBPyConnection, table: str, asset_key: AssetKey) -> AssetCheckResult:
    """The check's result for `raw.<table>`, read on the connection that loaded it."""
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
    broken = [r[0] for r in rows if r[1] != r[2] + r[3] or r[2] != r[4] or r[3] != r[5]]
    return AssetCheckResult(
        asset_key=asset_key,
        check_name=CHECK_NAME,
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
