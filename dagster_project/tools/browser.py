"""The system Chromium (Debian package `chromium`) driven by playwright, with every network request refused:
the browser tests and the README screenshot open the report the way a double click does, offline."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_PACKAGE = "chromium"
# No GPU in CI, no sandbox as root, and none of the browser's own calls home.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> Path | None:
    """Chromium's executable, or None when the Debian package is not installed."""
    if CHROMIUM.exists():
        return CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


@contextmanager
def browser() -> Iterator[object]:
    """A headless Chromium (playwright Browser); raises RuntimeError when Chromium is not installed."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError(f"no Chromium: install the Debian package `{CHROMIUM_PACKAGE}` (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), headless=True, args=LAUNCH_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def offline_page(launched: object, *, width: int = 1280, height: int = 900, allow_host: str | None = None) -> object:
    """A page in a fresh context that aborts every request except file:// (and http to `allow_host`, for the
    Dagster UI on 127.0.0.1); the aborted URLs are kept in page.blocked."""
    context = launched.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page = context.new_page()
    blocked: list[str] = []

    def route(request_route: object) -> None:
        url = request_route.request.url  # type: ignore[attr-defined]
        if url.startswith(("file://", "data:", "blob:")) or (allow_host and url.startswith(f"http://{allow_host}")):
            request_route.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            request_route.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)
    page.blocked = blocked
    return page


def screenshot_report(report: Path, out: Path, *, height: int = 1500) -> None:
    """Open `report` offline and save the top `height` pixels of it at 1280 px wide (the README's picture)."""
    with browser() as launched:
        page = offline_page(launched, height=height)
        page.goto(report.resolve().as_uri())  # type: ignore[attr-defined]
        page.wait_for_selector(".js-plotly-plot .main-svg")  # type: ignore[attr-defined]
        page.screenshot(path=str(out))  # type: ignore[attr-defined]
