"""The Inline XBRL documents render in headless Chromium: no console errors, no request leaving
the page; a screenshot of one statement is kept as a test artefact (issue 5)."""

from __future__ import annotations

import pytest

from exporters.ixbrl import ixbrl_bytes
from kcmodel.ingest.reader import ingest_file
from tests.browser import chromium_or_skip, visit


@pytest.fixture(scope="module")
def pages(seeds, tmp_path_factory):
    chromium_or_skip()
    out = tmp_path_factory.mktemp("ixbrl-pages")
    written = []
    for path in sorted(seeds.glob("*.txt")):
        target = out / f"{path.stem}.xhtml"
        target.write_bytes(ixbrl_bytes(ingest_file(path).report))
        written.append(target)
    return written


def test_every_inline_document_renders_without_console_errors_or_outside_requests(pages):
    # the wire-service release's statement of comprehensive loss: the damaged table, repaired
    shots = {pages[-1]: ("ixbrl-004-comprehensive-loss.png", "table >> nth=1")}
    results = visit(pages, shots)
    for result in results:
        assert result.console_errors == [], result.url
        assert result.outside_requests == [], result.url
    assert results[-1].screenshot is not None and results[-1].screenshot.stat().st_size > 10_000
