"""The Inline XBRL documents render in headless Chromium: no console errors, no request leaving
the page; a screenshot of one statement is kept as a test artefact (issue 5)."""

from __future__ import annotations

import pytest

from exporters.ixbrl import ixbrl_bytes
from tests.browser import visit
from tests.conftest import REPORTS, ingested


@pytest.fixture(scope="module")
def pages(source, tmp_path_factory):
    """Each source's five Inline XBRL documents, the Q2 2025 release last."""
    out = tmp_path_factory.mktemp("ixbrl-pages")
    written = []
    for report in sorted(REPORTS, key=lambda r: r == "kc-2025-Q2"):
        target = out / f"{report}.xhtml"
        target.write_bytes(ixbrl_bytes(ingested(source.file(report)).report))
        written.append(target)
    return written


def test_every_inline_document_renders_without_console_errors_or_outside_requests(pages, browser, source):
    # the wire-service release's statement of comprehensive loss: the damaged table, repaired
    shots = {pages[-1]: (f"ixbrl-{source.name}-kc-2025-Q2-comprehensive-loss.png", "table >> nth=1")}
    results = visit(browser, pages, shots)
    for result in results:
        assert result.console_errors == [], result.url
        assert result.outside_requests == [], result.url
    assert results[-1].screenshot is not None and results[-1].screenshot.stat().st_size > 10_000
