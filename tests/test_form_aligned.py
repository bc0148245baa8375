"""Space-aligned text (what ``pdftotext -layout`` writes) reads as its TAB text does.

The announcements (the bundled examples, and the seeds where present) are typeset again with runs of
spaces (``tests/forms/render_text.py``) and must give the same facts and ledger counts; small hand-written layouts pin the rules one at a time; ``align`` is
also tested on placed lines with float x-positions, as the PDF reader gives them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kcmodel.ingest.forms import read_data, read_document
from kcmodel.ingest.forms.aligned import Chunk, PlacedLine, align
from kcmodel.ingest.reader import ingest_file
from kcmodel.ingest.source import Where
from kcmodel.ingest.tables import find_tables
from kcmodel.ingest.text import read_lines
from kcmodel.taxonomy import Taxonomy
from tests.conftest import REPORTS, Source, ingested
from tests.forms.compare import differences
from tests.forms.render_text import TYPESETTINGS, Typesetting, render


def _read(text: str):
    return read_data(text.encode("utf-8"), "test.txt", "test.txt")


def _rows(text: str) -> list[list[str]]:
    """The document's lines as cells (prose as one cell), blank lines left out."""
    return [line.text.split("\t") for line in _read(text).lines if not line.blank]


# ------------------------------------------------------------------------------------ the announcements


@pytest.mark.parametrize("style", TYPESETTINGS, ids=lambda s: s.name)
@pytest.mark.parametrize("report", REPORTS)
def test_a_typeset_announcement_gives_the_facts_of_its_tab_text(source: Source, taxonomy: Taxonomy, tmp_path: Path,
                                                                report: str, style: Typesetting) -> None:
    """On the bundled examples (tables, titles, dates, rate) and on the seeds (their prose too)."""
    rendered = tmp_path / f"{report}-{style.name}.txt"
    rendered.write_text(render(source.file(report), style), encoding="utf-8")
    assert read_document(rendered).form == "aligned-text"
    assert differences(ingested(source.file(report)), ingest_file(rendered, taxonomy)) == []


def test_the_typesettings_differ(source: Source) -> None:
    a, b = (render(source.file("kc-2025-Q2"), style) for style in TYPESETTINGS[:2])
    assert a != b and "\f" in a and "\f" in b


@pytest.mark.parametrize("report", REPORTS)
def test_tab_text_reads_as_it_always_has(source: Source, report: str) -> None:
    document = read_document(source.file(report))
    assert document.form == "text"
    assert document.lines == read_lines(source.file(report))


# ------------------------------------------------------------------------------------ hand-written layouts

TABLE = """\
CONDENSED STATEMENTS
(All amounts in thousands)

                                  Three Months Ended          Six Months Ended
                             Jun 30, 2024   Jun 30, 2025   Jun 30, 2024   Jun 30, 2025
                                      RMB            RMB            RMB            US$
Revenues:
Public cloud services           1,234,542      1,625,309      2,421,912        415,823
Enterprise cloud services         657,238                     1,245,400        187,115
Net loss attributable to Kingsoft
  Cloud Holdings Limited         (353,176)      (457,465)      (712,586)      (107,680)
"""


def test_a_span_centred_over_two_columns_sits_at_the_first():
    rows = _rows(TABLE)
    assert rows[2] == ["", "Three Months Ended", "", "Six Months Ended"]
    assert rows[3] == ["", "Jun 30, 2024", "Jun 30, 2025", "Jun 30, 2024", "Jun 30, 2025"]
    assert rows[4] == ["", "RMB", "RMB", "RMB", "US$"]


def test_an_empty_cell_keeps_its_column():
    assert _rows(TABLE)[7] == ["Enterprise cloud services", "657,238", "", "1,245,400", "187,115"]


