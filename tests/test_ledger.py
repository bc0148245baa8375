"""The ledger says of every printed figure the fact it became or precisely why not (issue 13)."""

from __future__ import annotations

import pytest

from kcmodel.ingest.ledger import Reason
from tests.conftest import REPORTS, ingested


@pytest.mark.parametrize("report", REPORTS)
def test_every_figure_not_taken_has_a_reason_and_says_why(source, report):
    """On the bundled examples, and on the seeds (their prose too) where present."""
    ledger = ingested(source.file(report)).ledger
    refused = [e for e in ledger.entries if not e.taken]
    assert refused and all(e.reason is not None and e.detail for e in refused)


ANNOUNCEMENT = """Kingsoft Cloud Announces Unaudited Third Quarter 2024 Financial Results

Date: November 19, 2024

Gross profit was RMB265.1 million in the third quarter of 2024, compared with RMB210.0 in the same quarter of 2023.

Table: UNAUDITED CONDENSED CONSOLIDATED STATEMENTS OF COMPREHENSIVE LOSS; (All amounts in thousands).

\tThree Months Ended
\tSep 30, 2024
\tRMB
Revenues\t1,888,987
"""


def test_an_amount_printed_without_the_scale_word_its_sentence_gives_the_others_is_misprinted(tmp_path):
    """'RMB210.0' beside 'RMB265.1 million' is not 210 yuan: it is refused as misprinted, not as an unknown label."""
    (tmp_path / "kc.txt").write_text(ANNOUNCEMENT, encoding="utf-8")
    entries = {e.text: e for e in ingested(tmp_path / "kc.txt").ledger.entries}
    assert entries["RMB265.1 million"].taken
    assert (entries["RMB210.0"].reason, entries["RMB210.0"].line) == (Reason.misprinted, 5)
