"""`reports/service_report`: the HTML service report, rebuilt from the published warehouse after each publish."""

from dagster import (
    AssetExecutionContext,
    AssetKey,
    Config,
    MaterializeResult,
    MetadataValue,
    asset,
)
from pydantic import Field

from dagster_project import settings
from dagster_project.defs.assets.publish import PUBLISHED_KEY
from dagster_project.defs.resources import WarehouseResource
from dagster_project.report import build_report

REPORT_KEY = AssetKey(["reports", "service_report"])


class ReportConfig(Config):
    lang: str = Field(
        default_factory=settings.report_language, description="Language of the report: en or zh (env HELPDESK_LANG)."
    )
    period: str = Field(default="week", description="week or month: the last full one against the one before.")


# After warehouse/published, not before it on the working copy: the report then shows exactly the warehouse
# analysts read, and a run whose gates fail (so publishes nothing) leaves the last good report in place.
@asset(
    key=REPORT_KEY,
    group_name="reports",
    deps=[PUBLISHED_KEY],
    kinds={"html", "plotly"},
    description=(
        "The service report a support manager opens: scorecard, channels, arrivals and staffing, teams and agents, "
        "CSAT by wait, backlog, SLAs, bots and provenance; one offline HTML file read from the published "
        "warehouse (reports/service-report.html beside it). See docs/report.md."
    ),
)
def service_report(context: AssetExecutionContext, config: ReportConfig, warehouse: WarehouseResource) -> MaterializeResult:
    built = build_report(warehouse.published_path, lang=config.lang, period=config.period)  # type: ignore[arg-type]
    context.log.info(f"report written to {built.path} ({built.size_bytes:,} bytes in {built.seconds:.1f} s)")
    metadata: dict[str, object] = {
        "path": MetadataValue.path(str(built.path)),
        "size_bytes": built.size_bytes,
        "build_seconds": round(built.seconds, 2),
        "lang": config.lang,
    }
    if built.period is not None:
        metadata["period"] = f"{built.period.start} – {built.period.last_day}"
    return MaterializeResult(metadata=metadata)
