"""Find the tables of an announcement and split them into heading, header rows and body rows.

A table is a run of tab-separated lines, or of lines whose label is followed by figures separated
by spaces (the wire-service rendering), with the blank lines and short label-only lines between
them. It ends at prose, and a new one starts where a row of periods follows body rows. Nothing
here knows the taxonomy: rows keep their raw cells and line numbers for the later stages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kcmodel.ingest import vocabulary
from kcmodel.printed import parse_figure, unreadable
from kcmodel.ingest.source import Line, Where

DATE = re.compile(rf"^{vocabulary.DATE}$")
YEAR = re.compile(r"^(?:19|20)\d{2}$")
MONTH_DAY = re.compile(rf"^{vocabulary.MONTH_DAY},?$")
CURRENCY = re.compile(rf"^{vocabulary.CURRENCY}(?:\s*{vocabulary.THOUSAND_MARK})?$", re.I)
SPAN = re.compile(vocabulary.SPAN_START)
HEADER_WORDS = re.compile(
    rf"^(?:\(%\)|%|notes?|\(unaudited\)|unaudited|\({vocabulary.IN_THOUSANDS}\)|{vocabulary.IN_THOUSANDS}"
    rf"|(?:year-on-year\s+)?change(?:\s*%)?|percentage|{vocabulary.PEOPLE_HEADER}|{vocabulary.PEOPLE_LABEL_HEADER})$",
    re.I,
)
_FIGURE_WORD = re.compile(r"\(?[-−–]?\d[\d,]*(?:\.\d+)?\)?%?|[-–—]")  # a figure printed between spaces
_MONTH_AT_END = re.compile(rf"\b{vocabulary.MONTH}$")
_BARE_FIGURE = re.compile(r"\(?[-−–]?\d[\d,]*(?:\.\d+)?\)?")  # one whose '%' follows after a space ('16.8 %')


_PART_START = re.compile(rf"\s+(?={vocabulary.CURRENCY}|\(unaudited\))")


def header_parts(text: str) -> list[str]:
    """A header cell split into its meaningful parts: 'Dec 31, 2024 RMB' -> ['Dec 31, 2024', 'RMB']."""
    return [t.strip() for t in _PART_START.split(text.strip()) if t.strip()]


def is_header_token(text: str) -> bool:
    token = text.strip()
    if not token:
        return True
    return all(
        DATE.match(p) or YEAR.match(p) or MONTH_DAY.match(p) or CURRENCY.match(p) or SPAN.search(p) or HEADER_WORDS.match(p)
        or re.fullmatch(r"(?:year-on-year\s*)?change\s*%?", p, re.I)
        for p in header_parts(token)
    )


def is_period_token(text: str) -> bool:
    """A header cell that names a period (a date, a year, or a span like 'Three Months Ended')."""
    return any(DATE.match(p) or YEAR.match(p) or MONTH_DAY.match(p) or SPAN.search(p) for p in header_parts(text))


@dataclass
class Cell:
    text: str
    position: int  # the tab-separated slot it was printed in (0 is the label's)
    where: Where | None = None  # where its form's reader found it (HTML cell, PDF box), when it says

    @property
    def figure(self):
        return parse_figure(self.text)


class CellRow:
    """What every kind of row offers: its lines (the last holds its figures) and its cells."""

    lines: list[int]
    cells: list[Cell]

    @property
    def line(self) -> int:
        return self.lines[-1]

    @property
    def figures(self) -> list[Cell]:
        return [c for c in self.cells if c.text and c.figure is not None]

    @property
    def unreadable(self) -> list[Cell]:
        """Cells printed as figures that read as none ('1,2,3', '(12'): recorded, never taken."""
        return [c for c in self.cells if c.text and c.figure is None and unreadable(c.text)]


@dataclass
class Row(CellRow):
    lines: list[int]  # the line(s) the row comes from; the last holds its figures
    label: str
    cells: list[Cell]  # the slots after the label, in order, empty ones included
    spaced: bool = False  # figures separated by spaces, not tabs

    @property
    def texts(self) -> list[Cell]:
        """Cells of words: neither figures nor meant as figures."""
        return [c for c in self.cells if c.text and c.figure is None and not unreadable(c.text)]

    @property
    def label_only(self) -> bool:
        return not any(c.text for c in self.cells)

    @property
    def is_header(self) -> bool:
        cells = [self.label, *(c.text for c in self.cells)]
        return any(t.strip() for t in cells) and all(is_header_token(t) for t in cells) and any(
            is_period_token(t) or CURRENCY.match(t.strip() or "-") or HEADER_WORDS.match(t.strip() or "-")
            for t in cells if t.strip())


@dataclass
class Table:
    heading: list[Line]  # the text just before the table (title, scale note, introducing sentence)
    header: list[Row] = field(default_factory=list)
    body: list[Row] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        rows = self.header or self.body
        return rows[0].lines[0]

    @property
    def last_line(self) -> int:
        return (self.body or self.header)[-1].line

    @property
    def heading_text(self) -> str:
        return " ".join(line.text.strip() for line in self.heading)


def parse_row(line: Line) -> Row | None:
    """The row a line prints, or None for blank lines and prose."""
    text = line.text
    if not text.strip():
        return None
    if "\t" in text:
        parts = text.split("\t")
        found = line.cells or ()
        cells = [Cell(p.strip(), i, found[i].where if i < len(found) else None) for i, p in enumerate(parts[1:], start=1)]
        return Row([line.number], parts[0].strip(), cells)
    split = _figures_at_end(text.strip())
    if split:
        label, figures = split
        if _reads_as_figures(label, figures) and (len(figures) >= 2 or not label):
            if _looks_like_label(label):
                cells = [Cell(f.strip(), i) for i, f in enumerate(figures, start=1)]
                return Row([line.number], label, cells, spaced=True)
    if _looks_like_label(text.strip()):
        return Row([line.number], text.strip(), [])
    return None


def _reads_as_figures(label: str, figures: list[str]) -> bool:
    """Figures that all read; or some do and the rest ('(12', '1,2,3') are damaged figures the ledger
    records. A date ('March 19, 2025') is no row: '19,' is a day."""
    readable = [parse_figure(f) is not None for f in figures]
    return all(readable) or (any(readable) and not _MONTH_AT_END.search(label))


def _figures_at_end(text: str) -> tuple[str, list[str]] | None:
    """The label and the figures a line ends with, separated by spaces ('Revenues 1,234 (56) 16.8 %').

    The words are walked back from the end once, so the work is linear in the line (a regex whose
    label is lazy retries the whole rest of the line from each position: quadratic)."""
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text)]
    first = len(words)
    figures: list[str] = []
    while first > 0:
        start, _, word = words[first - 1]
        if _FIGURE_WORD.fullmatch(word):
            figures.insert(0, word)
            first -= 1
        elif (word == "%" and first > 1 and words[first - 2][1] == start - 1
              and _BARE_FIGURE.fullmatch(words[first - 2][2])):
            figures.insert(0, text[words[first - 2][0]:start + 1])
            first -= 2
        else:
            break
    if not figures:
        return None
    return text[:words[first][0]].strip(), figures


# The longest row label of the announcements is under 100 characters and 14 words ("Excluding loss or
# gain on disposal of property and equipment, normalized ..."); a longer line is prose.
LABEL_MAX_CHARACTERS, LABEL_MAX_WORDS = 120, 16


def _looks_like_label(text: str) -> bool:
    """Short enough and not a sentence: a row label, a section, a heading."""
    if not text:
        return True
    words = text.split()
    if len(text) > LABEL_MAX_CHARACTERS or len(words) > LABEL_MAX_WORDS:
        return False
    return not re.search(r"[.;!?]$", text) or text.endswith(("Inc.", "Ltd.", "No."))


# A table's heading is the last lines of text before it, at most four: a section title, the statement's
# title, its scale note ('in thousands, except for share data') and the sentence introducing it. Text
# further up belongs to the prose before, and its periods and scale words would be read as the table's.
HEADING_LINES = 4


def find_tables(lines: list[Line]) -> list[Table]:
    """Every table of the document, in order.

    A region is a run of lines without prose that holds at least one tabular row; label-only lines
    at its edges are text around the table (its heading), not rows. A row of periods that follows
    body rows starts a new table, and the label-only rows just before it are that table's heading.
    """
    tables: list[Table] = []
    region: list[tuple[Line, Row]] = []
    text_before: list[Line] = []

    def flush() -> None:
        nonlocal region, text_before
        rows = [(line, row) for line, row in region]
        tabular = [i for i, (_, row) in enumerate(rows) if _tabular(row)]
        if not tabular:
            text_before += [line for line, _ in rows]
        else:
            first, last = tabular[0], tabular[-1]
            while first > 0 and _period_row(rows[first - 1][1]):  # a span printed alone above the dates
                first -= 1
            heading = text_before + [line for line, _ in rows[:first]]
            tables.extend(_split(heading, [row for _, row in rows[first:last + 1]], lines))
            text_before = [line for line, _ in rows[last + 1:]]
        region = []

    for line in lines:
        if line.blank:
            continue
        row = parse_row(line)
        if row is None:
            flush()
            text_before = text_before[-(HEADING_LINES - 1):] + [line]
            continue
        region.append((line, row))
    flush()
    return tables


def _period_row(row: Row) -> bool:
    return row.is_header and any(is_period_token(t) for t in [row.label, *(c.text for c in row.cells)])


def _tabular(row: Row) -> bool:
    return row.spaced or any(c.text for c in row.cells)


def _split(heading: list[Line], rows: list[Row], lines: list[Line]) -> list[Table]:
    """One region's rows as tables: header rows on top, a new table at each later row of periods."""
    tables: list[Table] = []
    table = Table(heading=heading[-HEADING_LINES:])
    for index, row in enumerate(rows):
        if _period_row(row) and any(r.figures for r in table.body):
            trailing = []
            while table.body and table.body[-1].label_only:
                trailing.insert(0, table.body.pop())
            tables.append(table)
            table = Table(heading=[lines[r.lines[0] - 1] for r in trailing][-HEADING_LINES:])
        if not table.body and (row.is_header or (not row.figures and not row.unreadable and not table.header and _tabular(row))):
            table.header.append(row)
        else:
            table.body.append(row)
    tables.append(table)
    return [t for t in tables if t.body]
