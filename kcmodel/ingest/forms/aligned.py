"""Plain text: lines whose table rows are TAB-separated, or aligned by runs of spaces.

TAB-separated rows need nothing more: the table reader splits them. Space-aligned rows (what
``pdftotext -layout`` writes, and what analysts paste) and the words of a PDF page are both
*placed* text: chunks of words with horizontal extents. ``align`` turns runs of placed lines into
table rows (cells at their columns) and prose, for both forms.

How a table is found in placed text, and why:

- A line is split into chunks at gaps wider than a word space. A *figure* chunk parses as a
  printed figure; a line with a label and figures to its right, or with figures alone, is a table
  row; header lines hold dates, currencies and spans; anything with sentences is prose, which ends
  a table (as in the TAB reader); so does a title that names its period but ends as a sentence
  ('Table: six months ended June 30, 2024; revenues.'). A row of periods after rows of figures
  starts a new table. A currency sign printed in front of an amount ('RMB  1,234', 'US$ 567') is
  left out: it repeats the column's currency, and the TAB text prints the amount bare.
- Figures are right-aligned, so a table's value columns are the clusters of its figures' right
  edges, found over the whole table (one row alone cannot tell an empty cell from a missing one).
  Header words belong to the column they overlap or whose slot they sit in; words beside a column's
  own header, or right of every column, make a column of their own (an empty notes column).
- A span ('Three Months Ended') is centred (or left- or right-aligned) over the columns it covers
  and is placed at the FIRST of them, the position the TAB text gives it, so the one table reader
  sees no difference. A date printed over two header lines ('Sep 30,' / '2024') is one cell.
- A label wrapped onto further lines is joined (hanging indent, lower-case continuation, a first
  part ending in a joining word or at the label column's width; or the rest of it hanging under a
  row of figures; a first part ending at a number when the rest goes on in lower case: 'Between 4
  months and 6' / 'months'); a section ('Current assets:') never continues into a row, and once a label's
  continuation hangs, a line back at its first indent starts a new label. The label column's width
  is measured from the header to the last row of figures (a title above may run across the page).
- Page furniture inside a table is dropped and noted: page numbers next to a page break, and a
  column header repeated after one when the table's rows run up to the break (a row of figures, or
  a label or section whose rows follow; not a title in capitals or a note in parentheses, which
  start the next table): the table continues, no new table starts there. Each page
  may sit on its own grid (pdftotext lays pages out one by one): a table's part on a later page is
  moved onto the grid of its first part.

Lines the reader consumes (a wrapped label's first part, page numbers, repeated headers) stay in
place as blank lines that keep what was printed in ``raw``, so line numbers stay the file's; the
cells keep their ``Where`` (a PDF chunk's box included).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from kcmodel.ingest import vocabulary
from kcmodel.printed import parse_figure
from kcmodel.ingest.source import Box, Dropped, Line, SourceCell, SourceDocument, Where, prose_line, row_line
from kcmodel.ingest.tables import MONTH_DAY, SPAN, YEAR, is_header_token, is_period_token
from kcmodel.ingest.text import decode

# -- thresholds (in units of the line's space width, so they hold for text columns and PDF points) --
GAP_SPACES = 2  # text: this many spaces in a row separate chunks; one space is a word space
RIGHT_EDGE_TOLERANCE = 2.0  # figures of one column end this close: ')' and '%' hang out by one
SPAN_TOLERANCE = 2.5  # a span's centre (or left edge) sits this close to its columns' (odd widths round)
OVERLAP_SLACK = 0.5  # extents closer than this touch (PDF boxes are measured, not counted)
MEASURING_ERROR = 0.01  # PDF positions are floats: an indent a hair short of a space still is one
LABEL_INDENT = 8.0  # a label starts within this of the label margin (sub-items, hanging indents)
HANGING_INDENT = 1.0  # a continuation indented this far past its first part hangs (a wrapped label)
CELL_WORDS = 4  # a text cell among figures is short ('Gross margin', 'N/A'); longer is prose
PROSE_WORDS = 12  # a line without figures holding more words than this (in 2+ chunks) is prose
HEADER_WORDS = 10  # a header cell is short: 'For the six months ended June 30,' has seven words
LABEL_WORDS, LABEL_CHARS = 16, 120  # as the table reader: a longer line is a sentence, not a label
PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
# a wrapped label's first part ends with a word that needs the next one ('Net loss attributable to')
JOINING_WORDS = frozenset("and or of to for in on from by with at the a an net less than per as into under".split())
JOINING_ENDS = (",", "-", "–", "/", "&", "(")
# how a line's spans sit over their columns (ties go to the first): centred over the printed words,
# centred over the columns' boxes (a cell reaches back to the column before: HTML and PDF tables),
# starting in the gap before the first column, ending at the last column's right edge
SPAN_MODES = ("centre", "box", "left", "right")
# a currency sign printed in front of an amount ('RMB    1,234,542', 'US$ (1,520)'), as filing agents
# set a '$' column: the sign belongs to the amount, which the TAB text and the HTML reader print bare
CURRENCY_SIGN = re.compile(rf"^{vocabulary.CURRENCY_SIGN}$")
_SIGNED = re.compile(rf"^(?P<sign>{vocabulary.CURRENCY_SIGN})\s*(?P<figure>\S.*)$")
_CHUNKS = re.compile(rf"\S+(?: {{1,{GAP_SPACES - 1}}}\S+)*")  # words joined by gaps narrower than GAP_SPACES

BLANK, PROSE, LABEL, HEADER, FIGURES, CELLS = "blank", "prose", "label", "header", "figures", "cells"


@dataclass(frozen=True)
class Chunk:
    """Words printed together: no wider gap inside than a word space."""

    x0: float  # left edge (text: character column; PDF: points)
    x1: float  # right edge
    text: str
    box: Box | None = None  # PDF: the chunk's bounding box


@dataclass(frozen=True)
class PlacedLine:
    """One printed line as chunks, left to right, and where it was printed."""

    chunks: tuple[Chunk, ...]
    where: Where
    space: float = 1.0  # the width of a space in x units (text: 1 column; PDF: about the font's space)


@dataclass
class _Column:
    left: float
    right: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2

    def widen(self, chunk: Chunk) -> None:
        self.left, self.right = min(self.left, chunk.x0), max(self.right, chunk.x1)


@dataclass
class _Row:
    """A line of a table on its way to cells."""

    index: int
    line: PlacedLine
    kind: str
    label: list[Chunk] = field(default_factory=list)  # the label's chunks (a wrapped label: all its parts)
    label_lines: list[int] = field(default_factory=list)  # indexes of the lines the label parts came from
    rest: list[Chunk] = field(default_factory=list)  # the chunks right of the label
    cells: dict[int, list[Chunk]] = field(default_factory=dict)  # column (1-based) -> chunks

    @property
    def label_text(self) -> str:
        """The label's parts joined: by a space, or by nothing after a word broken at its hyphen ('Non-')."""
        text = ""
        for chunk in self.label:
            text += chunk.text if re.search(r"[A-Za-z]-$", text) else f" {chunk.text}" if text else chunk.text
        return text

    @property
    def space(self) -> float:
        return self.line.space


