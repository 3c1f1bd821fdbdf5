"""`helpdesk-metrics`: run the pipeline once and print what it measured (what `make run` calls)."""

from __future__ import annotations

import os
from datetime import UTC
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dagster_project import settings, warehouse
from dagster_project.tools.summary import (
    channel_summary,
    format_minutes,
    format_share,
    quarantined_rows,
)
from dagster_project.warehouse import publish
from dagster_project.warehouse.locking import RefreshAlreadyRunning, current_holder

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
    from dagster_project.tools.demo import generate_delivery

    counts = generate_delivery(out, tickets=tickets, seed=seed)
    console.print(f"wrote demo delivery {out}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))


@app.command()
def run(
    raw_dir: RawDirOption = None,
    warehouse_file: WarehouseOption = None,
    demo_tickets: Annotated[int, typer.Option(help="Tickets in the demo delivery made when raw dir has none.")] = 20_000,
    full_refresh: Annotated[
        bool, typer.Option("--full-refresh", help="Rebuild from every delivery instead of refreshing incrementally.")
    ] = False,
) -> None:
    """Ingest, build and validate once (generating demo exports if the raw dir has no delivery), then
    print the per-channel summary. Incremental when a published warehouse exists (docs/operations.md)."""
    from dagster import DagsterInstance

    from dagster_project.ingest import discover_deliveries
    from dagster_project.tools.demo import generate_delivery
    from dagster_project.warehouse.refresh import (
        failed_checks,
        run_errors,
        run_full_refresh,
        was_published,
    )

    raw_path, warehouse_path = _resolve(raw_dir, warehouse_file)
    # The run itself takes the lock, but only once Dagster has loaded: tell a second refresh at once.
    lock = publish.lock_path(warehouse_path)
    holder = current_holder(lock)
    if holder is not None:
        error = RefreshAlreadyRunning(lock, holder)
        console.print(f"[red]refresh failed[/]: {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=1)
    if not raw_path.is_dir() or not discover_deliveries(raw_path):
        demo_dir = raw_path / "demo"
        console.print(f"[bold]{raw_path}[/] has no delivery: generating {demo_tickets:,} demo tickets in {demo_dir}")
        generate_delivery(demo_dir, tickets=demo_tickets)

    instance = DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()
    result = run_full_refresh(raw_path, warehouse_path, instance=instance, full_refresh=full_refresh)
    checks = failed_checks(result)
    errors = run_errors(result)
    for failure in checks:
        console.print(f"[red]check failed[/]: {escape(failure)}", soft_wrap=True)
    for error in errors:
        console.print(f"[red]error[/]: {escape(error)}", highlight=False, soft_wrap=True)
    if any(publish.DISK_FULL in error for error in errors):
        console.print(f"[red]disk full[/]: {escape(publish.disk_full_message(warehouse_path.parent))}", soft_wrap=True)
    if not result.success or checks:
        if was_published(result):
            console.print(f"[red]refresh failed[/] after publishing {warehouse_path}: see the errors above")
        else:
            state = "still holds the previous warehouse" if warehouse_path.exists() else "was not created"
            message = f"not published, {warehouse_path} {state}; see the reasons above"
            console.print(f"[red]refresh failed[/]: {message}", soft_wrap=True)
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
    table = Table(title="Tickets by channel (first reply: calendar and business time; SLA: first reply)")
    for column in (
        "channel",
        "tickets",
        "1st reply p50",
        "p90",
        "p50 business",
        "SLA met",
        "resolved",
        "CSAT",
    ):
        table.add_column(column, justify="left" if column == "channel" else "right")
    for row in rows:
        table.add_row(
            str(row["channel"]),
            f"{row['tickets']:,}",
            format_minutes(row["first_response_p50_minutes"]),
            format_minutes(row["first_response_p90_minutes"]),
            format_minutes(row["first_response_business_p50_minutes"]),
            format_share(row["first_response_sla_attainment"]),
            format_share(row["resolution_rate"]),
            "–" if row["csat_mean"] is None else f"{row['csat_mean']:.2f}",
        )
    console.print(table)
    console.print(f"rows quarantined: {quarantined:,} (see raw.quarantine)")
    console.print(f"warehouse: [bold]{warehouse_path}[/]")


@app.command()
def rollback(
    to: Annotated[int, typer.Option("--to", help="Which previous warehouse: 1 = the one replaced most recently.")] = 1,
    list_only: Annotated[bool, typer.Option("--list", help="List the previous warehouses; change nothing.")] = False,
    warehouse_file: WarehouseOption = None,
) -> None:
    """Put a previously published warehouse back in place, atomically; the current one is kept in the
    history, so a rollback can be rolled back."""
    _, warehouse_path = _resolve(None, warehouse_file)
    if list_only:
        _print_history(warehouse_path)
        return
    try:
        done = publish.rollback(warehouse_path, to=to, keep=publish.keep_published())
    except (publish.RollbackError, publish.WarehouseFolderError, RefreshAlreadyRunning) as error:
        console.print(f"[red]rollback failed[/]: {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=1) from error
    console.print(
        f"restored previous warehouse {done.restored.number} ({done.restored.path.name}) "
        f"as [bold]{warehouse_path}[/]: {_describe(done.info)}",
        soft_wrap=True,
    )
    if done.archived is not None:
        console.print(f"the warehouse it replaced is kept as {done.archived} (roll back again to undo)", soft_wrap=True)


def _print_history(warehouse_path: Path) -> None:
    table = Table(title="Previously published warehouses", caption=str(publish.history_dir(warehouse_path)))
    for column in ("number", "published at", "by run", "tickets", "replaced at"):
        table.add_column(column, no_wrap=True)
    for entry in publish.history(warehouse_path):
        info = publish.read_publication(entry.path)
        table.add_row(
            str(entry.number),
            _published_at(info),
            info.run_id or "–",
            "–" if info.tickets is None else f"{info.tickets:,}",
            f"{entry.replaced_at:%Y-%m-%d %H:%M:%S} UTC",
        )
    console.print(table)


def _describe(info: publish.PublicationInfo) -> str:
    origin = f"published {_published_at(info)} by run {info.run_id}" if info.run_id else "published by an unknown run"
    tickets = "" if info.tickets is None else f", {info.tickets:,} tickets"
    return f"{origin}, {info.relations} tables{tickets}"


def _published_at(info: publish.PublicationInfo) -> str:
    return "–" if info.published_at is None else f"{info.published_at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


if __name__ == "__main__":
    app()
