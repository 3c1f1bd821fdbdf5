"""`make screenshot`: the README's picture of the report, taken by the browser harness from the report of the
published warehouse (the demo warehouse of `make run` on a fresh clone)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from dagster_project import settings
from dagster_project.report import build_report
from dagster_project.tools.browser import screenshot_report


def main(argv: list[str]) -> None:
    out = Path(argv[0] if argv else "docs/report-screenshot.png").resolve()
    lang = argv[1] if len(argv) > 1 else "en"
    with tempfile.TemporaryDirectory() as scratch:
        built = build_report(settings.warehouse_path().resolve(), Path(scratch) / "report.html", lang=lang)
        screenshot_report(built.path, out)
    print(f"screenshot: {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