# ------------------------------------------------------------------------------ chunk and line kinds


def _figure(text: str) -> bool:
    """A printed figure in a value column (a year is a header word, not a figure)."""
    return parse_figure(text) is not None and not YEAR.match(text.strip())


def _digits(text: str) -> bool:
    """A figure with digits: the chunks whose right edges define the columns (dashes may be centred)."""
    return _figure(text) and any(ch.isdigit() for ch in text)


def _header(text: str) -> bool:
    """A column header's words: a span, a date, a currency (short, and not ending as a sentence does:
    a title naming its period, 'Table: six months ended June 30, 2024; revenues.', is prose)."""
    return bool(text.strip()) and len(text.split()) <= HEADER_WORDS and is_header_token(text) and not _sentence(text)


def _sentence(text: str) -> bool:
    """Too long for a label, or ending as a sentence does (company abbreviations aside)."""
    words = text.split()
    if len(text) > LABEL_CHARS or len(words) > LABEL_WORDS:
        return True
    return bool(re.search(r"[.;!?]$", text)) and not text.endswith(("Inc.", "Ltd.", "No.", "Co."))


def _kind(line: PlacedLine) -> str:
    """What a line is, from its chunks alone (the table around it decides the rest)."""
    chunks = line.chunks
    if not chunks:
        return BLANK
    if len(chunks) == 1:
        text = chunks[0].text
        if _figure(text):
            return FIGURES
        if _header(text):
            return HEADER
        return PROSE if _sentence(text) and not _spaced_row(text) else LABEL
    texts = [c.text for c in chunks]
    if all(_header(t) for t in texts):
        return HEADER
    if _sentence(texts[0]) and not _figure(texts[0]):
        return PROSE
    rest = texts[1:]
    if any(_sentence(t) or (not _figure(t) and not _header(t) and len(t.split()) > CELL_WORDS) for t in rest):
        return PROSE
    if any(_figure(t) for t in texts):
        return FIGURES
    if all(_header(t) for t in rest):
        return HEADER
    return PROSE if sum(len(t.split()) for t in texts) > PROSE_WORDS else CELLS


def _spaced_row(text: str) -> bool:
    """A label followed by figures separated by single spaces (the wire-service rendering)."""
    words = text.split()
    return len(words) >= 2 and _figure(words[-1]) and _figure(words[-2])


# ------------------------------------------------------------------------------------- align


def align(lines: list[PlacedLine], first_number: int = 1, page_starts: frozenset[int] = frozenset(),
          remarks: list[tuple[int, str]] | None = None) -> list[Line]:
    """Placed lines as document lines, numbered from ``first_number``: table rows get cells at their
    columns (found from the figures' right edges across the table), prose stays one line of text.

    One line comes out per line in, so numbers stay in step with the source. ``page_starts`` names
    the indexes of lines that begin a page (a PDF's pages are also told by ``where.page``);
    ``remarks``, when given, receives (number, what was dropped or noticed).
    """
    notes = remarks if remarks is not None else []
    lines = [_without_signs(line) for line in lines]
    breaks = _page_breaks(lines, page_starts)
    dropped = _page_numbers(lines, breaks)
    kinds = [BLANK if i in dropped else _kind(line) for i, line in enumerate(lines)]
    margin = _label_margin(lines, kinds)
    doc = _Document(lines, kinds, first_number, frozenset(breaks), margin, dropped)
    out: dict[int, Line] = {}
    for region in _regions(lines, kinds):
        dropped.update(_repeated_headers(region, lines, kinds, breaks))
        for table in _tables([i for i in region if i not in dropped], lines, kinds):
            out.update(_align_table(table, doc))
    result = []
    for i, line in enumerate(lines):
        number = first_number + i
        if i in dropped:
            notes.append((number, dropped[i]))
            result.append(Line(number=number, raw=_joined(line), text="", where=line.where))
        else:
            result.append(out.get(i) or prose_line(number, _joined(line), line.where))
    return result


