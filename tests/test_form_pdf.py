"""The PDF reader (issue 10): printed announcements read back into the lines the TAB text gives.

Every bundled example, and every seed where present, printed by headless Chromium in three typesettings
(tests/forms/render_pdf.py) gives the facts and ledger counts of its TAB text. Small pages printed
the same way pin each step of the reading: two-column pages read left column first, running headers
and page numbers dropped, a table continued over pages read as one, the provenance of a figure; a
page written by hand pins what needs exact geometry (a top-aligned monospaced table in parts, a row
broken by a page); and bad PDFs (scanned, encrypted, truncated, corrupt) are refused in one line
naming the file.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from kcmodel.errors import KcError
from kcmodel.ingest.forms import read_data
from kcmodel.ingest.forms.pdf import _column_shifts, read_layout, read_pdf
from kcmodel.ingest.reader import ingest_file
from kcmodel.ingest.tables import find_tables
from tests.conftest import REPORTS, Source, ingested
from tests.forms.compare import differences
from tests.forms.render_pdf import (SETTINGS, Placed, encrypted_pdf, minimal_pdf, placed_pdf, print_pdfs,
                                    render_seeds, scanned_pdf, truncated_pdf)
from tests.test_cli import kcmodel

# ------------------------------------------------------------------------------ the announcements, printed


@pytest.fixture(scope="session")
def printed(source: Source, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every announcement of each source in every typesetting, printed once per session (Chromium is
    slow to print): {(report id, setting): pdf}."""
    files = {source.file(report): report for report in REPORTS}
    out = render_seeds(list(files), [SETTINGS[name] for name in sorted(SETTINGS)],
                       tmp_path_factory.mktemp(f"pdf-{source.name}"))
    return {(files[source.folder / name], setting): path for (name, setting), path in out.items()}


@pytest.mark.parametrize("setting", sorted(SETTINGS))
@pytest.mark.parametrize("report", REPORTS)
def test_a_printed_announcement_gives_the_facts_and_ledger_counts_of_its_tab_text(printed, source, report, setting):
    """On the bundled examples (tables, titles, dates, rate) and on the seeds (their prose too)."""
    assert differences(ingested(source.file(report)), ingest_file(printed[(report, setting)])) == []


def test_a_printed_announcement_is_read_as_pdf_with_pages_on_every_line(printed):
    document = read_data(printed[("kc-2025-Q2", "A")].read_bytes(), "seed.pdf", "seed.pdf")
    assert document.form == "pdf"
    assert all(line.where.page and line.where.line and line.where.box for line in document.lines)
    cells = [c for line in document.lines if line.cells for c in line.cells if c.text]
    assert len(cells) > 500 and all(c.where.page and c.where.line and c.where.box for c in cells)


# ------------------------------------------------------------------------------ small pages

WORDS = ("cloud servers grow steadily while storage costs fall and the board reviews each quarter with care "
         "before the results are announced to investors").split()


def sentence(n: int, words: int = 40) -> str:
    """Filler prose of about ``words`` words, tagged so its place in the reading order can be found."""
    body = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(words))
    return f"Para{n:02d} {body}."


def page_html(body: str, title: str = "Example Holdings results", css: str = "") -> str:
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title><style>"
            "body { font-family: 'DejaVu Serif', serif; font-size: 10pt; margin: 0 } p { margin: 0 0 0.6em 0 }"
            "td { padding: 1px 8px } td.n { text-align: right; white-space: nowrap }"
            f"{css}</style></head><body>{body}</body></html>")


def row(*cells: str) -> str:
    """A table row: the label, then figures (right-aligned)."""
    label, *figures = cells
    return f"<tr><td>{label}</td>" + "".join(f"<td class=n>{c}</td>" for c in figures) + "</tr>"


def item(i: int) -> tuple[str, str, str]:
    return f"Line item number {i}", f"{1000 + 37 * i:,}", f"{2000 + 41 * i:,}"


