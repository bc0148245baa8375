"""The one browser harness of the tests: Debian's headless Chromium, driven by Playwright.

Every test that opens a page (the Inline XBRL, the analyst report) or prints one (the PDF forms)
uses the one Chromium of the run (``shared()``; the session fixture ``browser`` in tests/conftest.py)
and records what a person would hit with ``Watch``: console errors, script errors, failed loads,
requests leaving the page. CI installs chromium (.ci/run); elsewhere the
tests that need it skip when it or Playwright is absent (``require``, tests/conftest.py).
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import require

CHROMIUM = os.environ.get("KCMODEL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("KCMODEL_ARTIFACTS", Path(__file__).resolve().parent.parent / "out" / "test-artifacts"))
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions"]


def chromium_or_skip() -> str:
    """Chromium's path, once Chromium and Playwright are known to be there (else skip, or fail on CI)."""
    require("chromium", Path(CHROMIUM).is_file())
    require("playwright", importlib.util.find_spec("playwright") is not None)
    return CHROMIUM


_SESSION: dict[str, Any] = {}


def shared() -> Any:
    """The one headless Chromium of the test run (a Playwright ``Browser``), launched on first use.

    One, because Playwright's sync API runs one event loop per thread: a second ``sync_playwright()``
    while the first is open fails. ``close`` ends it (tests/conftest.py, at the end of the session)."""
    if "browser" not in _SESSION:
        executable = chromium_or_skip()
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        atexit.register(close)  # a script outside pytest (benchmarks/read_forms.py) ends it too
        _SESSION["playwright"] = playwright
        _SESSION["browser"] = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
    return _SESSION["browser"]


def close() -> None:
    """End the shared Chromium and its Playwright, if they were started."""
    if "browser" in _SESSION:
        _SESSION.pop("browser").close()
    if "playwright" in _SESSION:
        _SESSION.pop("playwright").stop()


class Watch:
    """What a page did: console errors and warnings, script errors, requests, failed loads."""

    def __init__(self, page: Any, allowed: str = "file:") -> None:
        self.allowed = allowed
        self.console: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))

    @property
    def errors(self) -> list[str]:
        """Console errors and script errors (warnings left out)."""
        return [m for m in self.console if not m.startswith("warning:")]

    def leaving(self) -> list[str]:
        """Requests to anywhere but the allowed prefix and inline data."""
        return [u for u in self.requests if not u.startswith((self.allowed, "data:", "about:"))]


@dataclass
class Visit:
    url: str
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    screenshot: Path | None = None


def visit(browser: Any, pages: list[Path], screenshots: dict[Path, tuple[str, str | None]] | None = None,
          width: int = 1280) -> list[Visit]:
    """Load each page from file://; keep console errors and any request that is not file:// or data:.

    ``screenshots`` maps a page to (artefact file name, CSS selector of the element to shoot, or
    None for the viewport)."""
    screenshots = screenshots or {}
    visits = []
    context = browser.new_context(viewport={"width": width, "height": 900})
    for page_path in pages:
        page = context.new_page()
        watch = Watch(page)
        result = Visit(page_path.resolve().as_uri())
        page.goto(result.url, wait_until="load")
        if page_path in screenshots:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name, selector = screenshots[page_path]
            result.screenshot = ARTIFACTS / name
            target = page.locator(selector).first if selector else page
            target.screenshot(path=str(result.screenshot))
        page.close()
        result.console_errors, result.outside_requests = watch.errors, watch.leaving()
        visits.append(result)
    context.close()
    return visits