def _without_signs(line: PlacedLine) -> PlacedLine:
    """A row of amounts without the currency signs printed in front of them ('RMB    1,234', 'RMB 1,234'
    are '1,234'): the sign repeats the column's currency from the header, as the HTML reader drops it
    from a filing agent's '$' cell; left in, a sign alone would stand as a cell of its own, and a sign
    joined to its amount would make the amount no figure. Other lines stay as printed."""
    if len(line.chunks) < 2:
        return line
    chunks: list[Chunk] = []
    for position, chunk in enumerate(line.chunks):
        after = line.chunks[position + 1] if position + 1 < len(line.chunks) else None
        if CURRENCY_SIGN.match(chunk.text) and after is not None and _figure(after.text):
            continue  # the sign alone, the amount its next chunk
        signed = _SIGNED.match(chunk.text)
        if signed and _figure(signed["figure"]):  # the amount starts where its characters do (PDF: pro rata)
            start = chunk.x0 + (chunk.x1 - chunk.x0) * signed.start("figure") / len(chunk.text)
            box = (Decimal(str(round(start, 2))), *chunk.box[1:]) if chunk.box else None
            chunk = Chunk(start, chunk.x1, signed["figure"], box)
        chunks.append(chunk)
    if len(chunks) == len(line.chunks) and all(a is b for a, b in zip(chunks, line.chunks)):
        return line
    stripped = replace(line, chunks=tuple(chunks))
    return stripped if _kind(stripped) == FIGURES else line


def _joined(line: PlacedLine) -> str:
    return " ".join(c.text for c in line.chunks)


def _page_breaks(lines: list[PlacedLine], page_starts: frozenset[int]) -> set[int]:
    """Indexes of lines that start a page after the first."""
    breaks = {i for i in page_starts if 0 < i < len(lines)}
    for i in range(1, len(lines)):
        before, here = lines[i - 1].where.page, lines[i].where.page
        if before is not None and here is not None and before != here:
            breaks.add(i)
    return breaks


def _page_numbers(lines: list[PlacedLine], breaks: set[int]) -> dict[int, str]:
    """Lines printing only a page number, next to a page break (its last line before, its first after)."""
    if not breaks:
        return {}
    edges = set()
    for start in breaks | {len(lines)}:
        before = next((i for i in range(start - 1, -1, -1) if lines[i].chunks), None)
        after = next((i for i in range(start, len(lines)) if lines[i].chunks), None) if start < len(lines) else None
        edges.update(i for i in (before, after) if i is not None)
    return {i: f"page number '{_joined(lines[i])}' dropped" for i in sorted(edges)
            if len(lines[i].chunks) == 1 and PAGE_NUMBER.match(lines[i].chunks[0].text)}


def _label_margin(lines: list[PlacedLine], kinds: list[str]) -> float:
    """Where the document's row labels start: the commonest left edge of a label with figures."""
    starts = Counter(round(line.chunks[0].x0 / line.space) * line.space for line, kind in zip(lines, kinds)
                     if kind == FIGURES and len(line.chunks) > 1 and not _figure(line.chunks[0].text))
    if starts:
        return starts.most_common(1)[0][0]
    return min((line.chunks[0].x0 for line in lines if line.chunks), default=0.0)


def _regions(lines: list[PlacedLine], kinds: list[str]) -> list[list[int]]:
    """Runs of table-like lines (blank lines inside) holding at least one row of figures beside
    something else (a number alone on a line is no table)."""
    regions, run = [], []
    for i, kind in enumerate([*kinds, PROSE]):
        if kind == PROSE:
            while run and kinds[run[-1]] == BLANK:
                run.pop()
            if any(kinds[j] == FIGURES and len(lines[j].chunks) > 1 for j in run):
                regions.append(run)
            run = []
        elif kind != BLANK or run:
            run.append(i)
    return regions


def _repeated_headers(region: list[int], lines: list[PlacedLine], kinds: list[str], breaks: set[int]) -> dict[int, str]:
    """The column header printed again right after a page break inside a table: the table continues.

    Only the whole header, line for line, the same words at the same places, counts as repeated: a
    new table under the same spans (but other dates, or other column widths) is a new table."""
    dropped: dict[int, str] = {}
    header: list[PlacedLine] = []  # the current table's header lines
    in_body = False
    position = 0
    while position < len(region):
        i = region[position]
        if i in breaks and in_body and header and _rows_up_to(region[:position], lines, kinds, dropped):
            run = [j for j in region[position:] if kinds[j] != BLANK][:len(header)]
            if len(run) == len(header) and all(_same_words(lines[j], h) for j, h in zip(run, header)):
                note = "column header repeated after a page break dropped: the table continues"
                dropped.update({j: note for j in run})
                position = region.index(run[-1]) + 1
                continue
        kind = kinds[i]
        if kind in (HEADER, CELLS) and in_body and _period_line(lines[i]):
            header, in_body = [], False
        if kind in (HEADER, CELLS) and not in_body:
            header.append(lines[i])
        elif kind == FIGURES:
            in_body = True
        position += 1
    return dropped


def _rows_up_to(before: list[int], lines: list[PlacedLine], kinds: list[str], dropped: dict[int, str]) -> bool:
    """Whether the table's rows run up to a page break: the lines since its last row of figures are
    rows in progress (a label whose figures, or a section whose rows, follow on the next page), not
    the title of a next table (a heading in capitals, a note in parentheses: '(All amounts in thousands)')."""
    for j in reversed(before):
        if kinds[j] == BLANK or j in dropped:
            continue
        if kinds[j] == FIGURES:
            return True
        text = _joined(lines[j])
        if kinds[j] != LABEL or _heading(text) or _note(text):
            return False
    return False


def _heading(text: str) -> bool:
    """Words in capitals ('RECONCILIATION OF GAAP AND NON-GAAP RESULTS'; an acronym alone is a label)."""
    return " " in text and text.upper() == text and any(ch.isalpha() for ch in text)


