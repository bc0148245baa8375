"""The ledger says of every printed figure the fact it became or precisely why not (issue 13)."""

from __future__ import annotations

import pytest

from tests.conftest import REPORTS, ingested


@pytest.mark.parametrize("report", REPORTS)
def test_every_figure_not_taken_has_a_reason_and_says_why(source, report):
    """On the bundled examples, and on the seeds (their prose too) where present."""
    ledger = ingested(source.file(report)).ledger
    refused = [e for e in ledger.entries if not e.taken]
    assert refused and all(e.reason is not None and e.detail for e in refused)