def test_a_label_wrapped_with_a_hanging_indent_is_one_row():
    document = _read(TABLE)
    row = document.lines[10]
    assert row.text.split("\t") == ["Net loss attributable to Kingsoft Cloud Holdings Limited",
                                    "(353,176)", "(457,465)", "(712,586)", "(107,680)"]
    assert document.lines[9].blank and "Net loss attributable" in document.lines[9].raw
    assert row.where == Where(line=11) and row.cells[0].where == Where(line=11)


def test_a_wrapped_label_continuing_in_lower_case_is_one_row():
    text = """\
                                   2024          2025
Other comprehensive loss, excluding the
effect of currency translation  (1,234)         5,678
Total                            (1,234)         5,678
"""
    assert _rows(text)[1] == ["Other comprehensive loss, excluding the effect of currency translation",
                              "(1,234)", "5,678"]


def test_a_label_continued_below_its_figures_is_one_row():
    text = """\
                                         2024          2025
Excluding gain on disposal of          69,960       716,757
    property and equipment
Total                                  69,960       716,757
"""
    assert _rows(text)[1] == ["Excluding gain on disposal of property and equipment", "69,960", "716,757"]


def test_a_section_is_not_a_wrapped_label():
    text = """\
                                   2024          2025
Current assets:
  Cash and cash equivalents     2,255,287     2,648,764
"""
    assert _rows(text)[1:] == [["Current assets:"], ["Cash and cash equivalents", "2,255,287", "2,648,764"]]


def test_a_page_break_with_the_header_repeated_keeps_one_table():
    text = """\
BALANCE SHEETS
                              Dec 31, 2024   Jun 30, 2025
                                       RMB            RMB
Current assets:
Cash and cash equivalents        2,648,764      5,464,077
Restricted cash                     81,337         53,051

                              - 7 -
\f                              Dec 31, 2024   Jun 30, 2025
                                       RMB            RMB
Total current assets             6,840,786     10,386,041
"""
    document = _read(text)
    assert document.form == "aligned-text"
    tables = find_tables(document.lines)
    assert len(tables) == 1 and [r.label for r in tables[0].body][-1] == "Total current assets"
    assert [line.raw for line in document.lines if line.blank and line.raw.strip()] == [
        "- 7 -", "Dec 31, 2024 Jun 30, 2025", "RMB RMB"]


def test_a_new_table_under_the_same_spans_after_a_page_break_is_a_new_table():
    text = """\
                              Three Months Ended
                              Jun 30, 2024   Jun 30, 2025
Gross profit                       318,347        338,857
\f                              Three Months Ended
                              Mar 31, 2024   Jun 30, 2025
Gross margin                         16.8%          14.4%
"""
    assert len(find_tables(_read(text).lines)) == 2


def test_a_word_broken_at_its_hyphen_is_joined_without_a_space():
    text = """\
                                            2024          2025
Adjusted operating loss (Non-
  GAAP Financial Measure)                (431,349)     (152,239)
"""
    assert _rows(text)[1][0] == "Adjusted operating loss (Non-GAAP Financial Measure)"


def test_a_table_printed_as_two_grids_counts_each_from_one():
    # a damaged table: the rows after the blank print one more figure each, on a grid of their own
    text = """\
                               Jun 30, 2024   Jun 30, 2025
Gross profit                        318,347        338,857

Total operating expenses      (595,916)    (665,844)    (92,948)
"""
    assert _rows(text)[1:] == [["Gross profit", "318,347", "338,857"],
                               ["Total operating expenses", "(595,916)", "(665,844)", "(92,948)"]]


def test_prose_with_double_spaces_stays_prose():
    text = """\
Total revenues were RMB2,349.2 million.  This was an increase of 24.2%  from the same quarter.
The company expects  revenues of RMB2.3 billion to RMB2.5 billion  in the third quarter.
"""
    document = _read(text)
    assert document.form == "text"
    assert [line.cells for line in document.lines] == [None, None, None]
    assert document.lines[0].text == ("Total revenues were RMB2,349.2 million. This was an increase of 24.2% "
                                      "from the same quarter.")


