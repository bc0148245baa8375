"""PDF: every character's box from PDFium, read back into lines in reading order.

PDFium (through pypdfium2) is Chrome's own PDF engine in C: it opens what browsers and filing
agents print, it is fast enough to read five announcements in well under two seconds, and it gives
each character's box, which is all a printed table leaves behind. A PDF has no words, lines, cells
or paragraphs; they are found again here from geometry alone:

1. glyphs (whitespace skipped: spaces are found from gaps) in content order become *words*, each
   knowing whether its font is fixed-pitch (a monospaced table spaces words a character cell apart);
2. words on one baseline become a printed *line*; its words no wider apart than a word space
   (measured from the document, scaled by each line's font size; a fixed-pitch font's cell) become
   *chunks*; two figures side by side, and header cells of one kind ('Jun 30, 2024 Mar 31, 2025'),
   are two chunks however close; once the columns of a page are known, the stretched spaces of a
   justified line no longer split it;
3. page furniture (running headers and footers repeated on most pages, page numbers, '(Continued)'
   notes) is removed and recorded (``read_layout(...).removed``);
4. a column header that a table repeats at the top of the page it continues on is dropped, so the
   table reader sees one table;
5. a band of a page set in two columns is read left column first;
6. a table row whose cells wrap (its lines closer together than the table's rows, wherever its
   figures stand: cells set at the top, centre or bottom) is one line, also when a page breaks it;
   the lines of a paragraph that wrapped are joined (labels wrapped without padding are ``align``'s);
7. a table printed in parts, each with its own column widths, is moved onto its first part's grid;
8. ``align`` turns the placed lines into table rows (cells at their columns) and prose.

Every line and cell keeps its page, its line on the page (counted top to bottom in reading order,
furniture included) and its box in points from the page's top-left corner.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property, lru_cache

from kcmodel.errors import KcError
from kcmodel.ingest.forms.aligned import Chunk, PlacedLine, align
from kcmodel.printed import parse_figure
from kcmodel.ingest.source import Box, Dropped, SourceDocument, Where
from kcmodel.ingest.tables import CURRENCY, DATE, YEAR, is_header_token
from kcmodel.ingest.vocabulary import CURRENCY as CURRENCY_WORD, MONTH, SPAN, SPAN_NUMBER, THOUSAND_MARK

# --- thresholds, in units of a line's font size (the height of its characters' loose boxes) ----------
GLYPH_GAP = 0.12  # wider than this between two glyphs of a run is a word break (letters touch or kern)
DEFAULT_SPACE = 0.27  # a word space when the document shows none to measure (DejaVu/Times: 0.25-0.3)
SPACE_RANGE = (0.12, 0.6)  # gaps measured as word spaces lie here; wider ones are columns
SPACE_PERCENTILE = 0.15  # the word space is this low in the gaps (justified lines stretch the rest)
CHUNK_SPACES = 2.0  # a gap of more than two word spaces separates chunks (justified text stretches less)
FIXED_PITCH_SPACES = 1.5  # in a fixed-pitch font a space is one character cell: two cells or more separate
#                           chunks, as two spaces separate the columns of space-aligned text
JUSTIFIED_GAPS = 3  # a justified line stretches every space alike: three or more equal wide gaps in a row
JUSTIFIED_SPREAD = 1.25  # ... equal within this ratio (a word's own spacing rounds differently)
JUSTIFIED_WORDS = 0.5  # ... between words mostly of text (prose quotes figures; a table row is mostly figures)
JUSTIFIED_SPACES = 8.0  # ... and no wider than this many word spaces (a short line of long words stretches far)
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
WIDEST_GUTTER = 0.5  # a gutter is at most this share of the narrower column (a typesetter's is ~5%): a
#                      table's short labels and its column of text far to the right are no two columns
COLUMN_LINES = 2  # lines each column needs before a band counts as two columns on its own
ALIGNED = 1.0  # points: lines of one column start at one x (prose is left-aligned)
HEADING_WORDS = 4  # a column heading cell alone ('RMB', 'Dec 31, 2024', 'Year-on-year Change') is this short
PROSE_WORDS = 0.5  # a column of prose is at least half words of text (not figures, years, currencies)
# --- table rows whose cells wrap -----------------------------------------------------------------
ROW_PAIRS = 3  # the white space between rows is measured over at least this many pairs of rows of figures
ROW_PADDING = 0.15  # font sizes: rows stand at least this much further apart than the lines of a wrapped
#                     cell (a cell's padding), else rows cannot be told from lines by white space (a
#                     browser rounds positions to pixels: gaps of one kind differ by up to 0.75 pt)
# --- a table set in parts, each with its own column widths --------------------------------------
GRID_SPACES = 2.0  # word spaces: figures of one column end this close (')' and '%' may hang out)
# --- paragraphs -----------------------------------------------------------------------------------
INDENT = 1.5  # font sizes: a continuation line starts at its column's left edge, within this
SAME_SIZE = 0.1  # share of the font size two lines of one paragraph may differ by (rounding of boxes)
LEADING = 0.45  # font sizes of white space between two lines of one paragraph, at most
PARAGRAPH_GAP = 1.0  # font sizes of white space between two paragraphs of a column, at most
FIT_SLACK = 0.5  # points: rounding when deciding whether the next word would have fitted

_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—(\[]?\s*(?P<n>\d{1,4}|[ivxlc]{1,7})\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_DECORATED = re.compile(r"[-–—()\[\]]|page|of|/", re.I)
_CONTINUED = re.compile(r"^[(\[]?\s*(?:continued|cont(?:'d|inued)?\.?|continued (?:on|from) (?:the )?(?:next|previous) "
                        r"page|to be continued)\s*[)\]]?\.?$", re.I)
_TITLE_CONTINUED = re.compile(r"^(?P<title>.+?)\s*[-–—,]?\s*[(\[]\s*continued\s*[)\]]\.?$", re.I)
_FIXED_PITCH = 1  # the FixedPitch bit of a PDF font descriptor's flags (ISO 32000-1, 9.8.2)
_LINE_END_HYPHEN = str.maketrans({"\x02": "-", "\ufffe": "-"})  # PDFium's mark for a hyphen that ends a line
_RUN = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\ufeff\uffff]+")  # glyphs between spaces, line ends and controls
_AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})+|\(\s*\d|\d\.\d")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)]?$")
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:No|Inc|Ltd|Co|Mr|Ms|Mrs|Dr|vs|etc|approx)\.)$")  # 'U.S.'
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_HEADER_WORD = re.compile(rf"{MONTH}|\d{{1,2}},?|(?:19|20)\d\d|{CURRENCY_WORD}|{THOUSAND_MARK}|{SPAN_NUMBER}"
                          r"|months?|years?|quarter|ended", re.I)
_SPAN_CELL = re.compile(rf"{SPAN} ended", re.I)
HEADER_CELL_WORDS = 4  # a date ('Jun 30, 2024'), a year, a currency or a span ('Three Months Ended') is this short


@dataclass
class Word:
    """Glyphs printed together, with their loose box (points, from the page's top-left)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    cell: float = 0.0  # a fixed-pitch font's character cell (its space); 0 for a proportional font

    @property
    def size(self) -> float:
        return self.bottom - self.top

    def space(self, ratio: float) -> float:
        """The width of a word space beside this word, in points: a fixed-pitch font's cell, or the
        document's word space (``ratio``, in font sizes) at this word's size."""
        return self.cell or ratio * self.size

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
    in_column: bool = False  # one column's part of a line of a two-column band

    @cached_property
    def size(self) -> float:
        """The median height of the line's words (read once its words are all known)."""
        sizes = sorted(w.size for w in self.words)
        return sizes[len(sizes) // 2]

    @cached_property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    def space(self, ratio: float) -> float:
        """A word space on this line, in points: the cell of the fixed-pitch font most of its words
        are set in, or the document's word space (``ratio``, in font sizes) at the line's size."""
        cells = sorted(w.cell for w in self.words)
        return cells[len(cells) // 2] or ratio * self.size

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
    dropped = [Dropped(Where(line=f.line, page=f.page), f.text, f.why) for f in layout.removed]
    return SourceDocument(path=path, name=name, form="pdf", lines=align(layout.lines), dropped=dropped)


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
    for page in pages:  # each line (or column part) on its own now: justified spaces may be merged
        for line in page.lines:
            line.chunks = _chunks(line.words, space, justified=True, flush=line.in_column and _flush(line, space))
    removed = _number(pages)
    removed += _drop_repeated_headers(pages, space)
    body = [line for page in pages for line in page.lines]
    gaps = _row_gaps(body)
    rows = _wrapped_rows(body, gaps)
    _rows_over_pages(body, rows, gaps, space)
    placed = [_placed_row(rows[id(parts[0])], space) if id(parts[0]) in rows else _placed(parts, space)
              for parts in _paragraphs([line for line in body if id(line) not in rows or rows[id(line)][0] is line],
                                       space)]
    return PdfLayout(lines=_one_grid(placed), removed=removed, pages=len(pages), two_column_pages=two_columns)


# ------------------------------------------------------------------------------------ PDFium


def _read_pages(data: bytes, path: str) -> list[_Page]:
    """Each page's printed lines; KcError for what PDFium cannot open."""
    import pypdfium2 as pdfium

    if b"%%EOF" not in data[-2048:]:  # PDFium rebuilds a cut file from what is left: refuse it instead
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
    glyphs stand apart. A run's first glyph also tells its font's flags: a word set in a fixed-pitch
    font (a monospaced table) spaces its words a whole character cell apart, twice a proportional
    font's space, and must not be read as standing in columns."""
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    text = textpage.get_text_range(0, count) if count > 0 else ""
    if len(text) != count:  # characters beyond the BMP take two UTF-16 units: ask one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    text = text.translate(_LINE_END_HYPHEN)
    loose_box, rect = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FS_RECTF()
    font_info, flags = pdfium_c.FPDFText_GetFontInfo, ctypes.c_int()
    flags_ref = ctypes.byref(flags)

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
        flags.value = 0
        font_info(raw, start, None, 0, flags_ref)  # no buffer: the flags only
        fixed = bool(flags.value & _FIXED_PITCH)
        if size > 0 and x1 >= x0 and abs(top2 + bottom2 - top - bottom) <= 2 * SAME_LINE * size:
            word = run.group()
            words.append(Word(word, x0, min(top, top2), x1, max(bottom, bottom2),
                              cell=(x1 - x0) / len(word) if fixed else 0.0))
        else:
            split = _glyph_words(text, start, end, box)
            for word in split if fixed else ():
                word.cell = (word.x1 - word.x0) / len(word.text)
            words += split
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
        if last is not None and abs(x0 - last.x1) <= GLYPH_GAP * size \
                and abs(top + bottom - last.top - last.bottom) <= 2 * SAME_LINE * size:
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
    """The document's word space in font sizes: a low percentile of the gaps between the words of a
    line (justified text stretches most of its spaces; headings, labels and a paragraph's last
    line keep the font's own)."""
    low, high = SPACE_RANGE
    gaps = sorted(ratio for page in pages for line in page.lines
                  for ratio in ((b.x0 - a.x1) / max(line.size, 0.1) for a, b in zip(line.words, line.words[1:])
                                if not (a.cell or b.cell))  # a fixed-pitch font's space is its cell
                  if low <= ratio <= high)
    return gaps[int(SPACE_PERCENTILE * len(gaps))] if gaps else DEFAULT_SPACE


def _flush(line: Printed, space: float) -> bool:
    """Set from its column's left edge to its right edge (to within a word space): justified."""
    slack = line.space(space)
    return abs(line.x0 - line.left) <= slack and abs(line.x1 - line.right) <= slack


def _chunks(words: list[Word], space: float, justified: bool = False, flush: bool = False) -> list[list[Word]]:
    """Words no wider apart than ``CHUNK_SPACES`` word spaces, left to right; with ``justified``, the
    stretched spaces of a justified line do not split it either (only for a line, or a column's part
    of one, once the gutters are known: a gutter may be as wide as the stretched spaces beside it);
    with ``flush``, a column's line set flush to both its edges, however few its words and far apart.
    In a line that has columns, two figures side by side are two cells however close they stand (a
    tight table's columns may be a single space apart; no label or heading puts two figures together)."""
    wide = [after.x0 - before.x1 > max(_chunk_gap(before, space), _chunk_gap(after, space))
            for before, after in zip(words, words[1:])]
    for start, end in _justified_runs(words, wide, space, flush) if justified else ():
        wide[start:end] = [False] * (end - start)
    if any(wide):
        wide = [split or (_figure_with_digits(before.text) and _figure_with_digits(after.text))
                for split, before, after in zip(wide, words, words[1:])]
    chunks: list[list[Word]] = [[words[0]]] if words else []
    for word, split in zip(words[1:], wide):
        if split:
            chunks.append([word])
        else:
            chunks[-1].append(word)
    return [cell for chunk in chunks for cell in _header_cells(chunk)]


def _header_cells(chunk: list[Word]) -> list[list[Word]]:
    """A column header's cells set a single space apart ('Jun 30, 2024 Mar 31, 2025', 'Three Months
    Ended Six Months Ended'), one chunk each: no sentence is a list of dates, years or currencies,
    and no one cell holds two of a kind (one cell may hold a year and its currency: '2024 RMB')."""
    if len(chunk) < 2 or not all(_HEADER_WORD.fullmatch(w.text) for w in chunk):
        return [chunk]
    sizes = _header_partition(tuple(w.text for w in chunk))
    if sizes is None or len(sizes) < 2:
        return [chunk]
    cells, start = [], 0
    for size in sizes:
        cells.append(chunk[start:start + size])
        start += size
    return cells


_HEADER_KINDS = (DATE.match, YEAR.match, CURRENCY.match, _SPAN_CELL.fullmatch)


@lru_cache(maxsize=1 << 12)
def _header_partition(words: tuple[str, ...], kind: int | None = None) -> tuple[int, ...] | None:
    """The sizes of the header cells ``words`` fall into, all of one kind (dates, years, currencies
    or spans); None when they do not."""
    if not words:
        return ()
    for size in range(min(HEADER_CELL_WORDS, len(words)), 0, -1):
        cell = " ".join(words[:size])
        for index, matches in enumerate(_HEADER_KINDS):
            if (kind is None or kind == index) and matches(cell):
                rest = _header_partition(words[size:], index)
                if rest is not None:
                    return (size, *rest)
    return None


def _chunk_gap(word: Word, space: float) -> float:
    """The white space beside ``word`` wider than which a gap separates chunks, in points."""
    return FIXED_PITCH_SPACES * word.cell if word.cell else CHUNK_SPACES * space * word.size


def _justified_runs(words: list[Word], wide: list[bool], space: float, flush: bool = False) -> list[tuple[int, int]]:
    """Runs of wide gaps (indexes start..end) that are a justified line's stretched spaces: all the
    line's spaces when they are alike, else ``JUSTIFIED_GAPS`` or more in a row, about as wide as
    each other; at most ``JUSTIFIED_SPACES`` word spaces wide, between words mostly of text (a
    table's evenly spaced columns stand further apart, and hold figures, years and currencies). A
    line ``flush`` with both edges of its column of prose, its spaces all alike, is justified
    however few and far apart its words, and whatever they are ('RMB14,291,957 (US$1,957,990) and')."""
    gaps = [after.x0 - before.x1 for before, after in zip(words, words[1:])]
    widest = JUSTIFIED_SPACES * words[0].space(space) if words else 0.0
    if any(wide) and len(gaps) >= 2 and max(gaps) <= min(max(gaps) if flush else widest,
                                                         JUSTIFIED_SPREAD * max(min(gaps), 0.01)) \
            and (flush or _text_words(words)):
        return [(0, len(wide))]  # every space of the line stretched alike
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(wide):
        if not wide[index] or gaps[index] > widest:
            index += 1
            continue
        end, low, high = index, gaps[index], gaps[index]
        while end + 1 < len(wide) and wide[end + 1]:
            gap = gaps[end + 1]
            if max(high, gap) > JUSTIFIED_SPREAD * min(low, gap):
                break
            low, high, end = min(low, gap), max(high, gap), end + 1
        if end + 1 - index >= JUSTIFIED_GAPS and _text_words(words[index:end + 2]):
            runs.append((index, end + 1))
        index = end + 1
    return runs


def _text_words(words: list[Word]) -> bool:
    """Mostly words of running text."""
    return sum(not _cell_word(w.text) for w in words) >= JUSTIFIED_WORDS * len(words)


@lru_cache(maxsize=1 << 16)  # the same words and cells come back on every line and page
def _cell_text(text: str) -> bool:
    """Text that is a table's cell by itself: a figure, a year, a currency, a short column heading
    (the table reader's header test finds a span in any text with 'for the' or 'year ended')."""
    return parse_figure(text) is not None or (len(text.split()) <= HEADING_WORDS and is_header_token(text))


def _cell_word(text: str) -> bool:
    """A word that is no word of running text: a cell by itself, or anything with digits."""
    return any(ch.isdigit() for ch in text) or _cell_text(text)


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
    column it is set in; the pages that have a two-column band. A gutter found with confidence on
    the pages is trusted on all pages of their size, where a band may be as short as a line a side."""
    edges = _text_edges(pages)
    confident = [_bands(page, None) for page in pages]
    gutters = _gutters(pages, confident)
    two_columns = []
    for page, found in zip(pages, confident):
        size = round(page.width)
        bands = _bands(page, gutters[size]) if size in gutters else found
        page.lines = _order(bands, edges.get(size, (0.0, page.width)))
        if any(kind == "columns" for kind, _, _ in bands):
            two_columns.append(page.number)
    return two_columns


def _text_edges(pages: list[_Page]) -> dict[int, tuple[float, float]]:
    """Where text starts and ends across the pages of each width: the edges a full line reaches
    (one page alone may hold only short lines)."""
    edges: dict[int, tuple[float, float]] = {}
    for page in pages:
        if page.lines:
            lo, hi = _text_width(page.lines)
            before = edges.get(round(page.width), (lo, hi))
            edges[round(page.width)] = (min(before[0], lo), max(before[1], hi))
    return edges


def _gutters(pages: list[_Page], bands: list[list[tuple[str, list[Printed], Columns | None]]]) -> dict[int, Columns]:
    """For each page width, the two columns that most lines of confident two-column bands show."""
    lines_in: dict[int, Counter[Columns]] = {}
    for page, found in zip(pages, bands):
        for kind, lines, columns in found:
            if columns is not None:
                lines_in.setdefault(round(page.width), Counter())[columns] += len(lines)
    return {width: counts.most_common(1)[0][0] for width, counts in lines_in.items()}


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
    frees = [[zone]]  # the white space the lines from start share, after each line
    end = start
    while end < len(lines) and _prose_parts(lines[end]):
        narrowed = _subtract(frees[-1], lines[end])
        if not any(b - a >= MIN_GUTTER * lines[end].size for a, b in narrowed):
            break
        frees.append(narrowed)
        end += 1
    while end - start >= (1 if gutter is not None else 2):  # the band may end before the run does
        for a, b in sorted(frees[end - start], key=lambda gap: gap[0] - gap[1]):  # the widest gap first
            columns = _columns(lines[start:end], a, b, gutter)
            if columns is not None:
                first, last = _trim(lines, start, end, columns)
                if last > first:
                    return first, last, columns
        end -= 1
    return start, start, None


def _prose_parts(line: Printed) -> bool:
    """Not a table row: at most one chunk that is a figure or a column heading by itself, or fewer
    such chunks than chunks of words (a justified line, its stretched spaces not yet told from
    columns, falls apart into words, a few of them figures, years or currencies; a row is its cells)."""
    cells = sum(_cell_text(_chunk_text(c)) for c in line.chunks)
    return cells <= 1 or 2 * cells < len(line.chunks)


def _one_text(line: Printed) -> bool:
    """A line of words, not a row: one chunk of text, or a justified line fallen apart into words
    (its stretched spaces not yet told from columns) that are mostly not figures."""
    words = len(line.chunks) == 1 or (len(line.chunks) > JUSTIFIED_GAPS and _prose_parts(line))
    return words and bool(_LETTERS.search(line.text))


def _subtract(free: list[tuple[float, float]], line: Printed) -> list[tuple[float, float]]:
    pieces = list(free)
    for chunk in line.chunks:
        x0, x1 = chunk[0].x0, chunk[-1].x1
        pieces = [p for lo, hi in pieces for p in ((lo, min(hi, x0)), (max(lo, x1), hi)) if p[1] > p[0]]
    return pieces


def _sides(lines: list[Printed], split: float) -> tuple[list[list[Word]], list[list[Word]]]:
    """Each line's words left and right of ``split`` (the parts a line has in each column)."""
    lefts, rights = [], []
    for line in lines:
        left = [w for c in line.chunks if c[0].x0 < split for w in c]
        right = [w for c in line.chunks if c[0].x0 >= split for w in c]
        lefts += [left] if left else []
        rights += [right] if right else []
    return lefts, rights


def _wordy(parts: list[list[Word]]) -> bool:
    """Mostly words of text (a column of figures or headings is a table's)."""
    words = [w for part in parts for w in part]
    return sum(not _cell_word(w.text) for w in words) >= PROSE_WORDS * len(words)


def _columns(run: list[Printed], a: float, b: float, gutter: Columns | None) -> Columns | None:
    """The columns when the run reads as two, split by the white space a..b: both sides are text,
    start their lines at one x (prose is left-aligned), are about as wide as each other and wider
    than the white space between them; a side may have a single line where the page's size has
    shown this gutter before."""
    lefts, rights = _sides(run, b - 0.01)
    if not lefts or not rights or any(p[-1].x1 > a + 0.01 for p in lefts) or not (_wordy(lefts) and _wordy(rights)):
        return None
    left_x0, right_x0 = min(p[0].x0 for p in lefts), min(p[0].x0 for p in rights)
    left_aligned = sum(abs(p[0].x0 - left_x0) <= ALIGNED for p in lefts)
    right_aligned = sum(abs(p[0].x0 - right_x0) <= ALIGNED for p in rights)
    if gutter is not None and abs(left_x0 - gutter[0]) <= ALIGNED and abs(right_x0 - gutter[1]) <= ALIGNED \
            and left_aligned == len(lefts) and right_aligned == len(rights):
        return gutter
    if min(left_aligned, right_aligned) < COLUMN_LINES:
        return None
    right_edge = max(p[-1].x1 for p in rights)
    left_edge = max(p[-1].x1 for p in lefts)
    left_width, right_width = left_edge - left_x0, right_edge - right_x0
    if abs(left_width - right_width) > EQUAL_COLUMNS * (right_edge - left_x0) \
            or right_x0 - left_edge > WIDEST_GUTTER * min(left_width, right_width):
        return None
    return (left_x0, right_x0, right_edge)


def _trim(lines: list[Printed], start: int, end: int, columns: Columns) -> tuple[int, int]:
    """The band without the lines at its ends that are not in the columns: both columns start at
    one height, so a left-only line above the right column's first is not (nor a line whose right
    part starts elsewhere, as a table's right-aligned cell does, or that is set in another size than
    the columns, as a table's header under them is); below the right column's last line, the left
    column goes on only as long as its lines follow each other closely."""
    sizes = sorted(line.size for line in lines[start:end])
    size = sizes[len(sizes) // 2]

    def in_size(line: Printed) -> bool:
        return abs(line.size - size) <= SAME_SIZE * size

    split = columns[1] - ALIGNED
    has_right = [i for i in range(start, end)  # a part that starts where the right column's lines do
                 if in_size(lines[i]) and any(c[0].x0 >= split and c[0].x0 - columns[1] <= INDENT * lines[i].size
                                              for c in lines[i].chunks)]
    if not has_right:
        return start, start
    first_right, last_right = has_right[0], has_right[-1]
    top = lines[first_right].top - SAME_LINE * lines[first_right].size
    first = next(i for i in range(start, first_right + 1) if lines[i].top >= top)
    last = last_right + 1
    while last < end and lines[last].x1 < split and _one_text(lines[last]) and in_size(lines[last]) \
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
                                         left=lo, right=hi, in_column=True))
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


def _drop_repeated_headers(pages: list[_Page], space: float) -> list[Furniture]:
    """At the top of a page that continues a table, the lines repeating that table's column header
    (printed again by the typesetter) are dropped: the table reader then sees one table."""
    removed: list[Furniture] = []
    history: list[Printed] = []
    for page in pages:
        if history and page.lines and _table_like(history[-1]):
            count = _repeated_prefix(page.lines, _current_table(history, space), len(history[-1].chunks) > 1)
            removed += [Furniture(page.number, line.number, line.text, "repeated column header")
                        for line in page.lines[:count]]
            page.lines = page.lines[count:]
            if page.lines:
                page.lines[0].starts_column = True
        history += page.lines
    return removed


def _current_table(history: list[Printed], space: float) -> list[Printed]:
    """The run of table-like lines that ends the text read so far: back to a line of a paragraph
    (a line that wraps on to the next, as the narrow lines of a column of prose do)."""
    start = len(history)
    while start > 0 and _table_like(history[start - 1]) \
            and not (start >= 2 and _continues(history[start - 2], history[start - 1], space)) \
            and not (start < len(history) and _continues(history[start - 1], history[start], space)):
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


# ------------------------------------------------------------------------------------ wrapped rows


@lru_cache(maxsize=1 << 16)
def _figure_with_digits(text: str) -> bool:
    """A figure with digits (a dash or 'N/A' may stand in any cell)."""
    return parse_figure(text) is not None and any(ch.isdigit() for ch in text)


def _row_of_figures(line: Printed) -> bool:
    """A table row that prints figures: a label (or nothing) and figures to its right."""
    return len(line.chunks) >= 2 and any(_figure_with_digits(_chunk_text(c)) for c in line.chunks[1:])


def _size_key(line: Printed) -> float:
    return round(line.size, 1)


def _gap(above: Printed, below: Printed) -> float:
    return below.top - above.bottom


def _row_gaps(lines: list[Printed]) -> dict[float, float]:
    """For each font size, the white space under which two lines of a table are one row: halfway
    between the narrowest gap between adjacent rows of figures (two lines that print figures are two
    rows) and the narrowest gap between a row of figures and a line beside it within its cells (the
    lines of a wrapped cell, if any). A typesetter pads the cells of a table, so the lines of one
    row stand closer than rows; where they do not by ``ROW_PADDING``, no size is given."""
    rows: dict[float, list[float]] = {}
    lines_in: dict[float, list[float]] = {}
    for above, below in zip(lines, lines[1:]):
        size = _size_key(below)
        if above.page != below.page or size != _size_key(above) or _gap(above, below) <= -SAME_LINE * below.size:
            continue
        figures = _row_of_figures(above), _row_of_figures(below)
        if all(figures):
            rows.setdefault(size, []).append(_gap(above, below))
        elif any(figures) and _in_cells(below if figures[0] else above, _cells(above if figures[0] else below)):
            lines_in.setdefault(size, []).append(_gap(above, below))
    out = {}
    for size, gaps in rows.items():
        row, line = min(gaps), min(lines_in.get(size, gaps))
        if len(gaps) >= ROW_PAIRS and row - line >= ROW_PADDING * size:
            out[size] = (row + line) / 2
    return out


def _wrapped_rows(lines: list[Printed], gaps: dict[float, float]) -> dict[int, list[Printed]]:
    """Table rows printed over several lines (a label, or any cell, wrapped in its column): the
    lines of a row that stand closer to it than the table's rows stand to each other, above it
    (cells set at the bottom) or below it (cells set at the top) or both (centred). A row is found
    from its line of figures, or else from a line of two or more cells (a table of text: an exhibit
    and its description, a term and its definition). Each line of such a row maps (by id) to the
    row's lines, top to bottom. Without padding between rows nothing is found here, and ``align``
    joins wrapped labels from their words alone."""
    rows: dict[int, list[Printed]] = {}
    for anchors in (_row_of_figures, lambda line: len(line.chunks) >= 2):
        for index, line in enumerate(lines):
            limit = gaps.get(_size_key(line))
            if limit is None or id(line) in rows or not anchors(line):
                continue
            cells = _cells(line)
            first = index
            while first > 0 and id(lines[first - 1]) not in rows \
                    and _one_row(lines[first - 1], lines[first], limit) and _in_cells(lines[first - 1], cells):
                first -= 1
            last = index
            while last + 1 < len(lines) and id(lines[last + 1]) not in rows \
                    and _one_row(lines[last], lines[last + 1], limit) and _in_cells(lines[last + 1], cells):
                last += 1
            if last > first:
                group = lines[first:last + 1]
                rows.update({id(part): group for part in group})
    return rows


def _rows_over_pages(lines: list[Printed], rows: dict[int, list[Printed]], gaps: dict[float, float],
                     space: float) -> None:
    """A row broken by a page (its cells set at the top: the figures and the label's first lines at
    the foot of one page, the rest of the label at the top of the next) made whole again: the
    label-only lines that begin the next page, in the row's label column and as close together as
    the lines of a row, continue it when its last line was full (their first word would not have
    fitted on it) and they are no heading (a section ends in ':', a heading is in capitals)."""
    for index in range(len(lines) - 1):
        last, first = lines[index], lines[index + 1]
        group = rows.get(id(last))
        limit = gaps.get(_size_key(last))
        if group is None or limit is None or first.page == last.page or group[-1] is not last \
                or _row_of_figures(last) or id(first) in rows:
            continue
        anchor = next((part for part in group if _row_of_figures(part)), None)
        if anchor is None or _figure_with_digits(_chunk_text(anchor.chunks[0])):  # a row without a label
            continue
        label_x0 = anchor.chunks[0][0].x0
        value_x0 = anchor.chunks[1][0].x0
        block = [first]
        while index + 1 + len(block) < len(lines):
            below = lines[index + 1 + len(block)]
            if id(below) in rows or not _one_row(block[-1], below, limit) or len(below.chunks) != 1:
                break
            block.append(below)
        text = " ".join(line.text for line in block)
        if any(len(line.chunks) != 1 or abs(line.x0 - label_x0) > ALIGNED or line.x1 > value_x0
               or abs(line.size - last.size) > SAME_SIZE * last.size for line in block) \
                or text.endswith(":") or text.upper() == text:
            continue
        widest = _widest_label(lines, rows, anchor)
        if last.x1 + last.space(space) + (first.words[0].x1 - first.words[0].x0) <= widest + FIT_SLACK:
            continue  # the word would have fitted: the label ended there
        whole = group + block
        rows.update({id(part): whole for part in whole})


def _widest_label(lines: list[Printed], rows: dict[int, list[Printed]], anchor: Printed) -> float:
    """Where the labels of ``anchor``'s table end at the widest: the right edge of the widest label
    line of a row (of figures, or of a row's wrapped lines) printed in its font size from its label
    margin (a label wraps before it)."""
    x0, size = anchor.chunks[0][0].x0, _size_key(anchor)
    return max((line.chunks[0][-1].x1 for line in lines
                if (id(line) in rows or _row_of_figures(line)) and _size_key(line) == size
                and abs(line.chunks[0][0].x0 - x0) <= ALIGNED and not _figure_with_digits(_chunk_text(line.chunks[0]))),
               default=anchor.chunks[0][-1].x1)


def _one_row(above: Printed, below: Printed, limit: float) -> bool:
    """Two lines of one table row: on one page in one font size, closer than the table's rows."""
    size = below.size
    return above.page == below.page and abs(above.size - size) <= SAME_SIZE * size \
        and -SAME_LINE * size < _gap(above, below) < limit \
        and not (_row_of_figures(above) and _row_of_figures(below))


def _cells(line: Printed) -> list[tuple[float, float]]:
    return [(c[0].x0, c[-1].x1) for c in line.chunks]


def _in_cells(line: Printed, cells: list[tuple[float, float]]) -> bool:
    """Each chunk of ``line`` lies under (or over) at most one cell of the row: the rest of a
    wrapped cell, not a title or a sentence running across the columns."""
    return all(sum(min(c[-1].x1, x1) > max(c[0].x0, x0) for x0, x1 in cells) <= 1 for c in line.chunks)


def _placed_row(parts: list[Printed], space: float) -> PlacedLine:
    """A table row printed over several lines as one line: each chunk joins the cell it lies under
    or over (words left of the first figure join the label), top to bottom; the row is where its
    figures were printed (their line), its box holds all its lines."""
    anchor = next((part for part in parts if _row_of_figures(part)),
                  next((part for part in parts if len(part.chunks) >= 2), parts[0]))
    cells: list[list[list[Word]]] = [[chunk] for chunk in anchor.chunks]
    figures_from = len(anchor.chunks) > 1 and _figure_with_digits(_chunk_text(anchor.chunks[1]))
    label_end = anchor.chunks[1][0].x0 if figures_from else anchor.chunks[0][-1].x1
    has_label = not _figure_with_digits(_chunk_text(anchor.chunks[0]))
    for part in parts:
        if part is anchor:
            continue
        for chunk in part.chunks:
            x0, x1 = chunk[0].x0, chunk[-1].x1
            cell = next((c for c in cells if min(x1, max(w.x1 for p in c for w in p))
                         > max(x0, min(w.x0 for p in c for w in p))), None)
            if cell is None and has_label and x1 <= label_end:
                cell = cells[0]
            if cell is None:
                cells.append([chunk])
            else:
                cell.append(chunk)
    order = {id(part): k for k, part in enumerate(parts)}
    home = {id(w): order[id(part)] for part in parts for w in part.words}
    same_page = {k for k, part in enumerate(parts) if part.page == anchor.page}
    chunks = []
    for cell in cells:
        cell.sort(key=lambda c: (home[id(c[0])], c[0].x0))
        words = [w for c in cell for w in c]
        on_page = [w for c in cell if home[id(c[0])] in same_page for w in c]  # a box is on one page
        box = _box(on_page or words)
        text = _chunk_text(cell[0])
        for chunk in cell[1:]:
            text += _glue(text) + _chunk_text(chunk)
        chunks.append(Chunk(x0=min(w.x0 for w in words), x1=max(w.x1 for w in words), text=text, box=box))
    chunks.sort(key=lambda c: c.x0)
    where_words = [w for part in parts if part.page == anchor.page for w in part.words]
    return PlacedLine(chunks=tuple(chunks), where=Where(page=anchor.page, line=anchor.number, box=_box(where_words)),
                      space=anchor.space(space))


# ------------------------------------------------------------------------------------ one grid


def _value_chunks(line: PlacedLine) -> list[Chunk]:
    """The chunks right of a row's label (all of them when the first is a figure)."""
    return list(line.chunks[1:] if line.chunks and not _figure_with_digits(line.chunks[0].text) else line.chunks)


def _new_table(line: PlacedLine) -> bool:
    """A line that begins another table: a column header (dates, periods, currencies) or prose."""
    return any(is_header_token(c.text) for c in line.chunks) or \
        (len(line.chunks) == 1 and len(line.chunks[0].text.split()) > TABLE_WORDS)


def _one_grid(lines: list[PlacedLine]) -> list[PlacedLine]:
    """A table printed in parts (a statement set as several tables one under the other, with
    headings or totals set as text between them, each laid out with its own column widths) with
    every part moved onto the columns of its first, which its column header stands over.

    A part is a run of rows whose figures end at its first row's right edges (figures are
    right-aligned); a row with a figure that ends elsewhere starts the next part. The columns of a
    later part are paired in order with the first part's (``_column_shifts``) and each cell is moved
    by its column's shift: ``align`` finds the value columns from the figures' right edges over a
    whole table, and parts a few points apart would give it a column too many. A column header or
    prose between parts begins another table. Only positions move: each cell keeps its box."""
    out = list(lines)
    reference: list[float] | None = None  # the first part's columns
    part: list[float] = []  # the current part's columns
    members: list[int] = []
    tolerance = 0.0

    def finish() -> None:
        nonlocal reference
        if members and reference is None:
            reference = sorted(part)
        elif members:
            shifts = _column_shifts(sorted(part), reference, tolerance)
            if shifts:
                for index in members:
                    out[index] = _moved(out[index], shifts)

    for index, line in enumerate(lines):
        edges = [c.x1 for c in _value_chunks(line) if _figure_with_digits(c.text)]
        if not edges:
            if _new_table(line):
                finish()
                reference, part, members = None, [], []
            continue
        if part and all(any(abs(e - c) <= tolerance for c in part) for e in edges):
            members.append(index)
        else:
            finish()
            part, members, tolerance = list(edges), [index], GRID_SPACES * line.space
    finish()
    return out


def _column_shifts(columns: list[float], reference: list[float], tolerance: float) -> dict[float, float]:
    """Each column's shift onto the reference column it pairs with: in order, a column already on
    a reference column (within ``tolerance``) with that one, the others so that the pairs stand
    closest. A part with fewer columns than the reference pairs a column only where it is plainly
    the nearest reference column's (a figure alone in a column the first part left empty would
    otherwise be moved into a neighbour's); a column left unpaired does not move. Empty when
    nothing moves, or when the part has more columns than the reference: then it is no copy of the
    first part's grid (a statement whose first rows leave out a column prints it further down)."""
    if len(columns) > len(reference):
        return {}
    on = [next((k for k, r in enumerate(reference) if abs(c - r) <= tolerance), None) for c in columns]
    unpaired = 2 * (max(reference + columns) - min(reference + columns)) + 1.0  # worse than any pairing

    @lru_cache(maxsize=None)
    def best(i: int, j: int) -> tuple[float, tuple[int | None, ...]]:
        if i == len(columns):
            return 0.0, ()
        cost, rest = best(i + 1, j)
        options = [(cost + unpaired, (None, *rest))]
        choices = range(j, len(reference)) if on[i] is None else [on[i]] if on[i] >= j else []
        for k in choices:
            cost, rest = best(i + 1, k + 1)
            options.append((cost + abs(columns[i] - reference[k]), (k, *rest)))
        return min(options, key=lambda option: option[0])

    _, pairs = best(0, 0)
    shifts = {}
    for column, k, anchored in zip(columns, pairs, on):
        if k is None:
            continue
        if anchored is None and len(columns) < len(reference):
            distances = sorted(abs(column - r) for r in reference)
            if len(distances) > 1 and 2 * distances[0] >= distances[1]:
                continue  # between two reference columns: no telling which
        shifts[column] = reference[k] - column
    return shifts if any(abs(shift) > 0.01 for shift in shifts.values()) else {}


def _moved(line: PlacedLine, shifts: dict[float, float]) -> PlacedLine:
    """A row's cells moved by the shift of the column each stands in (the one it ends nearest to)."""
    values = {id(c) for c in _value_chunks(line)}
    chunks = []
    for chunk in line.chunks:
        if id(chunk) in values:
            shift = shifts[min(shifts, key=lambda column: abs(column - chunk.x1))]
            chunk = replace(chunk, x0=chunk.x0 + shift, x1=chunk.x1 + shift)
        chunks.append(chunk)
    return replace(line, chunks=tuple(chunks))


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
    """Whether ``line`` carries on the paragraph whose last line so far is ``before``."""
    if len(before.chunks) != 1 or len(line.chunks) != 1 or not _LETTERS.search(before.text):
        return False
    size = line.size
    if abs(before.size - size) > SAME_SIZE * size or line.x0 - line.left > INDENT * size:
        return False
    if line.starts_column:  # no white space to measure across a column or page break: a sentence may end it
        if _SENTENCE_END.search(before.text) and not _ABBREVIATION.search(before.text) and not line.text[:1].islower():
            return False
    elif line.top - before.bottom > LEADING * size or line.top < before.bottom - SAME_LINE * size:
        return False
    first_word = line.words[0].x1 - line.words[0].x0
    return before.x1 + before.space(space) + first_word > before.right - FIT_SLACK


_BROKEN_WORD = re.compile(r"[^\W\d_][-‐]$|—$|<[^<>\s]*(?:://|www\.)[^<>\s]*$")


def _glue(text: str) -> str:
    """What joins a line to the next one of its paragraph or cell: nothing after a word broken at
    its hyphen or dash, or inside a web address in angle brackets (a browser breaks one anywhere:
    it holds no space); a space otherwise."""
    return "" if _BROKEN_WORD.search(text) else " "


def _joined(parts: list[Printed]) -> str:
    text = parts[0].text
    for part in parts[1:]:
        text += _glue(text) + part.text
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
                      space=first.space(space))
