"""Mutation tests: one printed figure changed in a copy of an announcement is caught, and the finding
names that file and line (issue 4). Line numbers and figures are typed from the seeds; every mutated
line is a table line, so each mutation runs on the bundled example too, at the line that copies the
seed's (tests/seedlines.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kcmodel.ingest.reader import ingest_file
from kcmodel.validation import validate
from tests.conftest import REPORTS, ingested
from tests.seedlines import place

A, H, F, Q3, Q2 = "kc-2024-FY", "kc-2025-H1", "kc-2025-FY", "kc-2024-Q3", "kc-2025-Q2"

# (what is changed, report, the seed's line, printed figure, replacement)
MUTATIONS = [
    ("line item: selling and marketing FY2024", A, 364, "(479,369)", "(489,369)"),
    ("line item: interest income FY2023", A, 213, "78,410", "78,910"),
    ("total: total operating expenses FY2023", A, 211, "<u>(2,958,720)</u>", "<u>(2,968,720)</u>"),
    ("total: total current assets FY2024", A, 408, "6,840,786", "6,850,786"),
    ("US$ figure: total revenues", A, 360, "1,066,566", "1,076,566"),
    ("US$ figure: goodwill", A, 412, "630,982", "631,982"),
    ("beginning balance: cash FY2023", A, 464, "3,533,726", "3,633,726"),
    ("per-share: loss per share FY2024", A, 385, "(0.54)", "(0.64)"),
    ("margin: gross margin FY2024", A, 105, "17.2", "18.2"),
    ("reconciliation: depreciation and amortization FY2024", A, 126, "1,263,090", "1,263,990"),
    ("line item: research and development H1 2025", H, 198, "(420,455)", "(420,555)"),
    ("total: total assets Jun 30, 2025", H, 414, "24,829,707", "24,839,707"),
    ("US$ figure: accounts receivable, net", H, 401, "281,751", "282,751"),
    ("beginning balance: cash H1 2024", H, 465, "2,489,481", "2,499,481"),
    ("margin: adjusted EBITDA margin H1 2025", H, 142, "16.8%", "17.8%"),
    ("ageing bucket: receivables within 3 months", H, 570, "458,730", "468,730"),
    ("line item: government grants FY2025", F, 551, "271,933", "272,933"),
    ("total: total liabilities Dec 31, 2025", F, 445, "17,416,155", "17,426,155"),
    ("US$ figure: cost of revenues", F, 368, "(1,151,880)", "(1,152,880)"),
    ("per-share: loss per share FY2025", F, 392, "(0.23)", "(0.33)"),
    ("margin: net loss margin FY2025", F, 140, "(9.9)", "(8.9)"),
    ("line item: other liabilities Dec 31, 2025", F, 442, "2,645,895", "2,655,895"),
    ("line item: cost of revenues Q3 2024", Q3, 223, "(1,582,220)", "(1,592,220)"),
    ("total: adjusted EBITDA nine months 2024", Q3, 291, "279,174", "289,174"),
    ("US$ figure: operating loss Q3 2024", Q3, 231, "(162,987)", "(163,987)"),
    ("beginning balance: cash Q3 2024", Q3, 338, "2,096,404", "2,196,404"),
    ("margin: gross margin Q3 2024", Q3, 270, "16.1%", "17.1%"),
    ("line item: general and administrative Q2 2025", Q2, 188, "(339,563)", "(349,563)"),
    ("damaged table total: total operating expenses H1 2025", Q2, 191, "(1,218,351)", "(1,228,351)"),
    ("beginning balance: cash Q2 2025 (dates one column off)", Q2, 296, "2,386,344", "2,396,344"),
    ("per-share: loss per share Q2 2025", Q2, 204, "(0.11)", "(0.21)"),
    ("margin: adjusted EBITDA margin Q2 2025", Q2, 278, "17.3 %", "18.3 %"),
]


def mutate(path: Path, target: Path, line: int, old: str, new: str) -> Path:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[line - 1].count(old) == 1, f"{path.name}:{line} does not print {old} once"
    lines[line - 1] = lines[line - 1].replace(old, new)
    copy = target / path.name
    copy.write_text("\n".join(lines), encoding="utf-8")
    return copy


def findings_at(path: Path, done=None) -> list:
    done = done or ingest_file(path)
    return [*done.findings, *validate([done.report])]


def test_there_are_at_least_25_mutations_over_all_five_documents():
    assert len(MUTATIONS) >= 25 and {m[1] for m in MUTATIONS} == set(REPORTS)


@pytest.mark.parametrize("what, report, seed_line, old, new", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_a_changed_figure_is_caught_at_its_line(source, tmp_path, what, report, seed_line, old, new):
    path, line = place(source, report, seed_line)
    findings = findings_at(mutate(path, tmp_path, line, old, new))
    named = [f for f in findings if any(p.document == path.name and p.line == line for p in f.lines)]
    assert named and any(f.severity.value in ("error", "warning") for f in named), \
        f"{what}: no finding names {path.name}:{line}; got {[str(f) for f in findings][:8]}"


@pytest.mark.parametrize("report", REPORTS)
def test_the_unmodified_announcements_have_no_error(source, report):
    path = source.file(report)
    errors = [f for f in findings_at(path, ingested(path)) if f.severity.value == "error"]
    assert errors == []