HEADER = row("", "Year ended December 31,", "") + row("", "2023", "2024") + row("", "RMB'000", "RMB'000")
ITEMS = "".join(row(*item(i)) for i in range(1, 121))
FIGURES = row("Revenues", "7,047,461", "7,785,180") + row("Gross profit", "850,169", "1,340,926")
TITLE = "<p>STATEMENT OF EXAMPLE ITEMS</p>"

PAGES = {
    "two-columns": ("A", page_html(
        "<p>EXAMPLE HOLDINGS LIMITED</p><div style='column-count: 2; column-gap: 2em'>"
        + "".join(f"<p>{sentence(n, 60)}</p>" for n in range(1, 9)) + "</div>"
        "<table><tr><td>Revenues</td><td class=n>7,785,180</td></tr></table>")),
    "two-columns-justified": ("A", page_html(
        "<p>EXAMPLE HOLDINGS LIMITED</p><div style='column-count: 2; column-gap: 1.5em; text-align: justify'>"
        + "".join(f"<p>{sentence(n, 60)}</p>" for n in range(1, 9)) + "</div>"
        "<table><tr><td>Revenues</td><td class=n>7,785,180</td></tr></table>", css="body { font-size: 8.5pt }")),
    "furniture": ("A", page_html("".join(f"<p>{sentence(n, 70)}</p>" for n in range(1, 40)))),
    "furniture-b": ("B", page_html("".join(f"<p>{sentence(n, 70)}</p>" for n in range(1, 40)))),
    "long-table": ("A", page_html(f"{TITLE}<table><thead>{HEADER}</thead><tbody>{ITEMS}</tbody></table>"
                                  f"<p>{sentence(99)}</p>")),
    "long-table-b": ("B", page_html(f"{TITLE}<table><tbody>{HEADER.replace('<tr>', '<tr class=h>')}{ITEMS}"
                                    f"</tbody></table><p>{sentence(99)}</p>")),
    "figure": ("A", page_html("<p>FINANCIAL HIGHLIGHTS</p><p>For the year ended December 31, 2024.</p>"
                              f"<table>{HEADER}{FIGURES}</table>")),
}


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The small pages, printed in one Chromium session."""
    folder = tmp_path_factory.mktemp("pdf-pages")
    jobs = [(markup, SETTINGS[setting], folder / f"{name}.pdf") for name, (setting, markup) in PAGES.items()]
    print_pdfs(jobs)
    return {name: (folder / f"{name}.pdf").read_bytes() for name in PAGES}


def texts(data: bytes) -> list[str]:
    return [line.text for line in read_pdf(data, "page.pdf", "page.pdf").lines if not line.blank]


@pytest.mark.parametrize("name", ["two-columns", "two-columns-justified"])
def test_a_two_column_page_is_read_left_column_first(pages, name):
    layout = read_layout(pages[name], "page.pdf")
    assert layout.two_column_pages == [1]
    lines = texts(pages[name])
    order = [int(m) for line in lines for m in re.findall(r"Para(\d\d)", line)]
    assert order == list(range(1, 9))  # every paragraph once, in order: the left column's before the right's
    paragraphs = [line for line in lines if line.startswith("Para")]
    assert len(paragraphs) == 8  # a paragraph wrapped over lines (and over the gutter) is one line
    assert all(p == sentence(int(p[4:6]), 60) for p in paragraphs)
    assert lines.index("EXAMPLE HOLDINGS LIMITED") < lines.index(paragraphs[0]) and lines[-1].startswith("Revenues")


@pytest.mark.parametrize("name, header, number", [
    ("furniture", "running header", re.compile(r"^Page \d+ of \d+$")),
    ("furniture-b", "running header", re.compile(r"^- \d+ -$")),
])
def test_page_numbers_and_running_headers_are_dropped_and_recorded(pages, name, header, number):
    layout = read_layout(pages[name], "page.pdf")
    assert layout.pages >= 3
    lines = texts(pages[name])
    running = ("Example Holdings results", "Kingsoft Cloud Holdings Limited")
    assert not any(any(r in t for r in running) or number.match(t) for t in lines)
    assert not any(re.search(r"\bPage \d+ of\b", t) for t in lines)
    why = {f.why for f in layout.removed}
    assert {header, "page number"} <= why
    numbers = [f for f in layout.removed if f.why == "page number"]
    assert [f.page for f in numbers] == list(range(1, layout.pages + 1))
    assert all(f.line > 0 for f in layout.removed)
    paragraphs = [t for t in lines if t.startswith("Para")]
    assert paragraphs == [sentence(n, 70) for n in range(1, 40)]  # paragraphs broken by a page are whole


@pytest.mark.parametrize("name, dropped", [("long-table", "repeated column header"), ("long-table-b", "continued")])
def test_a_table_continued_over_pages_is_one_table(pages, name, dropped):
    layout = read_layout(pages[name], "page.pdf")
    assert layout.pages >= 2
    assert dropped in {f.why for f in layout.removed}
    document = read_pdf(pages[name], "page.pdf", "page.pdf")
    tables = find_tables(document.lines)
    assert len(tables) == 1
    body = [row for row in tables[0].body if row.figures]
    assert [(r.label, *(c.text for c in r.figures)) for r in body] == [item(i) for i in range(1, 121)]
    assert len(tables[0].header) == 3


def test_a_figure_knows_its_page_line_and_box(pages):
    document = read_pdf(pages["figure"], "page.pdf", "page.pdf")
    row = next(line for line in document.lines if line.cells and line.cells[0].text == "Revenues")
    cell = next(c for c in row.cells if c.text == "7,785,180")
    where = cell.where
    assert where.page == 1 and row.where.page == 1
    assert where.line == row.where.line == 7  # below the running title, a heading, a sentence and three header lines
    x0, top, x1, bottom = where.box
    assert all(isinstance(v, Decimal) and v == v.quantize(Decimal("0.1")) for v in where.box)
    assert Decimal(0) < x0 < x1 <= Decimal(596) and Decimal(0) < top < bottom <= Decimal(842)  # A4, in points
    label = row.cells[0].where.box
    assert label[2] < x0 and abs(label[3] - bottom) < 2  # the label to the left, on the same baseline
    assert row.where.box[0] == label[0] and row.where.box[2] >= x1  # the line's box holds its cells'


# ------------------------------------------------------------------------------ placed by hand

def cells(y: float, label: str, *figures: str, edges: tuple[float, ...] = (300.0, 362.4)) -> list[Placed]:
    """A row of a monospaced table: the label at the margin, each figure right-aligned at its edge."""
    return [Placed(72, y, label)] * bool(label) + [Placed(e, y, f, right=True) for e, f in zip(edges, figures)]


PART_TWO = (310.0, 385.0)  # the second part of the table laid out with its own column widths
TOP_ALIGNED = placed_pdf([
    [Placed(72, 60, "STATEMENT OF EXAMPLE ITEMS"),
     *cells(100, "", "Dec 31, 2024", "Jun 30, 2025"),  # one character cell apart
     *cells(114, "", "RMB", "RMB"),
     *cells(128, "Revenues", "1,000", "2,000"),
     *cells(142, "Cost of revenues", "(500)", "(700)"),
     *cells(156, "Gross profit", "500", "1,300"),
     *cells(170, "Net loss attributable to", "(100)", "(200)"),  # cells set at the top: the label runs on below
     Placed(72, 179, "Kingsoft Cloud Holdings"), Placed(72, 188, "Limited"),
     Placed(72, 202, "Other items:"),
     *cells(216, "Interest income", "10", "20", edges=PART_TWO),
     *cells(230, "Interest expense", "(5)", "(6)", edges=PART_TWO),
     *cells(244, "Comprehensive loss", "(353,678)", "(306,166)", edges=PART_TWO),
     Placed(72, 253, "attributable to Kingsoft")],  # the page ends inside the row
    [Placed(72, 60, "Cloud Holdings Limited"), Placed(72, 69, "shareholders"),
     Placed(72, 95, "The figures above are unaudited and were prepared for this example only.")],
])


def test_a_top_aligned_monospaced_table_in_parts_broken_by_a_page_reads_as_its_tab_text():
    """Labels wrapped below their row's figures (capitals and all: the lines of a row stand closer
    than rows), a row broken by the page, a second part on its own column widths, words a character
    cell apart in a fixed-pitch font, header cells a single space apart: one table, as typed."""
    document = read_pdf(TOP_ALIGNED, "placed.pdf", "placed.pdf")
    rows = [[c.text for c in line.cells] for line in document.lines if line.cells]
    assert rows == [
        ["", "Dec 31, 2024", "Jun 30, 2025"],
        ["", "RMB", "RMB"],
        ["Revenues", "1,000", "2,000"],
        ["Cost of revenues", "(500)", "(700)"],
        ["Gross profit", "500", "1,300"],
        ["Net loss attributable to Kingsoft Cloud Holdings Limited", "(100)", "(200)"],
        ["Interest income", "10", "20"],
        ["Interest expense", "(5)", "(6)"],
        ["Comprehensive loss attributable to Kingsoft Cloud Holdings Limited shareholders", "(353,678)", "(306,166)"],
    ]
    assert len(find_tables(document.lines)) == 1
    income = next(line for line in document.lines if line.cells and line.cells[0].text == "Interest income")
    assert income.cells[2].where.box[2] == Decimal("385.0")  # moved onto the first part's grid, the box as printed
    broken = next(line for line in document.lines if line.cells and line.cells[0].text.startswith("Comprehensive"))
    assert broken.where.page == 1 and broken.cells[1].where.page == 1  # where its figures were printed
    assert any(line.text.startswith("The figures above") for line in document.lines)


@pytest.mark.parametrize("columns, reference, shifts", [
    ([295.1, 429.4, 537.0], [286.2, 411.6, 537.0], {295.1: -8.9, 429.4: -17.8}),  # a part on its own widths
    ([290.0, 537.0], [286.2, 411.6, 537.0], {290.0: -3.8}),  # a part that leaves a column empty
    ([349.0], [286.2, 411.6, 537.0], {}),  # a figure between two columns: no telling which it belongs to
    ([200.0, 286.2, 411.6, 537.0], [286.2, 411.6, 537.0], {}),  # a column more: no copy of the first grid
])
def test_a_part_of_a_table_is_paired_with_the_first_parts_columns_only_where_that_is_plain(columns, reference, shifts):
    found = _column_shifts(columns, reference, tolerance=5.0)
    assert {c: round(s, 1) for c, s in found.items() if abs(s) > 0.01} == shifts


# ------------------------------------------------------------------------------ bad PDFs


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> dict[str, Path]:
    """Bad PDFs made at test time from a one-page PDF written by hand (no browser needed)."""
    folder = tmp_path_factory.mktemp("bad-pdf")
    good = minimal_pdf()
    made = {"scanned": scanned_pdf(good), "encrypted": encrypted_pdf(), "truncated": truncated_pdf(good),
            "corrupt": b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n"}
    for name, data in made.items():
        (folder / f"{name}.pdf").write_bytes(data)
    return {name: folder / f"{name}.pdf" for name in made}


@pytest.mark.parametrize("name, message", [
    ("scanned", "no text layer (a scanned PDF?)"),
    ("encrypted", "encrypted"),
    ("truncated", "truncated"),
    ("corrupt", "not a readable PDF"),
])
def test_a_bad_pdf_is_refused_in_one_line_naming_the_file(bad, name, message):
    path = bad[name]
    with pytest.raises(KcError) as caught:
        ingest_file(path)
    text = str(caught.value)
    assert message in text and str(path) in text and "\n" not in text
    done = kcmodel("ingest", str(path))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert str(path) in done.stderr and message in done.stderr


def test_the_encrypted_test_pdf_opens_with_its_password():
    """The encrypted PDF is a real one (the test above refuses it for the right reason)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(encrypted_pdf(), password="secret")
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        assert textpage.get_text_range().strip() == "Revenues 7,785,180"
        textpage.close()
        page.close()
    finally:
        pdf.close()


def test_the_scanned_pdf_has_a_page_and_no_text(bad):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(bad["scanned"].read_bytes())
    try:
        assert len(pdf) == 1
        page = pdf[0]
        textpage = page.get_textpage()
        assert textpage.count_chars() == 0
        textpage.close()
        page.close()
    finally:
        pdf.close()
