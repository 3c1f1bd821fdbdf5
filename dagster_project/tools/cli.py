"""`helpdesk-metrics`: run the pipeline once and print what it measured (what `make run` calls)."""

from __future__ import annotations

import os
from datetime import UTC, date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dagster_project import settings, warehouse
from dagster_project.report.i18n import Messages, messages
from dagster_project.tools.summary import channel_summary, quarantined_rows
from dagster_project.warehouse import publish
from dagster_project.warehouse.locking import RefreshAlreadyRunning, current_holder

if TYPE_CHECKING:
    from dagster import DagsterInstance, ExecuteInProcessResult

app = typer.Typer(help="Helpdesk service-metrics warehouse.", no_args_is_help=True, add_completion=False)
console = Console()

RawDirOption = Annotated[
    Path | None, typer.Option("--raw-dir", help="Folder of export deliveries [env HELPDESK_RAW_DIR, default data/raw].")
]
WarehouseOption = Annotated[
    Path | None,
    typer.Option("--warehouse", help="DuckDB warehouse file [env HELPDESK_WAREHOUSE, default data/warehouse.duckdb]."),
]
LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="Language of the report and the summary: en or zh [env HELPDESK_LANG, default en]."),
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
    verbose: Annotated[
        bool, typer.Option("--verbose", help="Stream Dagster's and dbt's full logs instead of one line per stage.")
    ] = False,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Also record the run in the Dagster instance of DAGSTER_HOME, so that `make dev` lists it.",
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Ingest, build and validate once (generating demo exports if the raw dir has no delivery), write the
    service report, then print the per-channel summary. Incremental when a published warehouse exists
    (docs/operations.md). The full Dagster and dbt logs go to logs/refresh-<time>.log beside the warehouse."""
    from dagster_project.ingest import discover_deliveries
    from dagster_project.tools.demo import generate_delivery
    from dagster_project.warehouse.refresh import (
        failed_checks,
        run_errors,
        run_full_refresh,
        was_published,
    )

    if record and not os.environ.get("DAGSTER_HOME"):
        raise typer.BadParameter("needs DAGSTER_HOME (the Makefile sets it to .dagster_home)", param_hint="--record")
    raw_path, warehouse_path = _resolve(raw_dir, warehouse_file)
    # The run itself takes the lock, but only once Dagster has loaded: tell a second refresh at once.
    lock = publish.lock_path(warehouse_path)
    holder = current_holder(lock)
    if holder is not None:
        error = RefreshAlreadyRunning(lock, holder)
        console.print(f"[red]refresh failed[/]: {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=1)
    m = _messages(lang)
    if not raw_path.is_dir() or not discover_deliveries(raw_path):
        demo_dir = raw_path / "demo"
        console.print(f"[bold]{raw_path}[/] has no delivery: generating {demo_tickets:,} demo tickets in {demo_dir}")
        generate_delivery(demo_dir, tickets=demo_tickets)
    deliveries = discover_deliveries(raw_path)
    files = sum(len(delivery.files) for delivery in deliveries)
    console.print(
        f"{len(deliveries):,} deliver{'y' if len(deliveries) == 1 else 'ies'}, {files:,} files in {raw_path}",
        highlight=False,
    )

    if verbose:
        result = run_full_refresh(
            raw_path, warehouse_path, instance=_instance(record), full_refresh=full_refresh, report_lang=m.lang
        )
    else:
        result = _quiet_refresh(raw_path, warehouse_path, full_refresh=full_refresh, lang=m.lang, record=record)
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
    from dagster_project.report import default_report_path

    summary(warehouse_file=warehouse_path, lang=m.lang)
    console.print(m("summary.report", path=f"[bold]{default_report_path(warehouse_path)}[/]"), highlight=False)
    if settings.engine() == "spark":
        _build_on_spark(raw_path, warehouse_path, m)


def _build_on_spark(raw_path: Path, warehouse_path: Path, m: Messages) -> None:
    """HELPDESK_ENGINE=spark: the models again on Spark from the raw tables the run loaded (handed over as
    Parquet), the same GX suites on the Spark marts, and the same summary read from them (docs/scaling.md)."""
    import time

    from dagster_project.ingest.adapters.vendor_marts import builds_vendor_marts
    from dagster_project.warehouse import spark as spark_engine
    from dagster_project.warehouse.export_marts import export_spark_marts

    started = time.monotonic()
    warehouse_dir = settings.spark_warehouse_dir()
    console.print(f"building on Spark in [bold]{warehouse_dir}[/] (local[2], full build)", highlight=False)
    spark = spark_engine.session(warehouse_dir)
    vendor_marts = {vendor: builds_vendor_marts(raw_path, vendor, settings.vendor_marts(vendor)) for vendor in settings.MART_VENDORS}
    result = spark_engine.build_from_ingest(warehouse_path, raw_path, spark, warehouse_dir, vendor_marts=vendor_marts)
    if not result.success:
        log = warehouse_dir / "dbt-target" / "dbt.log"
        console.print(f"[red]Spark build failed[/]: {escape(str(result.exception or 'see ' + str(log)))}", soft_wrap=True)
        raise typer.Exit(code=1)
    marts_dir = warehouse_dir / "marts-parquet"
    written = export_spark_marts(spark, marts_dir)
    console.print(f"{time.monotonic() - started:6.1f}s  Spark: {len(written)} marts built, Parquet in {marts_dir}")
    suites = spark_engine.validate_exported_marts(marts_dir)
    for suite in suites:
        for outcome in suite.failures:
            console.print(f"[red]check failed on Spark[/]: {suite.table} {escape(outcome.label)}", soft_wrap=True)
    passed = sum(outcome.success for suite in suites for outcome in suite.expectations)
    total = sum(len(suite.expectations) for suite in suites)
    console.print(f"{time.monotonic() - started:6.1f}s  Spark: gates {passed} of {total} passed")
    con = spark_engine.open_exported_marts(marts_dir)
    try:
        rows = channel_summary(con)
    finally:
        con.close()
    _print_channel_table(rows, m, title=m("summary.title") + " (Spark)")
    if passed != total:
        raise typer.Exit(code=1)


def _instance(record: bool) -> DagsterInstance:
    """The Dagster instance of DAGSTER_HOME when the run is to be recorded there, else one in memory.
    Dagster's SQLite storage opens a connection and commits for each of a refresh's ~700 events: about
    8 s of CPU per run (docs/performance.md), while the run's whole log goes to its log file anyway. The
    schedule and the sensor, run by the Dagster daemon, always record theirs."""
    from dagster import DagsterInstance

    return DagsterInstance.get() if record else DagsterInstance.ephemeral()


def _quiet_refresh(
    raw_path: Path, warehouse_path: Path, *, full_refresh: bool, lang: str, record: bool
) -> ExecuteInProcessResult:
    """The refresh with one line per stage on the terminal, and all it prints in its log file."""
    from dagster_project.definitions import defs
    from dagster_project.defs.parity_marts import refresh_selection
    from dagster_project.tools.progress import RefreshProgress, open_log, output_to
    from dagster_project.warehouse.refresh import run_full_refresh

    with open_log(warehouse_path) as log, output_to(log) as terminal:
        terminal.print(f"full log: {log.name}")
        # The counts are of what the run builds: run_full_refresh leaves out the same parity models.
        progress = RefreshProgress(terminal, defs, refresh_selection(defs.resolve_asset_graph(), raw_path))
        return run_full_refresh(
            raw_path,
            warehouse_path,
            instance=_instance(record),
            full_refresh=full_refresh,
            on_event=progress,
            report_lang=lang,
        )


def _messages(lang: str | None) -> Messages:
    try:
        return messages(lang)
    except ValueError as error:
        console.print(f"[red]error[/]: {escape(str(error))}", highlight=False)
        raise typer.Exit(code=2) from error


@app.command()
def summary(
    warehouse_file: WarehouseOption = None,
    lang: LangOption = None,
) -> None:
    """Print the per-channel summary of the warehouse."""
    _, warehouse_path = _resolve(None, warehouse_file)
    m = _messages(lang)
    con = warehouse.connect(warehouse_path, read_only=True)
    try:
        rows = channel_summary(con)
        quarantined = quarantined_rows(con)
    finally:
        con.close()
    _print_channel_table(rows, m, title=m("summary.title"))
    console.print(m("summary.quarantined", n=m.integer(quarantined)), highlight=False)
    console.print(m("summary.warehouse", path=f"[bold]{warehouse_path}[/]"), highlight=False)


def _print_channel_table(rows: list[dict[str, object]], m: Messages, *, title: str) -> None:
    # No vertical rules and one space between columns: the eight columns fit an 80-column terminal (and a piped
    # run's log, which rich renders 80 wide) without folding a header.
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, collapse_padding=True)
    for key in ("channel", "tickets", "p50", "p90", "p50_business", "sla", "resolved", "csat"):
        table.add_column(m(f"summary.{key}"), justify="left" if key == "channel" else "right", no_wrap=True)
    for row in rows:
        table.add_row(
            str(row["channel"]),
            m.integer(row["tickets"]),
            m.minutes(row["first_response_p50_minutes"]),
            m.minutes(row["first_response_p90_minutes"]),
            m.minutes(row["first_response_business_p50_minutes"]),
            m.share(row["first_response_sla_attainment"]),
            m.share(row["resolution_rate"]),
            m.decimal(row["csat_mean"]),
        )
    console.print(table)


@app.command()
def report(
    warehouse_file: WarehouseOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="HTML file to write [default: reports/service-report.html beside the warehouse].")
    ] = None,
    lang: LangOption = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day of the period (YYYY-MM-DD, reporting time zone).")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day of the period (YYYY-MM-DD).")] = None,
    period: Annotated[
        str, typer.Option("--period", help="week or month: the last full one against the one before.")
    ] = "week",
) -> None:
    """Write the service report of the published warehouse: one self-contained HTML file (docs/report.md)."""
    from dagster_project.report import ReportError, build_report

    _, warehouse_path = _resolve(None, warehouse_file)
    m = _messages(lang)
    if period not in ("week", "month"):
        console.print(f"[red]error[/]: --period must be week or month, got {escape(period)!r}", highlight=False)
        raise typer.Exit(code=2)
    try:
        built = build_report(
            warehouse_path,
            out,
            lang=m.lang,
            period=_period_kind(period),
            date_from=_day("--from", date_from),
            date_to=_day("--to", date_to),
        )
    except (ReportError, ValueError) as error:
        console.print(f"[red]report failed[/]: {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=1) from error
    covered = "no tickets" if built.period is None else f"{built.period.start} – {built.period.last_day}"
    console.print(
        f"{covered}; {built.size_bytes / 1e6:.1f} MB in {built.seconds:.1f} s", highlight=False, soft_wrap=True
    )
    console.print(m("summary.report", path=f"[bold]{built.path}[/]"), highlight=False, soft_wrap=True)


def _period_kind(period: str) -> Literal["week", "month"]:
    return "month" if period == "month" else "week"


def _day(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        console.print(f"[red]error[/]: {option} {escape(value)!r} is not a date (YYYY-MM-DD)", highlight=False)
        raise typer.Exit(code=2) from error


@app.command("export-marts")
def export_marts(
    to: Annotated[Path, typer.Option("--to", help="Folder to write <table>.parquet into, one file per mart.")],
    warehouse_file: WarehouseOption = None,
    engine: Annotated[
        str | None,
        typer.Option("--engine", help="duckdb (the published warehouse) or spark [env HELPDESK_ENGINE, default duckdb]."),
    ] = None,
) -> None:
    """Write every mart as Parquet, from the published DuckDB warehouse or the Spark warehouse
    (HELPDESK_SPARK_WAREHOUSE): for BI tools and other engines (docs/scaling.md)."""
    from dagster_project.warehouse.export_marts import export_duckdb_marts, export_spark_marts

    chosen = (engine or settings.engine()).strip().lower()
    if chosen not in settings.ENGINES:
        console.print(f"[red]error[/]: --engine must be one of {', '.join(settings.ENGINES)}", highlight=False)
        raise typer.Exit(code=2)
    if chosen == "spark":
        from dagster_project.warehouse import spark as spark_engine

        written = export_spark_marts(spark_engine.session(settings.spark_warehouse_dir()), to)
    else:
        _, warehouse_path = _resolve(None, warehouse_file)
        if not warehouse_path.exists():
            console.print(f"[red]error[/]: no warehouse at {warehouse_path} (make run builds it)", highlight=False)
            raise typer.Exit(code=1)
        written = export_duckdb_marts(warehouse_path, to)
    for table, rows in written.items():
        console.print(f"{to / (table + '.parquet')}: {rows:,} rows", highlight=False, soft_wrap=True)


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
