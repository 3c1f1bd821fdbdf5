"""`helpdesk-metrics export-marts --to DIR`: one Parquet file per mart of the published warehouse, every row."""

from __future__ import annotations

from pathlib import Path

import duckdb
from typer.testing import CliRunner

from dagster_project.tools.cli import app


def test_export_marts_writes_every_mart_with_every_row(hand_built, tmp_path: Path) -> None:
    out = tmp_path / "marts"
    result = CliRunner().invoke(app, ["export-marts", "--to", str(out), "--warehouse", str(hand_built.path)])
    assert result.exit_code == 0, result.output
    con = hand_built.connect()
    try:
        marts = {
            name: con.execute(f"select count(*) from marts.{name}").fetchall()[0][0]
            for (name,) in con.execute(
                "select table_name from information_schema.tables"
                " where table_schema = 'marts' and table_type = 'BASE TABLE'"
            ).fetchall()
        }
    finally:
        con.close()
    assert sorted(path.stem for path in out.glob("*.parquet")) == sorted(marts)
    for name, rows in marts.items():
        assert duckdb.sql(f"select count(*) from '{out / name}.parquet'").fetchall()[0][0] == rows
    assert marts["fct_tickets"] > 0