def _note(text: str) -> bool:
    """A line wholly in parentheses ('(All amounts in thousands, except for percentage)')."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for position, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return position == len(text) - 1
    return False


def _same_words(line: PlacedLine, other: PlacedLine) -> bool:
    """The same words at the same places, up to the shift of a page's grid (a new table under an
    identical header has its own column widths)."""
    mine, theirs = sorted(line.chunks, key=lambda c: c.x0), sorted(other.chunks, key=lambda c: c.x0)
    if len(mine) != len(theirs) or [c.text for c in mine] != [c.text for c in theirs]:
        return False
    shift, tolerance = mine[0].x0 - theirs[0].x0, RIGHT_EDGE_TOLERANCE * line.space
    return all(abs(a.x0 - b.x0 - shift) <= tolerance and abs(a.x1 - b.x1 - shift) <= tolerance
               for a, b in zip(mine, theirs))


def _period_line(line: PlacedLine) -> bool:
    return any(is_period_token(c.text) for c in line.chunks)


def _tables(region: list[int], lines: list[PlacedLine], kinds: list[str]) -> list[list[int]]:
    """A region split where a row of periods follows rows of figures: each table has its own columns."""
    tables, current, in_body = [], [], False
    for i in region:
        if kinds[i] in (HEADER, CELLS) and in_body and _period_line(lines[i]):
            tables.append(current)
            current, in_body = [], False
        current.append(i)
        in_body = in_body or kinds[i] == FIGURES
    tables.append(current)
    return [t for t in tables if any(kinds[i] == FIGURES for i in t)]


# ------------------------------------------------------------------------------------- one table


@dataclass
class _Document:
    """What ``align`` knows of all its lines, for each table."""

    lines: list[PlacedLine]
    kinds: list[str]
    first_number: int
    breaks: frozenset[int]  # indexes of lines that start a page
    margin: float  # where row labels start
    dropped: dict[int, str]  # index -> what was dropped and why


def _align_table(table: list[int], doc: _Document) -> dict[int, Line]:
    """One table's lines as rows with cells at their columns (by index), its consumed lines noted."""
    kinds = doc.kinds
    placed_lines = _onto_one_grid([i for i in table if kinds[i] != BLANK], doc.lines, kinds, doc.breaks)
    margin = _table_margin([placed_lines[i] for i in placed_lines if kinds[i] == FIGURES], doc.margin)
    rows = [_split_label(_Row(i, placed_lines[i], kinds[i]), margin) for i in table if kinds[i] != BLANK]
    placed = [r for r in rows if r.kind in (FIGURES, HEADER, CELLS)]
    for grid in _grids(placed):
        _place_cells(grid)
    consumed = _join_wrapped_labels(rows, _label_column(rows))
    consumed.update(_join_split_dates(placed))
    out: dict[int, Line] = {}
    for row in rows:
        if row.index in consumed:
            target = doc.first_number + consumed[row.index]
            doc.dropped[row.index] = (f"'{_joined(row.line)}' joined to line {target}: "
                                      "one label or header cell over two lines")
        elif row.kind in (FIGURES, HEADER, CELLS) or len(row.label_lines) > 1:
            out[row.index] = _emit(row, doc.first_number + row.index)
    return out


def _place_cells(rows: list[_Row]) -> None:
    """The rows of one grid: columns found, each chunk given its column."""
    columns = _figure_columns(rows)
    _merge_label_fragments(rows, columns)
    columns = _text_columns(rows, columns)
    for row in rows:
        _assign(row, columns)
    _assign_spans(rows, columns)


def _grids(rows: list[_Row]) -> list[list[_Row]]:
    """A table's rows split where its figures leave the columns so far for others (a table printed
    as two, one under the other, without a header between): each part's columns count from one,
    as the TAB text counts its cells."""
    grids: list[list[_Row]] = [[]]
    for row in rows:
        figures = [c for c in row.rest if _digits(c.text)]
        if len(figures) >= 2 and _off_grid(figures, grids[-1], row.space):
            grids.append([])
        grids[-1].append(row)
    return [g for g in grids if g]


def _off_grid(figures: list[Chunk], rows: list[_Row], space: float) -> bool:
    """Whether most of a row's figures end where no figure of the rows so far ends."""
    columns = _figure_columns(rows)
    if not columns:
        return False
    tolerance = RIGHT_EDGE_TOLERANCE * space
    matched = sum(1 for f in figures if any(abs(f.x1 - c.right) <= tolerance for c in columns))
    return matched * 2 < len(figures)


def _label_column(rows: list[_Row]) -> float | None:
    """Where the table's label column ends: the widest label line printed in it, from its header to
    its last row of figures (a title above the header, or the words introducing the next table
    below, run across the page; headings in capitals may run over the column)."""
    start = next((k for k, r in enumerate(rows) if r.kind in (HEADER, FIGURES, CELLS)), len(rows))
    end = max((k for k, r in enumerate(rows) if r.kind == FIGURES), default=-1)
    ends = [r.label[0].x1 for r in rows[start:end + 1]
            if r.label and r.kind in (FIGURES, LABEL) and r.label[0].text.upper() != r.label[0].text]
    return max(ends, default=None)


def _onto_one_grid(indexes: list[int], lines: list[PlacedLine], kinds: list[str],
                   breaks: frozenset[int]) -> dict[int, PlacedLine]:
    """A table's lines with each page's part moved onto the grid of the first part with figures.

    A text layout places each page on its own grid, so a table broken by a page may continue a few
    columns over: the shift that lands the most of that part's figure columns on the first part's
    (the smallest such shift on a tie; none when nothing better than staying put is found)."""
    parts: list[list[int]] = [[]]
    for i in indexes:
        if parts[-1] and any(parts[-1][-1] < b <= i for b in breaks):
            parts.append([])
        parts[-1].append(i)
    out = {i: lines[i] for i in indexes}
    if len(parts) == 1:
        return out
    edges = [_part_edges(part, lines, kinds) for part in parts]
    first = next((k for k, e in enumerate(edges) if e), 0)
    margin = _part_margin(parts[first], lines, kinds)
    for part, part_edges in zip(parts, edges):
        if part_edges:
            shift = _best_shift(part_edges, edges[first], lines[part[0]].space)
        else:  # a header alone at a page's foot: its page's labels tell the grid
            own = _part_margin(part, lines, kinds)
            shift = margin - own if margin is not None and own is not None else 0.0
        if shift:
            out.update({i: _shifted(lines[i], shift) for i in part})
    return out


