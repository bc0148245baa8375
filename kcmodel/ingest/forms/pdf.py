"""PDF: every character's box from PDFium, read back into lines in reading order.

PDFium (through pypdfium2) is Chrome's own PDF engine in C: it opens what browsers and filing
agents print, it is fast enough to read five announcements in well under two seconds, and it gives
each character's box, which is all a printed table leaves behind. A PDF has no words, lines, cells
or paragraphs; they are found again here from geometry alone:

1. glyphs (whitespace skipped: spaces are found from gaps) in content order become *words*;
2. words on one baseline become a printed *line*; its words no wider apart than a word space
   (measured from the document, scaled by each line's font size) become *chunks*;
3. page furniture (running headers and footers repeated on most pages, page numbers, '(Continued)'
   notes) is removed and recorded;
4. a column header that a table repeats at the top of the page it continues on is dropped, so the
   table reader sees one table;
5. a band of a page set in two columns is read left column first;
6. the lines of a paragraph that wrapped are joined (wrapped table labels are ``align``'s);
7. ``align`` turns the placed lines into table rows (cells at their columns) and prose.

Every line and cell keeps its page, its line on the page (counted top to bottom in reading order,
furniture included) and its box in points from the page's top-left corner.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from kcmodel.errors import KcError
from kcmodel.ingest.forms.aligned import Chunk, PlacedLine, align
from kcmodel.ingest.source import Box, SourceDocument, Where

# --- thresholds, in units of a line's font size (the height of its characters' loose boxes) ----------
GLYPH_GAP = 0.12  # wider than this between two glyphs of a run is a word break (letters touch or kern)
DEFAULT_SPACE = 0.27  # a word space when the document shows none to measure (DejaVu/Times: 0.25-0.3)
SPACE_RANGE = (0.12, 0.6)  # gaps measured as word spaces lie here; wider ones are columns
CHUNK_SPACES = 2.0  # a gap of more than two word spaces separates chunks (justified text stretches less)
SAME_LINE = 0.35  # words whose vertical centres differ by less than this sit on one line
SMALL_FONT = 0.8  # a run this much smaller than its neighbour (a superscript) belongs to its line
# --- page furniture -------------------------------------------------------------------------------
EDGE_LINES = 3  # running headers and footers are among the first or last lines of a page
EDGE_BAND = 0.15  # ... and lie in the top or bottom 15% of the page
FURNITURE_GAP = 1.2  # font sizes of white space between furniture and the body (a paragraph gap is ~0.6)
PAGE_NUMBERS = 2  # numbers a running header or footer may change from page to page ('Page 3 of 20')
REPEATED_SHARE = 0.5  # a line printed at the edge of at least half the pages (and two) is furniture
# --- tables continued across pages ----------------------------------------------------------------
SAME_PLACE = 1.5  # points: a repeated header prints its cells where they were (allowing rounding)
HEADER_LINES = 6  # a column header is at most this many lines
TABLE_WORDS = 12  # a single chunk with more words than this is prose, not a table's label line
# --- two-column bands -----------------------------------------------------------------------------
GUTTER_ZONE = (0.3, 0.7)  # a gutter between two columns lies in the middle of the text width
MIN_GUTTER = 1.0  # font sizes: narrower white space is a word gap, not a gutter
EQUAL_COLUMNS = 0.12  # the two columns' widths differ by at most this share of the text width
COLUMN_LINES = 2  # lines each column needs before a band counts as two columns on its own
ALIGNED = 1.0  # points: lines of one column start at one x (prose is left-aligned)
# --- paragraphs -----------------------------------------------------------------------------------
INDENT = 1.5  # font sizes: a continuation line starts at its column's left edge, within this
LEADING = 0.45  # font sizes of white space between two lines of one paragraph, at most
PARAGRAPH_GAP = 1.0  # font sizes of white space between two paragraphs of a column, at most
FIT_SLACK = 0.5  # points: rounding when deciding whether the next word would have fitted

_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—(\[]?\s*(?P<n>\d{1,4}|[ivxlc]{1,7})\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_DECORATED = re.compile(r"[-–—()\[\]]|page|of|/", re.I)
_CONTINUED = re.compile(r"^[(\[]?\s*(?:continued|cont(?:'d|inued)?\.?|continued (?:on|from) (?:the )?(?:next|previous) "
                        r"page|to be continued)\s*[)\]]?\.?$", re.I)
_TITLE_CONTINUED = re.compile(r"^(?P<title>.+?)\s*[-–—,]?\s*[(\[]\s*continued\s*[)\]]\.?$", re.I)
_LINE_END_HYPHEN = str.maketrans({"\x02": "-", "\ufffe": "-"})  # PDFium's mark for a hyphen that ends a line
_RUN = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\ufeff\uffff]+")  # glyphs between spaces, line ends and controls
_AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})+|\(\s*\d|\d\.\d")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)]?$")
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:No|Inc|Ltd|Co|Mr|Ms|Mrs|Dr|vs|etc|approx)\.)$")  # 'U.S.'
_LETTERS = re.compile(r"[^\W\d_]{2,}")


@dataclass
class Word:
    """Glyphs printed together, with their loose box (points, from the page's top-left)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def size(self) -> float:
        return self.bottom - self.top

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Printed:
    """A printed line of a page (or one column's part of it) and what reading it has found."""

    page: int
    words: list[Word]
    chunks: list[list[Word]] = field(default_factory=list)
    number: int = 0  # the line on its page, top to bottom in reading order
    left: float = 0.0  # the edges of the column the line is set in
    right: float = 0.0
    starts_column: bool = False  # the first line of a page's body or of a column

    @cached_property
    def size(self) -> float:
        """The median height of the line's words (read once its words are all known)."""
        sizes = sorted(w.size for w in self.words)
        return sizes[len(sizes) // 2]

    @cached_property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @cached_property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(_chunk_text(c) for c in self.chunks)


@dataclass(frozen=True)
class Furniture:
    """A line taken out of the reading: page furniture or a repeated column header."""

    page: int
    line: int  # the line on its page
    text: str
    why: str  # 'page number', 'running header', 'running footer', 'continued', 'repeated column header'


@dataclass
class PdfLayout:
    """What reading a PDF's geometry found: the placed lines in reading order and what was removed."""

    lines: list[PlacedLine]
    removed: list[Furniture]
    pages: int
    two_column_pages: list[int]


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[Printed]  # the body, once furniture is out
    above: list[tuple[Printed, str]] = field(default_factory=list)  # furniture above the body, and why
    below: list[tuple[Printed, str]] = field(default_factory=list)


# ------------------------------------------------------------------------------------ entry points


def read_pdf(data: bytes, path: str, name: str) -> SourceDocument:
    """The announcement a PDF prints, as lines in reading order (form 'pdf')."""
    layout = read_layout(data, path)
    return SourceDocument(path=path, name=name, form="pdf", lines=align(layout.lines))


def read_layout(data: bytes, path: str) -> PdfLayout:
    """The PDF's placed lines in reading order, with furniture and repeated headers removed."""
    pages = _read_pages(data, path)
    if not pages:
        raise KcError("the PDF has no pages", file=path)
    if not any(page.lines for page in pages):
        raise KcError("no text layer (a scanned PDF?)", file=path)
    space = _space_ratio(pages)
    for page in pages:
        for line in page.lines:
            line.chunks = _chunks(line.words, space)
    _find_furniture(pages)
    two_columns = _reading_order(pages)
    removed = _number(pages)
    removed += _drop_repeated_headers(pages)
    body = [line for page in pages for line in page.lines]
    placed = [_placed(parts, space) for parts in _paragraphs(body, space)]
    return PdfLayout(lines=placed, removed=removed, pages=len(pages), two_column_pages=two_columns)


# ------------------------------------------------------------------------------------ PDFium


def _read_pages(data: bytes, path: str) -> list[_Page]:
    """Each page's printed lines; KcError for what PDFium cannot open."""
    import pypdfium2 as pdfium

    if b"%%EOF" not in data[-2048:]:
        raise KcError("truncated PDF (no end-of-file marker: an incomplete download?)", file=path)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise KcError(_open_error(exc), file=path) from None
    try:
        return [_read_page(pdf, index, path) for index in range(len(pdf))]
    finally:
        pdf.close()


def _open_error(exc: Exception) -> str:
    code = getattr(exc, "err_code", None)
    if code in (4, 5):  # FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
        return "encrypted PDF (it needs a password or a security handler kcmodel does not have)"
    return "not a readable PDF (corrupt or truncated)"


def _read_page(pdf, index: int, path: str) -> _Page:
    import pypdfium2 as pdfium

    try:
        page = pdf[index]
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                words = _words(textpage, height)
            finally:
                textpage.close()
        finally:
            page.close()
    except pdfium.PdfiumError:
        raise KcError(f"page {index + 1} cannot be read (a corrupt PDF?)", file=path) from None
    return _Page(number=index + 1, width=width, height=height, lines=_lines(index + 1, words))


def _words(textpage, height: float) -> list[Word]:
    """The page's words: runs of glyphs between the spaces and line ends PDFium reports (it marks
    each gap wider than a letter's as a space), each checked against its glyphs' boxes.

    The hot loop of the reader, one PDFium call per box: a run's first and last glyphs are enough
    when they sit on one line in order; otherwise every glyph is measured and the run split where
    glyphs stand apart."""
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    text = textpage.get_text_range(0, count) if count > 0 else ""
    if len(text) != count:  # characters beyond the BMP take two UTF-16 units: ask one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    text = text.translate(_LINE_END_HYPHEN)
    loose_box, rect = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FS_RECTF()

    def box(index: int) -> tuple[float, float, float, float]:
        loose_box(raw, index, rect)
        return rect.left, height - rect.top, rect.right, height - rect.bottom

    words: list[Word] = []
    for run in _RUN.finditer(text):
        start, end = run.span()
        first = box(start)
        x0, top, _, bottom = first
        _, top2, x1, bottom2 = box(end - 1) if end - start > 1 else first
        size = bottom - top
        if size > 0 and x1 >= x0 and abs(top2 + bottom2 - top - bottom) <= 2 * SAME_LINE * size:
            words.append(Word(run.group(), x0, min(top, top2), x1, max(bottom, bottom2)))
        else:
            words += _glyph_words(text, start, end, box)
    return words


def _glyph_words(text: str, start: int, end: int, box) -> list[Word]:
    """A run measured glyph by glyph: split where a glyph stands apart from the one before."""
    words: list[Word] = []
    for index in range(start, end):
        x0, top, x1, bottom = box(index)
        size = bottom - top
        if size <= 0:
            continue
        last = words[-1] if words else None
        if last is not None and abs(x0 - last.x1) <= GLYPH_GAP * size and abs(top + bottom - last.top - last.bottom) <= 2 * SAME_LINE * size:
            last.text += text[index]
            last.x1, last.top, last.bottom = max(last.x1, x1), min(last.top, top), max(last.bottom, bottom)
        else:
            words.append(Word(text[index], x0, top, x1, bottom))
    return words


# ------------------------------------------------------------------------------------ lines, chunks


def _lines(page: int, words: list[Word]) -> list[Printed]:
    """Words on one baseline as a line, top to bottom; a superscript joins the line it sits on."""
    lines: list[Printed] = []
    for word in sorted(words, key=lambda w: (round(w.mid, 1), w.x0)):
        if lines and abs(word.mid - _mid(lines[-1])) <= SAME_LINE * max(word.size, lines[-1].words[0].size):
            lines[-1].words.append(word)
        else:
            lines.append(Printed(page=page, words=[word]))
    lines = _attach_small(lines)
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _mid(line: Printed) -> float:
    return line.words[0].mid


def _attach_small(lines: list[Printed]) -> list[Printed]:
    """A line of smaller glyphs inside a neighbour's height (a raised or lowered mark) is part of it."""
    out: list[Printed] = []
    for line in lines:
        host = next((o for o in out[-1:] if line.size < SMALL_FONT * o.size and line.top >= o.top - line.size / 2
                     and line.bottom <= o.bottom + line.size / 2), None)
        if host is not None:
            host.words.extend(line.words)
            for measure in ("size", "x0", "x1", "top", "bottom"):  # measured again from all its words
                host.__dict__.pop(measure, None)
        else:
            out.append(line)
    return out


def _space_ratio(pages: list[_Page]) -> float:
    """The document's word space in font sizes: the commonest gap between the words of a line."""
    gaps: Counter[int] = Counter()
    low, high = SPACE_RANGE
    for page in pages:
        for line in page.lines:
            ordered = sorted(line.words, key=lambda w: w.x0)
            for before, after in zip(ordered, ordered[1:]):
                ratio = (after.x0 - before.x1) / max(line.size, 0.1)
                if low <= ratio <= high:
                    gaps[round(ratio * 50)] += 1
    if not gaps:
        return DEFAULT_SPACE
    return gaps.most_common(1)[0][0] / 50


def _chunks(words: list[Word], space: float) -> list[list[Word]]:
    """Words no wider apart than ``CHUNK_SPACES`` word spaces, left to right."""
    chunks: list[list[Word]] = []
    for word in words:
        if chunks and word.x0 - chunks[-1][-1].x1 <= CHUNK_SPACES * space * max(word.size, chunks[-1][-1].size):
            chunks[-1].append(word)
        else:
            chunks.append([word])
    return chunks


def _chunk_text(words: list[Word]) -> str:
    out = words[0].text
    for before, after in zip(words, words[1:]):
        out += (" " if after.x0 - before.x1 > GLYPH_GAP * after.size else "") + after.text
    return out


def _box(words: list[Word]) -> Box:
    return (_point(min(w.x0 for w in words)), _point(min(w.top for w in words)),
            _point(max(w.x1 for w in words)), _point(max(w.bottom for w in words)))


def _point(value: float) -> Decimal:
    return Decimal(str(round(value, 1)))


# ------------------------------------------------------------------------------------ furniture


def _normal(text: str) -> str:
    """A line's text as repeated on every page: a page number (or two: 'Page 3 of 20') may change,
    so up to two numbers stand for any; a line with more numbers (a table row) must repeat exactly."""
    flat = " ".join(text.lower().split())
    return re.sub(r"\d+", "#", flat) if len(re.findall(r"\d+", flat)) <= PAGE_NUMBERS else flat


def _edges(page: _Page) -> list[tuple[Printed, str]]:
    """The lines that may be furniture, with the edge they are at: the first (last) few lines of a
    page, in its top (bottom) band, set off from the body by white space (a table's header
    repeated at the top of a page runs straight into its rows, and is not furniture)."""
    return _edge(page, page.lines, "header") + _edge(page, page.lines[::-1], "footer")


def _edge(page: _Page, lines: list[Printed], edge: str) -> list[tuple[Printed, str]]:
    inside = (lambda line: line.bottom <= EDGE_BAND * page.height) if edge == "header" else \
        (lambda line: line.top >= (1 - EDGE_BAND) * page.height)
    for count in range(1, min(EDGE_LINES, len(lines) - 1) + 1):
        block, after = lines[:count], lines[count]
        gap = after.top - block[-1].bottom if edge == "header" else block[-1].top - after.bottom
        if not all(inside(line) for line in block):
            return []
        if gap >= FURNITURE_GAP * max(line.size for line in block):
            return [(line, edge) for line in block]
    if len(lines) <= EDGE_LINES and all(inside(line) for line in lines):
        return [(line, edge) for line in lines]
    return []


def _find_furniture(pages: list[_Page]) -> None:
    """Running headers and footers, page numbers and '(Continued)' notes: taken out of each page's
    body into its ``above`` and ``below`` lists, with the reason."""
    counts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        counts.update({(_normal(line.text), edge) for line, edge in _edges(page)})
    needed = max(2, REPEATED_SHARE * len(pages))
    numbers = _page_number_lines(pages)
    for page in pages:
        why: dict[int, str] = {}
        for line, edge in _edges(page):
            if id(line) in numbers:
                why[id(line)] = "page number"
            elif len(pages) > 1 and counts[(_normal(line.text), edge)] >= needed:
                why[id(line)] = f"running {edge}"
        body = [line for line in page.lines if id(line) not in why]
        for line in body[:EDGE_LINES] + body[-EDGE_LINES:]:
            if _CONTINUED.match(line.text.strip()):
                why[id(line)] = "continued"
        first_body = next((line for line in page.lines if id(line) not in why), None)
        for line in page.lines:
            if id(line) in why:
                above = first_body is None or line.top < first_body.top
                (page.above if above else page.below).append((line, why[id(line)]))
        page.lines = [line for line in page.lines if id(line) not in why]


def _page_number_lines(pages: list[_Page]) -> set[int]:
    """Lines at a page's edge that print its number: decorated ('- 3 -', 'Page 3 of 20'), or a bare
    number that runs with the pages (a lone '2024' on one page is a table's year, not a number)."""
    found: set[int] = set()
    bare: list[tuple[Printed, int]] = []
    for page in pages:
        for line, _ in _edges(page):
            text = line.text.strip()
            match = _PAGE_NUMBER.match(text)
            if match is None or len(line.chunks) > 1:
                continue
            if _DECORATED.search(text):
                found.add(id(line))
            elif match["n"].isdigit():
                bare.append((line, int(match["n"]) - page.number))
    offsets = Counter(offset for _, offset in bare)
    if offsets:
        offset, seen = offsets.most_common(1)[0]
        if seen >= 2 or len(pages) == 1:
            found |= {id(line) for line, o in bare if o == offset}
    return found


def _number(pages: list[_Page]) -> list[Furniture]:
    """Number each page's lines as a person counts them, furniture included (what is above the body
    first, the body in reading order, what is below it last); the furniture as removed lines."""
    removed: list[Furniture] = []
    for page in pages:
        number = 0
        for group in (page.above, [(line, "") for line in page.lines], page.below):
            for line, why in group:
                number += 1
                line.number = number
                if why:
                    removed.append(Furniture(page.number, number, line.text, why))
    return removed


# ------------------------------------------------------------------------------------ reading order

Columns = tuple[float, float, float]  # left column's x0, right column's x0, right column's right edge


def _reading_order(pages: list[_Page]) -> list[int]:
    """Each page's lines in reading order (two-column bands left column first), each line knowing the
    column it is set in; the pages that have a two-column band. A gutter found with confidence on one
    page is trusted on the others of the same size, where a band may be as short as a line a side."""
    edges: dict[int, tuple[float, float]] = {}
    for page in pages:
        if page.lines:
            lo, hi = _text_width(page.lines)
            seen = edges.get(round(page.width), (lo, hi))
            edges[round(page.width)] = (min(seen[0], lo), max(seen[1], hi))
    known: dict[int, Columns] = {}
    for page in pages:
        for kind, _, columns in _bands(page, None):
            if kind == "columns":
                known.setdefault(round(page.width), columns)
    two_columns = []
    for page in pages:
        bands = _bands(page, known.get(round(page.width)))
        page.lines = _order(bands, edges.get(round(page.width), (0.0, page.width)))
        if any(kind == "columns" for kind, _, _ in bands):
            two_columns.append(page.number)
    return two_columns


def _text_width(lines: list[Printed]) -> tuple[float, float]:
    return min(line.x0 for line in lines), max(line.x1 for line in lines)


def _bands(page: _Page, gutter: Columns | None) -> list[tuple[str, list[Printed], Columns | None]]:
    """The page's lines as bands: ('line', [line], None) or ('columns', lines, columns)."""
    if not page.lines:
        return []
    left, right = _text_width(page.lines)
    zone = (left + GUTTER_ZONE[0] * (right - left), left + GUTTER_ZONE[1] * (right - left))
    bands: list[tuple[str, list[Printed], Columns | None]] = []
    index = 0
    while index < len(page.lines):
        start, end, columns = _band_at(page.lines, index, zone, gutter)
        bands += [("line", [line], None) for line in page.lines[index:start]]
        if columns is None:
            bands.append(("line", [page.lines[start]], None))
            index = start + 1
        else:
            bands.append(("columns", page.lines[start:end], columns))
            index = end
    return bands


def _band_at(lines: list[Printed], start: int, zone: tuple[float, float],
             gutter: Columns | None) -> tuple[int, int, Columns | None]:
    """The two-column band that begins at or just after ``start``: (first, end, columns), or
    (start, start, None). The run is the longest one of prose-like lines from ``start`` that share
    white space down the middle of the page."""
    free = [zone]
    end = start
    while end < len(lines) and _prose_parts(lines[end]):
        narrowed = _subtract(free, lines[end])
        if not any(b - a >= MIN_GUTTER * lines[end].size for a, b in narrowed):
            break
        free, end = narrowed, end + 1
    if end - start >= (1 if gutter is not None else 2):
        for a, b in sorted(free, key=lambda gap: gap[0] - gap[1]):  # the widest gap first
            columns = _columns(lines[start:end], a, b, gutter)
            if columns is not None:
                first, last = _trim(lines, start, end, columns)
                if last > first:
                    return first, last, columns
    return start, start, None


def _prose_parts(line: Printed) -> bool:
    """At most two chunks, words in one of them when two (a table row has more cells, or figures
    only; a column's last line may be a lone '2025.')."""
    return len(line.chunks) == 1 or (len(line.chunks) == 2 and any(_LETTERS.search(_chunk_text(c)) for c in line.chunks))


def _subtract(free: list[tuple[float, float]], line: Printed) -> list[tuple[float, float]]:
    pieces = list(free)
    for chunk in line.chunks:
        x0, x1 = chunk[0].x0, chunk[-1].x1
        pieces = [p for lo, hi in pieces for p in ((lo, min(hi, x0)), (max(lo, x1), hi)) if p[1] > p[0]]
    return pieces


def _sides(lines: list[Printed], split: float) -> tuple[list[list[Word]], list[list[Word]]]:
    lefts = [c for line in lines for c in line.chunks if c[0].x0 < split]
    rights = [c for line in lines for c in line.chunks if c[0].x0 >= split]
    return lefts, rights


def _columns(run: list[Printed], a: float, b: float, gutter: Columns | None) -> Columns | None:
    """The columns when the run reads as two, split by the white space a..b: both sides start
    their lines at one x (prose is left-aligned) and are about as wide as each other; a side may
    have a single line where the page's size has shown this gutter before."""
    lefts, rights = _sides(run, b - 0.01)
    if not lefts or not rights or any(c[-1].x1 > a + 0.01 for c in lefts):
        return None
    left_x0, right_x0 = min(c[0].x0 for c in lefts), min(c[0].x0 for c in rights)
    left_aligned = sum(abs(c[0].x0 - left_x0) <= ALIGNED for c in lefts)
    right_aligned = sum(abs(c[0].x0 - right_x0) <= ALIGNED for c in rights)
    if gutter is not None and abs(left_x0 - gutter[0]) <= ALIGNED and abs(right_x0 - gutter[1]) <= ALIGNED \
            and left_aligned == len(lefts) and right_aligned == len(rights):
        return gutter
    if min(left_aligned, right_aligned) < COLUMN_LINES:
        return None
    right_edge = max(c[-1].x1 for c in rights)
    left_width, right_width = max(c[-1].x1 for c in lefts) - left_x0, right_edge - right_x0
    if abs(left_width - right_width) > EQUAL_COLUMNS * (right_edge - left_x0):
        return None
    return (left_x0, right_x0, right_edge)


def _trim(lines: list[Printed], start: int, end: int, columns: Columns) -> tuple[int, int]:
    """The band without the lines at its ends that are not in the columns: both columns start at
    one height, so a left-only line above the right column's first is not; below the right column's
    last line, the left column goes on only as long as its lines follow each other closely."""
    split = columns[1] - ALIGNED
    has_right = [i for i in range(start, end) if any(c[0].x0 >= split for c in lines[i].chunks)]
    first_right, last_right = has_right[0], has_right[-1]
    top = lines[first_right].top - SAME_LINE * lines[first_right].size
    first = next(i for i in range(start, first_right + 1) if lines[i].top >= top)
    last = last_right + 1
    while last < end and len(lines[last].chunks) == 1 and _LETTERS.search(lines[last].text) \
            and lines[last].top - lines[last - 1].bottom <= PARAGRAPH_GAP * lines[last].size:
        last += 1
    return first, last


def _order(bands: list[tuple[str, list[Printed], Columns | None]], edges: tuple[float, float]) -> list[Printed]:
    """Lines in reading order, each knowing the column it is set in."""
    out: list[Printed] = []
    for kind, lines, columns in bands:
        if columns is None:
            for line in lines:
                line.left, line.right = edges
            out += lines
            continue
        left_x0, right_x0, right_edge = columns
        width = right_edge - right_x0
        for side, (lo, hi) in enumerate(((left_x0, left_x0 + width), (right_x0, right_edge))):
            parts = []
            for line in lines:
                chunks = [c for c in line.chunks if (c[0].x0 >= right_x0 - ALIGNED) == bool(side)]
                if chunks:
                    parts.append(Printed(page=line.page, words=[w for c in chunks for w in c], chunks=chunks,
                                         left=lo, right=hi))
            if parts:
                parts[0].starts_column = True
            out += parts
    if out:
        out[0].starts_column = True
    return out


# ------------------------------------------------------------------------------------ continued tables


def _signature(line: Printed) -> list[tuple[str, float, float]]:
    return [(_chunk_text(c), c[0].x0, c[-1].x1) for c in line.chunks]


def _same_line(a: Printed, b: Printed) -> bool:
    sa, sb = _signature(a), _signature(b)
    return len(sa) == len(sb) and all(ta == tb and abs(x0 - y0) <= SAME_PLACE and abs(x1 - y1) <= SAME_PLACE
                                      for (ta, x0, x1), (tb, y0, y1) in zip(sa, sb))


def _table_like(line: Printed) -> bool:
    return len(line.chunks) > 1 or len(line.text.split()) <= TABLE_WORDS


def _has_amounts(line: Printed) -> bool:
    return any(_AMOUNT.search(_chunk_text(c)) for c in line.chunks[1:]) or bool(_AMOUNT.fullmatch(line.text))


def _drop_repeated_headers(pages: list[_Page]) -> list[Furniture]:
    """At the top of a page that continues a table, the lines repeating that table's column header
    (printed again by the typesetter) are dropped: the table reader then sees one table."""
    removed: list[Furniture] = []
    history: list[Printed] = []
    for page in pages:
        if history and page.lines and _table_like(history[-1]):
            count = _repeated_prefix(page.lines, _current_table(history), len(history[-1].chunks) > 1)
            removed += [Furniture(page.number, line.number, line.text, "repeated column header")
                        for line in page.lines[:count]]
            page.lines = page.lines[count:]
            if page.lines:
                page.lines[0].starts_column = True
        history += page.lines
    return removed


def _current_table(history: list[Printed]) -> list[Printed]:
    """The run of table-like lines that ends the text read so far."""
    start = len(history)
    while start > 0 and _table_like(history[start - 1]):
        start -= 1
    return history[start:]


def _repeated_prefix(top: list[Printed], table: list[Printed], ends_in_row: bool) -> int:
    """How many of a page's first lines repeat the column header of the table it continues: the
    whole header (a header line has nothing in the label column), in order and in place, after
    at most a 'Title (continued)' line repeating the table's title. The table continues when the
    page before ended in one of its rows, or in labels right under its header (no rows yet); a
    new table whose header only begins like the last one's is not a continuation, nor one whose
    titles end the page before."""
    if not table:
        return 0
    titles = {_normal(line.text) for line in table}
    skip = 0
    while skip < len(top) and skip < HEADER_LINES:
        title = _TITLE_CONTINUED.match(top[skip].text.strip())
        if not (title and _normal(title["title"]) in titles):
            break
        skip += 1
    margin = min(line.x0 for line in table)
    for start, line in enumerate(table):
        header = _header_block(table[start:], margin)
        if not header or len(header) > len(top) - skip or not all(_same_line(a, b) for a, b in zip(header, top[skip:])):
            continue
        below = table[start + len(header):]
        if ends_in_row or not any(len(line.chunks) > 1 for line in below):
            return skip + len(header)
    return 0


def _header_block(lines: list[Printed], margin: float) -> list[Printed]:
    """The header lines a table prints from the first of ``lines``: over the value columns only."""
    out = []
    for line in lines[:HEADER_LINES]:
        if line.x0 - margin <= INDENT * line.size or _has_amounts(line):
            break
        out.append(line)
    return out


# ------------------------------------------------------------------------------------ paragraphs


def _paragraphs(lines: list[Printed], space: float) -> list[list[Printed]]:
    """The lines of a paragraph that wrapped, together: a line continues the one before when that
    one was full (the next word would not have fitted on it), it starts at its column's left edge
    in the same font, and no paragraph gap lies between them (unless it starts a column or page)."""
    out: list[list[Printed]] = []
    for line in lines:
        if out and _continues(out[-1][-1], line, space):
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _continues(before: Printed, line: Printed, space: float) -> bool:
    if len(before.chunks) != 1 or len(line.chunks) != 1 or not _LETTERS.search(before.text):
        return False
    size = line.size
    if abs(before.size - size) > 0.1 * size or line.x0 - line.left > INDENT * size:
        return False
    if line.starts_column:  # nothing to measure across a column or page break: a sentence may end a paragraph
        if _SENTENCE_END.search(before.text) and not _ABBREVIATION.search(before.text) and not line.text[:1].islower():
            return False
    elif line.top - before.bottom > LEADING * size or line.top < before.bottom - SAME_LINE * size:
        return False
    first_word = line.words[0].x1 - line.words[0].x0
    return before.x1 + space * size + first_word > before.right - FIT_SLACK


def _joined(parts: list[Printed]) -> str:
    text = parts[0].text
    for part in parts[1:]:
        glue = "" if re.search(r"[^\W\d_][-‐]$|—$", text) else " "  # a word broken at its hyphen or dash
        text += glue + part.text
    return text


def _placed(parts: list[Printed], space: float) -> PlacedLine:
    first = parts[0]
    where_words = [w for p in parts if p.page == first.page for w in p.words]
    if len(parts) == 1:
        chunks = tuple(Chunk(x0=c[0].x0, x1=c[-1].x1, text=_chunk_text(c), box=_box(c)) for c in first.chunks)
    else:
        box = _box(where_words)
        chunks = (Chunk(x0=float(box[0]), x1=float(box[2]), text=_joined(parts), box=box),)
    return PlacedLine(chunks=chunks, where=Where(page=first.page, line=first.number, box=_box(where_words)),
                      space=space * first.size)
