"""The ledger says of every printed figure the fact it became or precisely why not (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kcmodel.ingest.reader import ingest_file

EXAMPLES = sorted((Path(__file__).parent.parent / "examples" / "announcements").glob("*.txt"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_figure_not_taken_has_a_reason_and_says_why(path, taxonomy):
    ledger = ingest_file(path, taxonomy).ledger
    refused = [e for e in ledger.entries if not e.taken]
    assert refused and all(e.reason is not None and e.detail for e in refused)