def test_a_date_split_over_two_header_lines_is_one_cell():
    text = """\
                        Dec 31,       Sep 30,       Sep 30,
                           2023          2024          2024
                            RMB           RMB           US$
Goodwill              4,605,724     4,605,724       642,934
"""
    assert _rows(text)[0] == ["", "Dec 31, 2023", "Sep 30, 2024", "Sep 30, 2024"]


def test_a_header_over_a_column_of_text_makes_its_own_column():
    text = """\
                                  2024                2025
Gross profit                   611,600             657,163

The margins of the period were as follows, in the document's own table.

                          For the six months ended June 30,
                              2024                2025
                     Gross margin               16.7%
"""
    # the labels start at the left margin, so 'Gross margin' is printed in the first value column
    assert _rows(text)[4:] == [["", "2024", "2025"], ["", "Gross margin", "16.7%"]]


def test_a_currency_sign_in_front_of_an_amount_is_no_cell():
    text = """\
                               Dec 31, 2024   Jun 30, 2025
                                        RMB            US$
Cash and cash equivalents   RMB    2,648,764   US$ 762,756
Restricted cash                       81,337         7,406
"""
    assert _rows(text)[2:] == [["Cash and cash equivalents", "2,648,764", "762,756"],
                               ["Restricted cash", "81,337", "7,406"]]


def test_a_page_break_after_a_section_keeps_one_table():
    # the page breaks after 'Current liabilities:' and the header is printed again: the rows go on
    text = """\
                              Dec 31, 2024   Jun 30, 2025
                                       RMB            RMB
Total assets                    17,592,654     24,829,707
Current liabilities:

                              - 7 -
\f                              Dec 31, 2024   Jun 30, 2025
                                       RMB            RMB
Accounts payable                 1,877,004      2,195,478
"""
    tables = find_tables(_read(text).lines)
    assert len(tables) == 1 and [r.label for r in tables[0].body][-1] == "Accounts payable"


def test_a_title_at_the_foot_of_a_page_starts_a_new_table_under_the_same_header():
    text = """\
                              Jun 30, 2024   Jun 30, 2025
Gross profit                       318,347        338,857
RECONCILIATION OF GAAP AND NON-GAAP RESULTS
(All amounts in thousands, except for percentage)

                              - 7 -
\f                              Jun 30, 2024   Jun 30, 2025
Gross margin                         16.8%          14.4%
"""
    assert len(find_tables(_read(text).lines)) == 2


def test_a_title_naming_its_period_is_prose_not_a_header():
    text = """\
Table: six months ended June 30, 2024; revenues.
                              2024          2025
Revenues                 1,234,542     1,625,309
"""
    document = _read(text)
    assert document.lines[0].cells is None
    assert _rows(text)[1:] == [["", "2024", "2025"], ["Revenues", "1,234,542", "1,625,309"]]


def test_a_line_back_at_the_first_indent_after_a_hanging_continuation_starts_a_label():
    text = """\
                                              2024          2025
Adjusted EBITDA                            (45,402)       33,187
Excluding loss or gain on disposal of
    property and equipment, normalized
Adjusted operating loss                   (261,548)     (150,866)
"""
    assert _rows(text)[2:] == [["Excluding loss or gain on disposal of property and equipment, normalized"],
                               ["Adjusted operating loss", "(261,548)", "(150,866)"]]


def test_a_label_wrapped_after_a_number_is_one_row():
    text = """\
                              2024        2025
Not yet due                731,294   1,123,859
Between 4 months and 6
months                     216,083     151,589
"""
    assert _rows(text)[2] == ["Between 4 months and 6 months", "216,083", "151,589"]


