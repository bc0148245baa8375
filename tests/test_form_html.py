"""The HTML reader (issue 10): filing agents' and newswires' HTML read into the lines the TAB text gives.

Every announcement (the bundled examples, and the seeds where present) typeset four ways (tests/forms/render_html.py) gives the facts and ledger counts of its TAB
text. Small hand-written pages pin each construct: split figures, spacer columns, spanning headers,
rowspans, layout tables, page chrome, footnote markers, provenance, and bad or hostile input.
"""

from __future__ import annotations


import pytest

from kcmodel.errors import KcError
from kcmodel.ingest.forms import read_data
from kcmodel.ingest.forms.html import read_html
from kcmodel.ingest.reader import ingest_file
from kcmodel.ingest.source import Where
from tests.conftest import REPORTS, ingested
from tests.forms.compare import differences
from tests.forms.render_html import TYPESETTINGS
from tests.test_cli import kcmodel

def lines(page: str) -> list[str]:
    """What the reader sees: each line's text (a row's cells joined by TABs)."""
    return [line.text for line in read_html(page.encode("utf-8"), "page.html", "page.html").lines]


def cells(page: str) -> list[list[str]]:
    return [[c.text for c in line.cells] for line in read_html(page.encode(), "page.html", "page.html").lines if line.cells]


def table(*rows: str) -> str:
    return "<table>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"


# ------------------------------------------------------------------------- the announcements, typeset


@pytest.mark.parametrize("typesetting", sorted(TYPESETTINGS))
@pytest.mark.parametrize("report", REPORTS)
def test_a_typeset_announcement_gives_the_facts_and_ledger_counts_of_its_tab_text(source, report, typesetting, tmp_path):
    """On the bundled examples (tables, titles, dates, rate) and on the seeds (their prose too)."""
    page = tmp_path / f"{report}.html"
    page.write_bytes(TYPESETTINGS[typesetting](source.file(report)))
    assert differences(ingested(source.file(report)), ingest_file(page)) == []


@pytest.mark.parametrize("typesetting", sorted(TYPESETTINGS))
def test_a_typeset_announcement_is_read_as_html(source, typesetting):
    assert read_data(TYPESETTINGS[typesetting](source.file("kc-2025-Q2")), "seed.html", "seed.html").form == "html"


# ------------------------------------------------------------------------------ split figures


@pytest.mark.parametrize("pieces, figure", [
    (["(1,234", ")"], "(1,234)"),
    (["(", "1,234)"], "(1,234)"),
    (["RMB", "1,234"], "1,234"),
    (["$", "1,234"], "1,234"),
    (["US$", "(0.07", ")"], "(0.07)"),
    (["RMB", "(", "1,234", ")"], "(1,234)"),
    (["$(", "1,234", ")"], "(1,234)"),
    (["12.1", "%"], "12.1%"),
    (["(8.5", ")%"], "(8.5)%"),
    (["$", "—"], "—"),
])
def test_a_figure_split_over_cells_is_one_cell(pieces, figure):
    assert lines(table("<td>Net loss</td>" + "".join(f"<td>{p}</td>" for p in pieces))) == [f"Net loss\t{figure}"]


def test_a_currency_sign_in_the_same_cell_is_dropped_from_the_figure():
    assert lines(table("<td>Revenues</td><td>RMB&nbsp;1,234</td><td>US$(5)</td>")) == ["Revenues\t1,234\t(5)"]


def test_a_currency_sign_does_not_join_a_figure_beyond_an_empty_cell():
    page = table("<td>A</td><td>$</td><td></td><td></td><td>1</td>", "<td>B</td><td>$</td><td>2</td><td></td><td>3</td>")
    assert cells(page) == [["A", "$", "1"], ["B", "2", "3"]]


def test_a_year_header_does_not_take_a_percent_header_beside_it():
    page = table("<td></td><td>2025</td><td>%</td>", "<td>Revenues</td><td>9,558,619</td><td>22.8%</td>")
    assert lines(page) == ["\t2025\t%", "Revenues\t9,558,619\t22.8%"]