def _part_margin(part: list[int], lines: list[PlacedLine], kinds: list[str]) -> float | None:
    """Where the labels of a table's part on one page start."""
    starts = [lines[i].chunks[0].x0 for i in part
              if kinds[i] in (LABEL, FIGURES) and not _figure(lines[i].chunks[0].text)]
    return min(starts, default=None)


def _table_margin(rows: list[PlacedLine], margin: float) -> float:
    """Where this table's labels start: its leftmost row label near the document's label margin
    (a page laid out on its own grid starts a little over)."""
    starts = [line.chunks[0].x0 for line in rows if len(line.chunks) > 1 and not _figure(line.chunks[0].text)
              and line.chunks[0].x0 <= margin + LABEL_INDENT * line.space]
    return min(starts, default=margin)


def _part_edges(part: list[int], lines: list[PlacedLine], kinds: list[str]) -> list[float]:
    rows = [_Row(i, lines[i], kinds[i], rest=[c for c in lines[i].chunks if _digits(c.text)]) for i in part]
    return [c.right for c in _figure_columns(rows)]


def _best_shift(edges: list[float], reference: list[float], space: float) -> float:
    tolerance = RIGHT_EDGE_TOLERANCE * space

    def matched(shift: float) -> int:
        return sum(1 for e in edges if any(abs(e + shift - r) <= tolerance for r in reference))

    candidates = sorted({r - e for e in edges for r in reference}, key=abs)
    best = max(candidates, key=matched, default=0.0)
    return best if matched(best) > matched(0.0) else 0.0


def _shifted(line: PlacedLine, shift: float) -> PlacedLine:
    chunks = tuple(replace(c, x0=c.x0 + shift, x1=c.x1 + shift) for c in line.chunks)
    return replace(line, chunks=chunks)


def _split_label(row: _Row, margin: float) -> _Row:
    """The label is the first chunk when it starts at the label margin: words within an indent of it;
    a figure ('99.1  Earnings release') or a header word ('Dec 31, 2024') only right at it, since
    those end at their column's edge or are centred over it (a span may reach out to the margin)."""
    chunks = sorted(row.line.chunks, key=lambda c: c.x0)
    first = chunks[0]
    figure = _figure(first.text)
    indent = (OVERLAP_SLACK if figure or _header(first.text) else LABEL_INDENT) * row.space
    if first.x0 <= margin + indent and (not figure or len(chunks) > 1):
        row.label, row.label_lines, row.rest = [first], [row.index], chunks[1:]
    else:
        row.rest = chunks
    return row


def _figure_columns(rows: list[_Row]) -> list[_Column]:
    """Value columns: clusters of the right edges of the figures (figures are right-aligned)."""
    figures = sorted((c for r in rows for c in r.rest if _digits(c.text)), key=lambda c: c.x1)
    columns: list[_Column] = []
    tolerance = RIGHT_EDGE_TOLERANCE * (rows[0].space if rows else 1.0)
    last = None
    for chunk in figures:
        if last is None or chunk.x1 - last > tolerance:
            columns.append(_Column(chunk.x0, chunk.x1))
        else:
            columns[-1].widen(chunk)
        last = chunk.x1
    return columns


def _merge_label_fragments(rows: list[_Row], columns: list[_Column]) -> None:
    """Words of a label printed with a wide gap inside it ('Less:   net loss ...') join the label."""
    zone = max((r.label[0].x1 for r in rows if r.label and r.kind == FIGURES), default=None)
    if not columns or zone is None:
        return
    first_left = min(c.left for c in columns)
    for row in rows:
        while row.label and row.rest and not _figure(row.rest[0].text) and not _header(row.rest[0].text) \
                and row.rest[0].x1 <= min(zone, first_left) + OVERLAP_SLACK * row.space:
            row.label.append(row.rest.pop(0))


def _overlap(chunk: Chunk, column: _Column, slack: float) -> float:
    return min(chunk.x1, column.right + slack) - max(chunk.x0, column.left - slack)


def _spanning(chunk: Chunk, columns: list[_Column], space: float) -> bool:
    """A span ('Three Months Ended'), or words over more than one column: placed by ``_solve_spans``."""
    if SPAN.search(chunk.text):
        return True
    return not _digits(chunk.text) and sum(1 for c in columns if _overlap(chunk, c, -OVERLAP_SLACK * space) > 0) > 1


def _slot(chunk: Chunk, columns: list[_Column], space: float) -> int | None:
    """The column (1-based) a chunk belongs to, or None right of them all.

    A figure by its right edge; other words by the column they overlap, else by the slot they sit
    in: cells are right-aligned, so a word belongs to the first column whose right edge it does not pass.
    """
    tolerance = RIGHT_EDGE_TOLERANCE * space
    if _digits(chunk.text):
        best = min(range(len(columns)), key=lambda k: abs(columns[k].right - chunk.x1))
        if abs(columns[best].right - chunk.x1) <= tolerance:
            return best + 1
    hits = [k for k, c in enumerate(columns) if _overlap(chunk, c, OVERLAP_SLACK * space) > 0]
    if len(hits) == 1:
        return hits[0] + 1
    if hits:
        centre = (chunk.x0 + chunk.x1) / 2
        return min(hits, key=lambda k: abs(columns[k].centre - centre)) + 1
    return next((k + 1 for k, c in enumerate(columns) if chunk.x1 <= c.right + tolerance), None)


