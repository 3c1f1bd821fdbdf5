"""`helpdesk-metrics`: run the pipeline once and print what it measured (what `make run` calls)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dagster_project import settings, warehouse
from dagster_project.summary import channel_summary, format_minutes, quarantined_rows

app = typer.Typer(help="Helpdesk service-metrics warehouse.", no_args_is_help=True, add_completion=False)
console = Console()

RawDirOption = Annotated[
    Path | None, typer.Option("--raw-dir", help="Folder of export deliveries [env HELPDESK_RAW_DIR, default data/raw].")
]
WarehouseOption = Annotated[
    Path | None,
    typer.Option("--warehouse", help="DuckDB warehouse file [env HELPDESK_WAREHOUSE, default data/warehouse.duckdb]."),
]


def _resolve(raw_dir: Path | None, warehouse_file: Path | None) -> tuple[Path, Path]:
    return (raw_dir or settings.raw_dir()).resolve(), (warehouse_file or settings.warehouse_path()).resolve()


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Delivery folder to write.")] = Path("data/raw/demo"),
    tickets: Annotated[int, typer.Option(help="Number of tickets.")] = 20_000,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed writes the same files.")] = 42,
) -> None:
    """Write a generated demo delivery in the canonical export format."""
    from dagster_project.demo import generate_delivery

    counts = generate_delivery(out, tickets=tickets, seed=seed)
    console.print(f"wrote demo delivery {out}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))


@app.command()
def run(
    raw_dir: RawDirOption = None,
    warehouse_file: WarehouseOption = None,
    demo_tickets: Annotated[int, typer.Option(help="Tickets in the demo delivery made when raw dir has none.")] = 20_000,
) -> None:
    """Ingest, build and validate once (generating demo exports if the raw dir has no delivery), then
    print the per-channel summary."""
    from dagster import DagsterInstance

    from dagster_project.demo import generate_delivery
    from dagster_project.ingest import discover_deliveries
    from dagster_project.refresh import failed_checks, run_full_refresh

    raw_path, warehouse_path = _resolve(raw_dir, warehouse_file)
    if not raw_path.is_dir() or not discover_deliveries(raw_path):
        demo_dir = raw_path / "demo"
        console.print(f"[bold]{raw_path}[/] has no delivery: generating {demo_tickets:,} demo tickets in {demo_dir}")
        generate_delivery(demo_dir, tickets=demo_tickets)

    instance = DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()
    result = run_full_refresh(raw_path, warehouse_path, instance=instance)
    for failure in failed_checks(result):
        console.print(f"[red]check failed[/]: {failure}")
    if not result.success or failed_checks(result):
        console.print("[red]refresh failed[/]: see the failed steps and checks above")
        raise typer.Exit(code=1)
    summary(warehouse_file=warehouse_path)


@app.command()
def summary(
    warehouse_file: WarehouseOption = None,
) -> None:
    """Print the per-channel summary of the warehouse."""
    _, warehouse_path = _resolve(None, warehouse_file)
    con = warehouse.connect(warehouse_path, read_only=True)
    try:
        rows = channel_summary(con)
        quarantined = quarantined_rows(con)
    finally:
        con.close()
    table = Table(title="Tickets by channel")
    for column in ("channel", "tickets", "first response p50", "first response p90", "resolution rate", "CSAT"):
        table.add_column(column, justify="left" if column == "channel" else "right")
    for row in rows:
        table.add_row(
            str(row["channel"]),
            f"{row['tickets']:,}",
            format_minutes(row["first_response_p50_minutes"]),
            format_minutes(row["first_response_p90_minutes"]),
            f"{row['resolution_rate']:.1%}",
            "–" if row["csat_mean"] is None else f"{row['csat_mean']:.2f}",
        )
    console.print(table)
    console.print(f"rows quarantined: {quarantined:,} (see raw.quarantine)")
    console.print(f"warehouse: [bold]{warehouse_path}[/]")
