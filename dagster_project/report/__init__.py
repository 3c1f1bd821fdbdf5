"""The service report: one self-contained HTML file a support manager opens (docs/report.md)."""

from dagster_project.report.build import (
    BuiltReport,
    ReportError,
    build_report,
    default_report_path,
)

__all__ = ["BuiltReport", "ReportError", "build_report", "default_report_path"]