def _text_columns(rows: list[_Row], columns: list[_Column]) -> list[_Column]:
    """The figure columns widened by the words over them, and the columns that hold no figure.

    A word belongs to a figure column when it overlaps it, or the words over it (a header centred
    over right-aligned figures), or sits in its slot (left of it, right of the column before) and
    the column has no words of its own; a word beside a column's own words ('Notes' over an empty
    notes column, left of the dates), right of every column, or sharing its column with a word of
    its line that fits it better, makes a column of its own."""
    wide = [_Column(c.left, c.right) for c in columns]
    worded: set[int] = set()  # columns with words of their own over them
    for row in rows:
        for chunk in row.rest:
            hits = [k for k, c in enumerate(wide) if _overlap(chunk, c, OVERLAP_SLACK * row.space) > 0]
            if len(hits) == 1 and not _digits(chunk.text) and not _spanning(chunk, columns, row.space):
                wide[hits[0]].widen(chunk)
                worded.add(hits[0] + 1)
    misfits: list[tuple[Chunk, float]] = []
    for row in rows:
        slots: dict[int, list[Chunk]] = {}
        for chunk in row.rest:
            if _spanning(chunk, columns, row.space):
                continue
            index = _slot(chunk, wide, row.space) if wide else None
            if index is None or (index in worded and _overlap(chunk, wide[index - 1], OVERLAP_SLACK * row.space) <= 0):
                misfits.append((chunk, row.space))
            else:
                slots.setdefault(index, []).append(chunk)
        for index, chunks in slots.items():
            if len(chunks) > 1:
                keeper = max(chunks, key=lambda c: (_digits(c.text), _overlap(c, columns[index - 1], 0), c.x1))
                misfits += [(c, row.space) for c in chunks if c is not keeper]
    extra: list[_Column] = []
    for chunk, space in sorted(misfits, key=lambda m: m[0].x0):
        hit = next((c for c in extra if _overlap(chunk, c, OVERLAP_SLACK * space) > 0), None)
        if hit is None:
            extra.append(_Column(chunk.x0, chunk.x1))
        else:
            hit.widen(chunk)
    return sorted([*wide, *extra], key=lambda c: c.right)


def _assign(row: _Row, columns: list[_Column]) -> None:
    """Each chunk to its column; spans wait for ``_assign_spans``, when the columns' widths are known."""
    if not columns:
        return
    for chunk in row.rest:
        if _spanning(chunk, columns, row.space):
            continue
        index = _slot(chunk, columns, row.space) or len(columns)
        row.cells.setdefault(index, []).append(chunk)
    _keep_order(row, len(columns))


def _by_overlap(chunk: Chunk, columns: list[_Column], space: float) -> int:
    """The column a word overlaps most; with no overlap, the one whose centre is nearest."""
    slack = OVERLAP_SLACK * space
    overlaps = [_overlap(chunk, c, slack) for c in columns]
    best = max(range(len(columns)), key=lambda k: overlaps[k])
    if overlaps[best] > 0:
        return best + 1
    centre = (chunk.x0 + chunk.x1) / 2
    return min(range(len(columns)), key=lambda k: abs(columns[k].centre - centre)) + 1


def _keep_order(row: _Row, count: int) -> None:
    """Two chunks in one column: the later moves right when that column is free (a row is read in order)."""
    for index in sorted(row.cells):
        chunks = row.cells[index]
        if len(chunks) > 1 and index < count and index + 1 not in row.cells:
            row.cells[index + 1] = [chunks.pop()]


def _assign_spans(rows: list[_Row], columns: list[_Column]) -> None:
    """Spans placed at the first column they cover, once the columns have their full widths."""
    if not columns:
        return
    for row in rows:  # the columns' widths as printed: every word placed in exactly one column
        for index, chunks in row.cells.items():
            for chunk in chunks:
                if not _digits(chunk.text):
                    columns[index - 1].widen(chunk)
    for row in rows:
        assigned = {id(c) for chunks in row.cells.values() for c in chunks}
        spans = [c for c in row.rest if id(c) not in assigned]
        if not spans:
            continue
        taken = frozenset(row.cells)
        starts = _solve_spans(tuple(spans), tuple((c.left, c.right) for c in columns), taken, row.space)
        for chunk, start in zip(spans, starts):
            row.cells.setdefault(start, []).append(chunk)
        for chunks in row.cells.values():
            chunks.sort(key=lambda c: c.x0)




def _solve_spans(spans: tuple[Chunk, ...], columns: tuple[tuple[float, float], ...], taken: frozenset[int],
                 space: float) -> list[int]:
    """The first column of each span: ranges of free columns, in order, that the spans of the line
    are all centred over (or all start in the gap before, or all end at); the ranges that fit most
    spans and cover most columns win, since a span covers its columns up to the next span."""
    results = [(_spans_in_mode(spans, columns, taken, space, mode), -rank) for rank, mode in enumerate(SPAN_MODES)]
    (score, starts), _ = max(results, key=lambda r: (r[0][0], r[1]))
    if len(starts) < len(spans):  # no room left in order: each span over the column nearest its centre
        cols = [_Column(left, right) for left, right in columns]
        return [_by_overlap(s, cols, space) for s in spans]
    return list(starts)


