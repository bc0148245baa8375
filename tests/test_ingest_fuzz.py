"""Generated input (issue 12): no traceback, and no figure lost without a ledger entry.

Cells, rows and whole announcements are generated or mutated from the bundled Q3 2024 example
(swapped, doubled and deleted characters and lines, garbage cells, any unicode, huge numbers,
nested brackets). Reading one may fail only with a ``KcError``; when it succeeds, every cell of a
table row that is *number-looking* is in the ledger at its line. Number-looking is the reader's
own definition (``kcmodel.printed``): the cell reads as a figure (``parse_figure``), or it
is printed only with digits, separators, signs, brackets, '%' and spaces (``looks_like_figure``),
which the reader records as an unreadable figure. A table row is a body row of a table the reader
takes facts from (a financial table); the prose reader answers for every other line.

CI (CI=true) runs 10,500 generated inputs in all, derandomized so a failure repeats: about three
minutes on the 2-core machine (the two announcement tests take nearly all of it); locally a tenth of
that, in about 20 seconds.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kcmodel.errors import KcError
from kcmodel.ingest.forms import read_data
from kcmodel.printed import looks_like_figure, parse_figure, unreadable
from kcmodel.ingest.reader import Ingested, ingest_document
from kcmodel.ingest.source import Line
from kcmodel.ingest.tables import parse_row
from kcmodel.taxonomy import Taxonomy

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "announcements" / "kc-2024-Q3.txt"
# the title, date and rate lines, the exhibit index and the balance sheet: a whole announcement, small
LINES = EXAMPLE.read_text(encoding="utf-8").split("\n")[:66]
ROW = next(i for i, line in enumerate(LINES) if line.startswith("Total current assets\t"))
TAXONOMY = Taxonomy.load()

SCALE = 1 if os.environ.get("CI") else 10  # CI: 5,000 + 1,000 + 2,000 + 2,500 = 10,500 inputs


def examples(ci: int) -> settings:
    return settings(max_examples=max(ci // SCALE, 10), deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- what is generated ------------------------------------------------------------------------------

FIGURE_CHARACTERS = "0123456789,.()%-−–— "
printed = st.builds(lambda n, places, parens, pct: (f"({abs(n):,}{'.' + '5' * places if places else ''})" if parens
                                                   else f"{n:,}{'.' + '5' * places if places else ''}") + ("%" if pct else ""),
                    st.integers(-10**30, 10**30), st.integers(0, 3), st.booleans(), st.booleans())
damaged = st.text(alphabet=FIGURE_CHARACTERS, min_size=1, max_size=14)
nested = st.builds(lambda n, m, d: "(" * n + d + ")" * m, st.integers(0, 6), st.integers(0, 6), st.sampled_from(["1", "12,345", "-"]))
garbage = st.sampled_from(["1,2,3", "(12", "12)", "1.812.692", "[[[", "]]", "**", "\\", "US$", "RMB", "N/A", "\u200b",
                           "\ufffe", "\x1b[31m", "1" * 40, "9" * 400, "Sep 30, 2024", "2024", "‒1", "¹", "1¹²"])
cell = st.one_of(printed, damaged, nested, garbage, st.text(max_size=12))


@st.composite
def mutated(draw) -> str:
    """The example, changed by a few edits of characters, cells and lines."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(lines) - 1)) if lines else 0
        line = lines[at] if lines else ""
        where = draw(st.integers(0, len(line)))
        edit = draw(st.sampled_from(["swap", "double", "delete", "insert", "cell", "replace-cell",
                                     "double-line", "delete-line", "swap-lines", "brackets"]))
        if not lines:
            lines = [draw(st.text(max_size=40))]
        elif edit == "swap" and where + 1 < len(line):
            lines[at] = line[:where] + line[where + 1] + line[where] + line[where + 2:]
        elif edit == "double":
            lines[at] = line[:where] + line[where:where + 1] * 2 + line[where + 1:]
        elif edit == "delete":
            lines[at] = line[:where] + line[where + 1:]
        elif edit == "insert":
            lines[at] = line[:where] + draw(st.text(max_size=8)) + line[where:]
        elif edit == "cell":
            lines[at] = line + "\t" + draw(cell)
        elif edit == "replace-cell":
            cells = line.split("\t")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(cell)
            lines[at] = "\t".join(cells)
        elif edit == "double-line":
            lines.insert(at, line)
        elif edit == "delete-line":
            del lines[at]
        elif edit == "swap-lines":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        else:
            depth = draw(st.integers(1, 50))
            lines[at] = line[:where] + "[" * depth + draw(cell) + "]" * depth + line[where:]
    return "\n".join(lines)


# -- the property ---------------------------------------------------------------------------------


def number_looking(text: str) -> bool:
    """A cell the reader must account for: a figure, or printed as one."""
    return bool(text) and (parse_figure(text) is not None or looks_like_figure(text))


def ingest(text: str) -> Ingested | None:
    """The text read as an announcement; None when it is refused with a KcError (any other error fails)."""
    data = text.encode("utf-8", "surrogatepass")
    try:
        return ingest_document(read_data(data, "fuzz.txt", "fuzz.txt"), TAXONOMY)
    except KcError as exc:
        assert str(exc).startswith("fuzz.txt"), str(exc)
        return None


def lost_figures(done: Ingested) -> list[tuple[int, str]]:
    """Number-looking cells of table rows without a ledger entry at their line."""
    recorded = {(e.at.line, e.at.text) for e in done.ledger.entries}
    lost = []
    for work in done.tables:
        if not work.financial:
            continue
        for row in work.rows:
            line = row.line  # text: the reading-order number is the file line
            lost += [(line, c.text) for c in row.cells if number_looking(c.text) and (line, c.text) not in recorded]
    return lost


# -- the tests ------------------------------------------------------------------------------------


@examples(5_000)
@given(st.one_of(cell, st.text()))
def test_a_cell_reads_as_a_figure_or_is_told_apart(text):
    figure = parse_figure(text)
    if figure is not None:
        assert figure.value.is_finite() and not unreadable(text)
        assert figure.dash or looks_like_figure(text)
    assert unreadable(text) == (looks_like_figure(text) and figure is None)


@examples(1_000)
@given(st.text(max_size=20), st.lists(st.one_of(printed, damaged, garbage), min_size=1, max_size=8))
def test_a_row_separated_by_spaces_keeps_every_figure_or_none(label, cells):
    text = " ".join([label.replace("\t", " "), *cells])
    row = parse_row(Line(number=1, raw=text, text=text))
    if row is not None and row.spaced:
        assert all(number_looking(c.text) for c in row.cells)


@examples(2_000)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\t\n\r"), max_size=30),
       st.lists(cell, min_size=1, max_size=10))
def test_a_generated_row_in_an_announcement_loses_no_figure(label, cells):
    lines = list(LINES)
    lines[ROW] = "\t".join([label, *(c.replace("\t", " ").replace("\n", " ").replace("\r", " ") for c in cells)])
    done = ingest("\n".join(lines))
    if done is not None:
        assert lost_figures(done) == []


@examples(2_500)
@given(mutated())
def test_a_mutated_announcement_is_read_or_refused_and_loses_no_figure(text):
    done = ingest(text)
    if done is not None:
        assert lost_figures(done) == []
