"""Open pages in headless Chromium (Debian's, driven by Playwright) and report what a person would
hit: console errors, requests leaving the page, and a screenshot.

CI installs chromium (.ci/run); elsewhere the tests that need it skip when it is absent.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path


from tests.conftest import require

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("KCMODEL_ARTIFACTS", Path(__file__).resolve().parent.parent / "out" / "test-artifacts"))
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@dataclass
class Visit:
    url: str
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    screenshot: Path | None = None


def chromium_or_skip() -> str:
    require("chromium", Path(CHROMIUM).exists())
    return CHROMIUM


def visit(pages: list[Path], screenshots: dict[Path, tuple[str, str | None]] | None = None, width: int = 1280) -> list[Visit]:
    """Load each page from file://; keep console errors and any request that is not file:// or data:.

    ``screenshots`` maps a page to (artefact file name, CSS selector of the element to shoot, or
    None for the viewport)."""
    from playwright.sync_api import sync_playwright

    screenshots = screenshots or {}
    visits = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_or_skip(), headless=True,
                                             args=FLAGS)
        context = browser.new_context(viewport={"width": width, "height": 900})
        for page_path in pages:
            page = context.new_page()
            result = Visit(page_path.resolve().as_uri())
            page.on("console", lambda m, r=result: r.console_errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e, r=result: r.console_errors.append(str(e)))
            page.on("request", lambda q, r=result: r.outside_requests.append(q.url)
                    if not q.url.startswith(("file:", "data:", "about:")) else None)
            page.goto(result.url, wait_until="load")
            if page_path in screenshots:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                name, selector = screenshots[page_path]
                result.screenshot = ARTIFACTS / name
                target = page.locator(selector).first if selector else page
                target.screenshot(path=str(result.screenshot))
            page.close()
            visits.append(result)
        browser.close()
    return visits