def _spans_in_mode(spans: tuple[Chunk, ...], columns: tuple[tuple[float, float], ...], taken: frozenset[int],
                   space: float, mode: str) -> tuple[tuple[int, int, float], tuple[int, ...]]:
    """The best ranges for the spans aligned one way: (spans that fit, columns covered, -misfit), starts."""
    count = len(columns)
    tolerance = SPAN_TOLERANCE * space

    def cost(chunk: Chunk, a: int, b: int) -> float:
        left, right = columns[a - 1][0], columns[b - 1][1]
        if mode == "centre":
            return abs((chunk.x0 + chunk.x1) / 2 - (left + right) / 2)
        if mode == "box":  # a box runs from the column before's right edge (the first: one pitch back)
            pitch = columns[1][1] - columns[0][1] if count > 1 else columns[0][1] - columns[0][0]
            box_left = columns[a - 2][1] if a > 1 else columns[0][1] - pitch
            return abs((chunk.x0 + chunk.x1) / 2 - (box_left + right) / 2)
        if mode == "left":  # starts in the gap before column a (its padding is not printed)
            gap_start = columns[a - 2][1] if a > 1 else float("-inf")
            return 0.0 if gap_start < chunk.x0 <= left + tolerance else abs(chunk.x0 - left)
        gap_end = columns[b][0] if b < count else float("inf")
        return 0.0 if right - tolerance <= chunk.x1 < gap_end else abs(chunk.x1 - right)

    @lru_cache(maxsize=None)
    def best(i: int, start: int) -> tuple[tuple[int, int, float], tuple[int, ...]]:
        if i == len(spans):
            return (0, 0, 0.0), ()
        options = []
        for a in range(start, count + 1):
            for b in range(a, count + 1):
                if b in taken:
                    break
                c = cost(spans[i], a, b)
                fits = c <= tolerance
                (n, width, total), rest = best(i + 1, b + 1)
                options.append(((n + fits, width + (b - a + 1 if fits else 0), total - c), (a, *rest)))
        return max(options, key=lambda o: o[0]) if options else ((0, 0, 0.0), ())

    return best(0, 1)


# ------------------------------------------------------------------------------------- wrapped labels


def _join_wrapped_labels(rows: list[_Row], width: float | None) -> dict[int, int]:
    """Labels printed over two or more lines, joined into the row that holds the figures.

    A chain of label-only lines is joined when it ends in the row of figures it labels, or when its
    words say it continues ('Other comprehensive income, net of tax' / 'of nil:'); the text above a
    table's header (its title) is never a row label. ``width`` is where the document's row
    labels end at the widest. Returns the lines consumed (index -> index of the row they joined)."""
    consumed: dict[int, int] = {}
    _join_trailing_parts(rows, consumed)
    position = next((k for k, r in enumerate(rows) if r.kind in (HEADER, FIGURES, CELLS)), len(rows))
    while position < len(rows):
        if rows[position].index in consumed:
            position += 1
            continue
        chain = _chain(rows, position, width, consumed)
        last = chain[-1]
        if len(chain) > 1:
            for part in chain[:-1]:
                consumed[part.index] = last.index
            last.label[:0] = [c for part in chain[:-1] for c in part.label]
            last.label_lines[:0] = [n for part in chain[:-1] for n in part.label_lines]
            position += len(chain)
        else:
            position += 1
    return consumed


def _chain(rows: list[_Row], position: int, width: float | None, consumed: dict[int, int]) -> list[_Row]:
    """The label-only line at ``position`` and the adjacent lines that continue its label."""
    chain = [rows[position]]
    following = rows[position + 1] if position + 1 < len(rows) else None
    if not _label_only(chain[0]) and not _ends_at_a_number(chain[0], following):
        return chain
    for row in rows[position + 1:]:
        joined = _Row(chain[-1].index, chain[0].line, LABEL, label=[c for part in chain for c in part.label])
        if row.index != chain[-1].index + 1 or not row.label or row.index in consumed \
                or not _continues(joined, row, width, strict=_back_at_first_indent(chain, row)):
            break
        chain.append(row)
        if not _label_only(row):
            break
    if _label_only(chain[-1]):  # no row of figures ends it: only parts that say so in their words join
        strict = 1
        while strict < len(chain) and _continues(_Row(0, chain[0].line, LABEL, label=chain[strict - 1].label),
                                                 chain[strict], None, strict=True):
            strict += 1
        return chain[:strict]
    return chain


def _ends_at_a_number(row: _Row, following: _Row | None) -> bool:
    """A label-only line ending at a number ('Between 4 months and 6') wrapped before the words
    that finish it: the next line goes on in lower case ('months'). Without those words it may be
    a row with its figure set a single space after the label, so it is not the first part of a label."""
    return row.kind == LABEL and bool(row.label) and not row.rest and not _spaced_row(row.label_text) \
        and following is not None and following.index == row.index + 1 and bool(following.label) \
        and _lower(following.label_text)


def _back_at_first_indent(chain: list[_Row], row: _Row) -> bool:
    """A label whose continuation hangs is followed by a line back at its first part's indent: the
    typesetter's hanging indent marks continuations, so that line starts a new label unless its
    words say otherwise (a label that fills its column is no longer evidence)."""
    return len(chain) > 1 and _hangs(chain[0], chain[1]) and not _hangs(chain[0], row)


def _join_trailing_parts(rows: list[_Row], consumed: dict[int, int]) -> None:
    """Figures on a label's first line, the rest of the label below them (hanging or lower-case)."""
    for position, row in enumerate(rows):
        if row.index in consumed or not row.label or row.kind != FIGURES:
            continue
        last = position
        while last + 1 < len(rows) and _trailing(rows, row, last + 1, consumed):
            part = rows[last + 1]
            row.label.extend(part.label)
            row.label_lines.extend(part.label_lines)
            consumed[part.index] = row.index
            last += 1


def _trailing(rows: list[_Row], row: _Row, position: int, consumed: dict[int, int]) -> bool:
    """Whether the line at ``position`` ends ``row``'s label (not the first part of the next one's)."""
    part = rows[position]
    if part.index != rows[position - 1].index + 1 or part.index in consumed or not _label_only(part):
        return False
    after = rows[position + 1] if position + 1 < len(rows) else None
    starts_next = after is not None and after.index == part.index + 1 and bool(after.label) and _hangs(part, after)
    return _trails(row, part) and not starts_next


def _label_only(row: _Row) -> bool:
    """A line printing only a label (not a row of figures separated by single spaces)."""
    return row.kind == LABEL and bool(row.label) and not row.rest and not _spaced_row(row.label_text) \
        and not _digits(row.label_text.split()[-1])