# ----------------------------------------------------------------------------- columns, spans


def test_spacer_columns_empty_in_every_row_are_removed():
    page = table("<td>Revenues</td><td></td><td>1</td><td>&nbsp;</td><td>2</td><td></td>",
                 "<td>Gross profit</td><td>&nbsp;</td><td>3</td><td></td><td>4</td><td></td>")
    assert lines(page) == ["Revenues\t1\t2", "Gross profit\t3\t4"]


def test_a_row_keeps_empty_cells_where_it_prints_nothing():
    page = table("<td>Revenues</td><td>1</td><td>2</td><td>3</td>", "<td>Others</td><td>4</td><td></td><td>6</td>")
    assert cells(page) == [["Revenues", "1", "2", "3"], ["Others", "4", "", "6"]]


def test_a_spanning_header_sits_at_the_first_column_it_covers():
    page = table('<td></td><td></td><td colspan="5">For the year ended</td><td></td><td colspan="2">Change</td>',
                 '<td></td><td></td><td colspan="2">2023</td><td></td><td colspan="2">2024</td><td></td><td colspan="2">%</td>',
                 "<td>Revenues</td><td></td><td>RMB</td><td>7,047</td><td></td><td></td><td>7,785</td><td></td><td>10.5</td><td>%</td>")
    assert cells(page) == [["", "For the year ended", "", "Change"], ["", "2023", "2024", "%"],
                           ["Revenues", "7,047", "7,785", "10.5%"]]


def test_a_year_over_two_columns_is_a_spanning_header_not_a_figure():
    page = table('<td></td><td colspan="2">2024</td>', "<td></td><td>RMB</td><td>US$</td>", "<td>Revenues</td><td>1</td><td>2</td>")
    assert lines(page) == ["\t2024", "\tRMB\tUS$", "Revenues\t1\t2"]


def test_a_rowspan_label_header_keeps_the_slots_of_the_rows_below():
    page = table('<th rowspan="2"></th><th>2023</th><th>2024</th>', "<th>RMB</th><th>RMB</th>", "<td>Revenues</td><td>1</td><td>2</td>")
    assert lines(page) == ["\t2023\t2024", "\tRMB\tRMB", "Revenues\t1\t2"]


def test_a_date_broken_by_br_and_padded_with_nbsp_is_one_date():
    page = table("<td>&nbsp;</td><td>December 31,<br>2024&nbsp;</td>", "<td>&nbsp;&nbsp;Cash</td><td>2,648,764</td>")
    assert lines(page) == ["\tDecember 31, 2024", "Cash\t2,648,764"]


def test_a_label_printed_in_a_value_column_keeps_its_slot():
    page = table("<td></td><td>2024</td><td>2025</td>", "<td></td><td>Gross margin</td><td>16.7%</td>",
                 "<td>Adjusted gross margin</td><td>17.0%</td><td>15.7%</td>")
    assert cells(page)[1] == ["", "Gross margin", "16.7%"]


def test_labels_indented_in_a_column_of_their_own_are_one_label_column():
    page = table("<td>Revenues:</td><td></td><td></td>", "<td></td><td>Public cloud</td><td>1</td>", "<td>Total</td><td></td><td>1</td>")
    assert lines(page) == ["Revenues:", "Public cloud\t1", "Total\t1"]


def test_a_table_without_figures_still_becomes_rows():
    assert lines(table("<th>Exhibit No.</th><th>Description</th>", "<td>99.1</td><td>Earnings Release</td>")) == \
        ["Exhibit No.\tDescription", "99.1\tEarnings Release"]


def test_head_body_and_foot_rows_are_read_in_that_order():
    page = "<table><tfoot><tr><td>Total</td><td>3</td></tr></tfoot><thead><tr><th></th><th>2024</th></tr></thead>" \
           "<tbody><tr><td>A</td><td>3</td></tr></tbody></table>"
    assert lines(page) == ["\t2024", "A\t3", "Total\t3"]