def test_a_title_wider_than_the_label_column_does_not_widen_it():
    # the label column ends where 'Net loss attributable to Kingsoft' ends: 'Cloud' would not fit
    text = """\
(All amounts in thousands, except for share and per share data)

                                       2024          2025
Net loss                        (2,183,647)   (1,979,042)
Net loss attributable to Kingsoft
Cloud Holdings Limited          (2,176,340)   (1,966,680)
"""
    assert _rows(text)[-1] == ["Net loss attributable to Kingsoft Cloud Holdings Limited", "(2,176,340)", "(1,966,680)"]


def test_a_header_on_one_line_keeps_its_span_where_the_labels_stand():
    text = """\
For the six months ended June 30,    2024 RMB    2025 RMB    2025 US$
Revenues                            1,234,542   1,625,309     226,890
"""
    assert _rows(text) == [["For the six months ended June 30,", "2024 RMB", "2025 RMB", "2025 US$"],
                           ["Revenues", "1,234,542", "1,625,309", "226,890"]]


# ------------------------------------------------------------------------------------ align on placed lines


def _pdf_line(number: int, words: list[tuple[float, float, str]], page: int = 1) -> PlacedLine:
    top = Decimal(100 + 12 * number)
    chunks = tuple(Chunk(x0, x1, text, (Decimal(str(x0)), top, Decimal(str(x1)), top + 9)) for x0, x1, text in words)
    return PlacedLine(chunks, Where(line=number, page=page), space=2.5)


def test_align_places_pdf_words_by_their_right_edges():
    lines = [
        _pdf_line(1, [(201.3, 262.8, "Three Months Ended")]),
        _pdf_line(2, [(170.05, 212.4, "Jun 30, 2024"), (240.2, 282.61, "Jun 30, 2025")]),
        _pdf_line(3, [(72.0, 141.7, "Revenues:")]),
        _pdf_line(4, [(72.0, 150.2, "Public cloud services"), (178.9, 212.35, "1,234,542"),
                      (249.1, 282.6, "1,625,309")]),
        _pdf_line(5, [(72.0, 148.9, "Cost of revenues"), (176.4, 214.1, "(1,573,433)"), (246.6, 284.3, "(2,010,370)")]),
        _pdf_line(6, [(72.0, 130.4, "Others"), (208.9, 212.4, "-"), (249.4, 282.58, "152")]),
    ]
    out = align(lines, first_number=41)
    assert [line.number for line in out] == [41, 42, 43, 44, 45, 46]
    assert [line.text for line in out] == [
        "\tThree Months Ended",
        "\tJun 30, 2024\tJun 30, 2025",
        "Revenues:",
        "Public cloud services\t1,234,542\t1,625,309",
        "Cost of revenues\t(1,573,433)\t(2,010,370)",
        "Others\t-\t152",
    ]
    cell = out[4].cells[2]
    assert cell.where.page == 1 and cell.where.line == 5 and cell.where.box[0] == Decimal("246.6")


def test_align_keeps_one_table_over_a_pdf_page_break_and_notes_what_it_drops():
    header = [(170.0, 212.4, "Dec 31, 2024"), (240.2, 282.6, "Jun 30, 2025")]
    lines = [
        _pdf_line(1, header, page=3),
        _pdf_line(2, [(72.0, 150.0, "Cash"), (178.9, 212.35, "2,648,764"), (249.1, 282.6, "5,464,077")], page=3),
        _pdf_line(3, [(290.0, 300.0, "12")], page=3),
        _pdf_line(1, header, page=4),
        _pdf_line(2, [(72.0, 150.0, "Total assets"), (173.1, 212.4, "17,592,654"), (243.3, 282.6, "24,829,707")],
                  page=4),
    ]
    remarks: list[tuple[int, str]] = []
    out = align(lines, remarks=remarks)
    assert [line.text for line in out] == ["\tDec 31, 2024\tJun 30, 2025", "Cash\t2,648,764\t5,464,077", "", "",
                                           "Total assets\t17,592,654\t24,829,707"]
    assert [number for number, _ in remarks] == [3, 4]
    assert len(find_tables(out)) == 1