def _hangs(first: _Row, second: _Row) -> bool:
    """``second``'s label starts at least a hanging indent right of ``first``'s."""
    return second.label[0].x0 - first.label[0].x0 >= (HANGING_INDENT - MEASURING_ERROR) * first.space


def _continues(first: _Row, second: _Row, width: float | None, strict: bool = False) -> bool:
    """Whether ``second``'s label continues the label-only ``first`` (a label wrapped by the typesetter).

    By its words: a lower-case continuation, or a first part ending in a joining word; by its
    layout: a hanging indent, or a first part that the continuation's first word would have pushed
    past the label column. ``strict`` takes the words only. A heading in capitals or a section
    ('Current assets:') is never the first part of a row's label."""
    text, rest = first.label_text, second.label_text
    if text.endswith(":") or not rest or (text.upper() == text and rest.upper() != rest):
        return False
    last_word = text.split()[-1].lower()
    if _lower(rest) or last_word in JOINING_WORDS or text.endswith(JOINING_ENDS) or text.count("(") > text.count(")"):
        return True
    if strict:
        return False
    if _hangs(first, second):
        return True
    if width is None:
        return False
    start = second.label[0]
    word = (start.x1 - start.x0) * len(start.text.split()[0]) / len(start.text)  # its width, as printed
    end = first.label[-1].x1
    slack = OVERLAP_SLACK * first.space
    return end <= width + slack and end + first.space + word > width + slack


def _trails(row: _Row, nxt: _Row) -> bool:
    """A label-only line under a row of figures that ends that row's label (hanging or lower-case);
    a heading in capitals (words, not an acronym) under a row in mixed case is no part of its label."""
    text = nxt.label_text
    capitals = " " in text and text.upper() == text and row.label_text.upper() != row.label_text  # not 'EBITDA'
    return not text.endswith(":") and not capitals and (_lower(text) or _hangs(row, nxt))


def _lower(text: str) -> bool:
    """Starts with a lower-case word ('(allocated in ...' too): the middle of a sentence-like label."""
    letter = next((ch for ch in text if ch.isalpha()), "")
    return letter.islower() and not text[0].isdigit()


def _join_split_dates(rows: list[_Row]) -> dict[int, int]:
    """Dates printed over two header lines ('Sep 30,' over '2024'), column by column, as one cell each."""
    consumed: dict[int, int] = {}
    for upper, lower in zip(rows, rows[1:]):
        if upper.kind != HEADER or lower.kind != HEADER or upper.label or lower.index != upper.index + 1 \
                or not upper.cells or set(upper.cells) != {k for k, cs in lower.cells.items()
                                                          if any(YEAR.match(c.text) for c in cs)}:
            continue
        if all(len(cs) == 1 and MONTH_DAY.match(cs[0].text) and not SPAN.search(cs[0].text)
               for cs in upper.cells.values()):
            for index, chunks in upper.cells.items():
                lower.cells[index] = [*chunks, *lower.cells[index]]
            consumed[upper.index] = lower.index
    return consumed


# ------------------------------------------------------------------------------------- output


def _emit(row: _Row, number: int) -> Line:
    last = max(row.cells, default=0)
    label = SourceCell(row.label_text, _where_of(row.label, row.line.where)) if row.label else SourceCell("", None)
    cells = [label]
    for position in range(1, last + 1):
        chunks = row.cells.get(position, [])
        where = _where_of(chunks, row.line.where) if chunks else None
        cells.append(SourceCell(" ".join(c.text for c in chunks), where))
    return row_line(number, cells, row.line.where)


def _where_of(chunks: list[Chunk], where: Where) -> Where:
    boxes = [c.box for c in chunks if c.box is not None]
    if not boxes:
        return where
    box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    return replace(where, box=box)


# ------------------------------------------------------------------------------------- text


def placed_text(text: str, where: Where) -> PlacedLine:
    """A line of text as chunks at their character columns (two or more spaces separate chunks)."""
    chunks = (Chunk(float(m.start()), float(m.end()), m.group()) for m in _CHUNKS.finditer(text))
    return PlacedLine(tuple(chunks), where)


def read_text(data: bytes, path: str, name: str) -> SourceDocument:
    """TAB text as it is; each run of lines without TABs through ``align`` (space-aligned tables).

    The form is 'aligned-text' when ``align`` found a table in the runs, 'text' otherwise."""
    out: list[Line] = []
    run: list[Line] = []
    remarks: list[tuple[int, str]] = []
    for line in [*decode(data, path), None]:
        if line is None or "\t" in line.text:
            out += _aligned_run(run, remarks)
            run = []
            if line is not None:
                out.append(line)
        else:
            run.append(line)
    aligned = any(line.cells is not None and len(line.cells) > 1 for line in out)
    dropped = [Dropped(Where(line=n), out[n - 1].raw, kind) for n, why in remarks if (kind := _furniture(why))]
    return SourceDocument(path=path, name=name, form="aligned-text" if aligned else "text", lines=out, dropped=dropped)


def _furniture(remark: str) -> str | None:
    """The kind of page furniture a remark of ``align`` reports; None for a line joined to another."""
    if remark.startswith("page number"):
        return "page number"
    if remark.startswith("column header repeated"):
        return "repeated column header"
    return None


def _aligned_run(run: list[Line], remarks: list[tuple[int, str]]) -> list[Line]:
    """Lines without TABs through ``align``; a form feed (``\\f``) starts a page.

    A line that stays prose keeps the text the TAB reader has always seen (leading space and all)
    unless its runs of spaces or a form feed need the placed reading."""
    if not run:
        return []
    placed = [placed_text(line.text.replace("\f", ""), line.where or Where(line=line.number)) for line in run]
    starts = frozenset(k for k, line in enumerate(run) if "\f" in line.raw)
    made = align(placed, run[0].number, starts, remarks)
    return [original if line.cells is None and line.text and "\f" not in original.raw and "  " not in original.text
            else line for original, line in zip(run, made)]