def test_a_caption_is_a_line_before_the_rows():
    assert lines("<table><caption>Balance sheets</caption><tr><td>Cash</td><td>1</td></tr></table>") == ["Balance sheets", "Cash\t1"]


def test_preformatted_text_keeps_its_lines_and_tab_rows():
    assert lines("<pre>Results\nRevenues\t1\t2</pre>") == ["Results", "Revenues\t1\t2"]


# ---------------------------------------------------------------------------------- the page


def test_a_layout_table_holding_tables_is_read_as_blocks_and_its_tables_as_tables():
    page = ("<table><tr><td><p>BALANCE SHEETS</p>" + table("<td>Cash</td><td>1</td>") + "</td></tr>"
            "<tr><td>Notes follow.</td></tr></table>")
    doc = read_html(page.encode(), "page.html", "page.html")
    assert [line.text for line in doc.lines] == ["BALANCE SHEETS", "Cash\t1", "Notes follow."]
    assert doc.lines[1].where.table == 2


def test_prose_blocks_are_lines_and_br_breaks_a_line():
    page = "<h1>Results</h1><div>Intro<p>First <b>bold</b> line<br>second line</p>after</div><ul><li>item</li></ul>"
    assert lines(page) == ["Results", "Intro", "First bold line", "second line", "after", "item"]


def test_page_chrome_is_not_the_announcement():
    page = """<html><head><style>p {}</style><script>var s = "<p>x</p>";</script></head><body>
    <header>Site name</header><nav><a>Home</a></nav><div class="cookie-banner">We use cookies</div>
    <noscript>Enable scripts</noscript><form><input value="q"><button>Search</button></form>
    <main><article><header><h1>Kingsoft Cloud results</h1></header>
    <div class="share-buttons"><a>Share</a></div><p>The text.</p><footer>SOURCE Kingsoft Cloud</footer></article>
    <aside><p>Related release</p></aside></main>
    <div id="related-articles"><p>More news</p></div><div hidden>secret</div><p style="display: none">gone</p>
    <footer>Copyright</footer></body></html>"""
    assert lines(page) == ["Kingsoft Cloud results", "The text.", "SOURCE Kingsoft Cloud"]


def test_a_title_block_classed_as_a_header_and_a_form_wrapping_the_page_are_read():
    page = """<html><body><form id="page"><div class="site-header"><a>Home</a></div>
    <div class="release-header"><h1>Kingsoft Cloud results</h1></div><p>Text.</p>
    <table><tr><td>Cash</td><td>1</td></tr></table><form><input name="q"><p>Search</p></form></form></body></html>"""
    assert lines(page) == ["Kingsoft Cloud results", "Text.", "Cash\t1"]


def test_the_page_title_in_the_head_is_not_printed_and_not_a_line():
    assert lines("<html><head><title>Kingsoft Cloud results</title></head><body><p>Text.</p></body></html>") == ["Text."]


def test_a_hidden_cell_takes_no_slot_and_cells_keep_their_source_numbers():
    page = table('<td>Cash</td><td style="display:none">9</td><td>1</td>')
    row = read_html(page.encode(), "page.html", "page.html").lines[0]
    assert [(c.text, c.where.cell) for c in row.cells] == [("Cash", 1), ("1", 3)]


def test_a_footnote_marker_is_dropped_from_a_figure_and_kept_in_a_label():
    page = table("<td>Adjusted EBITDA<sup>1</sup></td><td>1,234<sup>(2)</sup></td><td>(5</td><td>)<sup>3</sup></td>")
    assert lines(page) == ["Adjusted EBITDA[1]\t1,234\t(5)"]


def test_a_footnote_marker_in_prose_is_the_printed_superscript():
    assert lines("<p>Non-GAAP EBITDA<sup>5</sup> was RMB406.0 million.</p>") == ["Non-GAAP EBITDA⁵ was RMB406.0 million."]


def test_text_is_cleaned_as_the_text_reader_cleans_a_line():
    assert lines("<p>US\\$1.00&nbsp;=&#160;RMB7.2993&#8203; **noon** rate</p>") == ["US$1.00 = RMB7.2993 noon rate"]


def test_the_provenance_of_a_figure_is_its_table_row_first_cell_and_source_line():
    page = b"""<html><body>
<table>
<tr><td></td><td>2024</td></tr>
<tr><td>Net loss</td><td>RMB</td>
<td>(1,979,042</td><td>)</td></tr>
</table></body></html>"""
    row = read_html(page, "page.html", "page.html").lines[1]
    assert row.where == Where(line=4, table=1, row=2)
    assert row.cells[0].where == Where(line=4, table=1, row=2, cell=1)
    assert (row.cells[1].text, row.cells[1].where) == ("(1,979,042)", Where(line=4, table=1, row=2, cell=2))


def test_xhtml_with_an_xml_declaration_and_namespaces_is_read():
    page = ('<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:og="http://ogp.me/ns#">'
            '<body><p>Results</p><table><tr><th scope="row">Net loss attributable to<br/>shareholders</th><td/><td>(5)</td></tr>'
            '<tr><th scope="row">Net loss</th><td>(4)</td><td/></tr></table></body></html>')
    assert lines(page) == ["Results", "Net loss attributable to shareholders\t\t(5)", "Net loss\t(4)"]


def test_the_declared_charset_decodes_the_page():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Cost – 5</p></body></html>'.encode("cp1252")
    assert [line.text for line in read_html(page, "p.html", "p.html").lines] == ["Cost – 5"]


# --------------------------------------------------------------------------------- bad input


def test_a_page_with_no_text_and_no_tables_is_one_kc_error_naming_the_file():
    with pytest.raises(KcError) as raised:
        read_html(b"<html><body><script>x()</script></body></html>", "empty.html", "empty.html")
    assert str(raised.value) == "empty.html: an HTML page with no text and no tables"


def test_an_html_page_without_tables_is_one_line_naming_the_file_and_exit_2(tmp_path):
    page = tmp_path / "prose.html"
    page.write_text("<html><body><h1>Kingsoft Cloud Announces Third Quarter 2024 Results</h1><p>Revenue grew.</p></body></html>")
    done = kcmodel("ingest", str(page))
    assert (done.returncode, done.stderr) == (2, f"kcmodel: {page}:1: no tables found: nothing to ingest\n")


def test_an_html_file_over_100_mb_is_refused_in_one_line_and_exit_2(tmp_path):
    big = tmp_path / "big.html"
    with big.open("wb") as handle:
        handle.write(b"<html><body><table>")
        handle.truncate(101 * 1024 * 1024)
    done = kcmodel("ingest", str(big))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"kcmodel: {big}: larger than ")


def test_a_table_too_wide_to_be_an_announcements_is_one_kc_error_naming_the_file_and_line():
    page = b"<p>Results</p>\n<table><tr>" + b'<td colspan="1000">a</td>' * 3 + b"</tr></table>"
    with pytest.raises(KcError) as raised:
        read_html(page, "wide.html", "wide.html")
    assert str(raised.value) == "wide.html:2: a table wider than 2000 columns: not an announcement's"


def test_an_external_entity_is_neither_fetched_nor_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    page = (f'<?xml version="1.0"?>\n<!DOCTYPE html [\n<!ENTITY xxe SYSTEM "file://{secret}">\n'
            '<!ENTITY remote SYSTEM "http://192.0.2.1/x">\n]>\n'
            "<html><body><p>a &xxe; b &remote;</p><table><tr><td>Cash</td><td>1</td></tr></table></body></html>")
    doc = read_html(page.encode(), "hostile.html", "hostile.html")
    assert [line.text for line in doc.lines] == ["a &xxe; b &remote;", "Cash\t1"]
    assert doc.lines[1].where.line == 6  # the source line, the removed declarations counted


def test_nested_entity_definitions_are_not_expanded():
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    page = f'<!DOCTYPE html [<!ENTITY l0 "lol">{laughs}]><html><body><p>&l9;</p></body></html>'
    assert lines(page) == ["&l9;"]  # left as written: expanded, it would be 10^9 'lol's
