"""HTML and XHTML announcements (a filing agent's 6-K exhibit, a newswire page) as lines.

Prose blocks become prose lines and each row of a data table a row line whose cells are the table's
*logical* columns, so the one table reader sees the cell positions it sees in the TAB text:

- a figure a filing agent typesets over several cells (``RMB`` | ``(1,234`` | ``)``, ``12.1`` | ``%``)
  is one cell; the currency sign is dropped (the column header says the currency);
- spacer columns (empty in every row) are removed, and a header spanning columns (``colspan``) is
  put at the first logical column it covers, the ones after it left empty, as the TAB text does;
- ``rowspan`` cells are laid out as browsers lay them out, so the cells after them keep their slots.

Page chrome (navigation, site header and footer, scripts, share buttons, cookie banners, related
articles, hidden elements) is not the announcement and is skipped. A table holding tables is a
layout table: its cells are read as blocks and the tables inside it as tables. Footnote markers
(``<sup>``) are dropped from figures; in labels they become ``[n]`` (what every later stage knows
as a marker), in prose the printed superscript (``¹``).

Parsing is lxml's HTML parser with no network and no huge trees; an internal DTD subset is removed
before parsing, so no entity is ever fetched or expanded.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Iterator

import lxml.etree as etree
import lxml.html

from kcmodel.errors import KcError
from kcmodel.printed import parse_figure
from kcmodel.ingest.source import Line, SourceCell, SourceDocument, Where, prose_line, row_line
from kcmodel.ingest.text import clean
from kcmodel.ingest.vocabulary import CURRENCY_SIGN

# --------------------------------------------------------------------------------- what is what

BLOCKS = frozenset(
    "address article blockquote body caption center dd details div dl dt fieldset figcaption figure "
    "footer h1 h2 h3 h4 h5 h6 header hr html li main ol p pre section summary table tbody td tfoot "
    "th thead tr ul".split())
SKIPPED = frozenset(
    "head title script style noscript template nav aside button select option textarea input "
    "iframe object embed svg canvas dialog menu map audio video img".split())
PAGE_PARTS = frozenset({"header", "footer"})  # chrome when they belong to the page, not the article
HEADINGS = frozenset({"h1", "h2"})
CONTENT = frozenset({"article", "main", "table", "h1"})  # what a form wrapping the whole page holds
CHROME_ROLES = frozenset(
    "navigation banner contentinfo complementary search dialog alertdialog menu menubar toolbar".split())
CHROME_WORDS = frozenset(
    "nav navbar navigation menu breadcrumb breadcrumbs cookie cookies consent gdpr share sharing social "
    "related recommended sidebar advert advertisement ads ad promo newsletter subscribe popup modal "
    "toolbar masthead skip comments".split())
CHROME_PREFIXES = ("breadcrumb", "cookie", "navbar", "newsletter", "advert", "sidebar", "consent", "social", "related")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")

_CURRENCY = CURRENCY_SIGN
_OPENER = re.compile(rf"^(?:{_CURRENCY}\s*\(?|\()$")  # a piece that opens a figure: 'RMB', '$', '(', '$('
_CLOSER = re.compile(r"^(?:\)\s*%?|%\s*\)?)$")  # a piece that closes one: ')', '%', ')%'
_FIGURE_START = re.compile(r"^\(?\s*[-−–]?\s*\d|^[-–—−]$")
_LEADING_CURRENCY = re.compile(rf"^(\(?)\s*{_CURRENCY}\s*(?=[(\d\-−–—])")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_SUPERSCRIPTS = str.maketrans("0123456789()+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁺⁻")
_MARKER = re.compile(r"^[(\[]?(\d{1,3})[)\]]?$")
_INVISIBLE = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None})
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.I | re.S)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
_BROWSER_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}  # as browsers read them
MAX_SPAN = 1000  # HTML's own limit on colspan
MAX_COLUMNS = 2000  # physical columns of one table; with MAX_CELLS, bounds the work a hostile table asks for
MAX_CELLS = 500_000  # rows times logical columns of one table (an announcement's largest has about 600)


def read_html(data: bytes, path: str, name: str) -> SourceDocument:
    """The announcement's lines in reading order; KcError for a page with no text and no tables."""
    root = _parse(data, path)
    body = next((e for e in root.iter() if _tag(e) == "body"), root)
    reader = _Reader([e for e in root.iter() if _tag(e) == "table"])
    # the <head>'s <title> is the browser tab's, not printed on the page: not a line of the announcement
    try:
        lines = reader.read(body)
    except KcError as exc:  # a table too large to be an announcement's
        raise KcError(exc.message, file=path, line=exc.line) from None
    if not lines:
        raise KcError("an HTML page with no text and no tables", file=path)
    return SourceDocument(path=path, name=name, form="html", lines=lines)


# ---------------------------------------------------------------------------------------- parsing


def _parse(data: bytes, path: str) -> etree._Element:
    """The page's tree, decoded as its declaration says (UTF-8 when it says nothing)."""
    text = _decode(data.removeprefix(codecs.BOM_UTF8))
    # An internal DTD subset can only declare entities; it is removed (same line count) so none is ever expanded.
    text = _INTERNAL_SUBSET.sub(lambda m: b"\n" * m.group(0).count(b"\n"), text[:65536]) + text[65536:]
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, huge_tree=False, remove_comments=True,
                                  remove_pis=True, default_doctype=False)
    try:
        root = etree.fromstring(text, parser)
    except (etree.LxmlError, ValueError) as exc:
        raise KcError(f"not readable as HTML: {exc}", file=path) from None
    if root is None:
        raise KcError("an HTML page with no text and no tables", file=path)
    return root


def _decode(data: bytes) -> bytes:
    """The page as UTF-8 bytes: the XML declaration's or the meta charset's encoding, else UTF-8 (or cp1252)."""
    head = data[:4096]
    declared = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    encoding = None
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            encoding = None
    if encoding is None or encoding == "utf-8":
        try:
            return data.decode("utf-8").encode("utf-8")
        except UnicodeDecodeError:
            encoding = "cp1252"
    encoding = _BROWSER_ALIASES.get(encoding, encoding)
    return data.decode(encoding, errors="replace").encode("utf-8")


# ------------------------------------------------------------------------------------ the walk


def _tag(element: etree._Element) -> str:
    """The tag name without a namespace, lower case ('' for comments and entities); a prefixed name
    ('o:p', 'ix:nonfraction') stays whole, so it is read as inline text."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _in_content(element: etree._Element) -> bool:
    return any(_tag(a) in {"article", "main"} for a in element.iterancestors())


def _holds(element: etree._Element, tags: frozenset[str]) -> bool:
    return any(_tag(d) in tags for d in element.iterdescendants())


def _is_chrome(element: etree._Element) -> bool:
    """Whether an element is page furniture, not the announcement."""
    tag = _tag(element)
    if tag in SKIPPED or (tag == "form" and not _holds(element, CONTENT)):
        return True
    get = element.get
    if get("hidden") is not None or (get("aria-hidden") or "").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(get("style") or "") or (get("role") or "").lower() in CHROME_ROLES:
        return True
    words = set(_WORD_SPLIT.split(f"{get('class') or ''} {get('id') or ''}".lower())) - {""}
    page_part = tag in PAGE_PARTS or bool(words & PAGE_PARTS)
    if page_part and not _in_content(element) and not _holds(element, HEADINGS):  # a release's title block is kept
        return True
    return bool(words & CHROME_WORDS) or any(
        w.startswith(CHROME_PREFIXES) or (w.startswith("share") and not w.startswith("sharehold")) for w in words)


def _normal(text: str) -> str:
    """Text as the text reader cleans a line (NBSP to space, decoration removed), spaces collapsed."""
    return " ".join(clean(text.translate(_INVISIBLE)).split())


def _superscript(text: str) -> str:
    """A footnote marker in prose, printed as the superscript it is ('1' -> '¹')."""
    bare = text.strip()
    return bare.translate(_SUPERSCRIPTS) if bare and all(c in "0123456789()+-" for c in bare) else bare


def _marker(text: str) -> str:
    """A footnote marker in a label, as '[n]' (the form labels and figures already know)."""
    bare = text.strip()
    match = _MARKER.match(bare)
    return f"[{match[1]}]" if match else bare


class _Reader:
    """Walks the body in document order, collecting prose lines and table rows."""

    def __init__(self, tables: list[etree._Element]) -> None:
        self.lines: list[Line] = []
        self.tables = {table: n for n, table in enumerate(tables, start=1)}  # as numbered in the source
        self.buffer: list[str] = []
        self.where_line: int | None = None

    def read(self, body: etree._Element) -> list[Line]:
        self._walk(body)
        self._flush()
        return self.lines

    # prose ----------------------------------------------------------------------------------

    def _text(self, text: str | None, element: etree._Element) -> None:
        if not text:
            return
        if self.where_line is None and text.strip():
            self.where_line = element.sourceline
        self.buffer.append(text)

    def _flush(self, table: int | None = None) -> None:
        text = _normal("".join(self.buffer))
        if text:
            self.lines.append(prose_line(len(self.lines) + 1, text, Where(line=self.where_line, table=table)))
        self.buffer, self.where_line = [], None

    def _walk(self, element: etree._Element) -> None:
        """An element's text and children into the current block; blocks start and end lines."""
        tag = _tag(element)
        if tag and not _is_chrome(element):
            if tag == "table":
                self._flush()
                self._table(element)
            elif tag == "br":
                self._flush()
            elif tag == "pre":
                self._flush()
                self._pre(element)
            elif tag == "sup":
                self._text(_superscript("".join(_texts(element))), element)
            else:
                block = tag in BLOCKS
                if block:
                    self._flush()
                self._text(element.text, element)
                for child in element:
                    self._walk(child)
                if block:
                    self._flush()
        self._text(element.tail, element)

    def _pre(self, element: etree._Element) -> None:
        """Preformatted text keeps its lines, and a line with TABs is a table row, as in the text form."""
        first = element.sourceline
        for offset, raw in enumerate("".join(_texts(element, br="\n")).split("\n")):
            where = Where(line=first + offset if first else None)
            number = len(self.lines) + 1
            if "\t" in raw:
                self.lines.append(row_line(number, [SourceCell(_normal(c), where) for c in raw.split("\t")], where))
            elif _normal(raw):
                self.lines.append(prose_line(number, _normal(raw), where))

    def prose(self, element: etree._Element) -> None:
        """An element's text as one line of its own."""
        self._flush()
        self._text("".join(_texts(element)), element)
        self._flush()

    # tables ---------------------------------------------------------------------------------

    def _table(self, table: etree._Element) -> None:
        number = self.tables[table]
        for caption in (c for c in table if _tag(c) == "caption" and not _is_chrome(c)):
            self._walk_caption(caption, number)
        rows = _own_rows(table)
        if any(_tag(d) == "table" for d in table.iterdescendants()):
            self._layout(rows)  # a layout table: its cells are blocks, the tables inside are read as tables
            return
        for line in _data_rows(rows, number, len(self.lines) + 1):
            self.lines.append(line)

    def _walk_caption(self, caption: etree._Element, number: int) -> None:
        self._text(caption.text, caption)
        for child in caption:
            self._walk(child)
        self._flush(table=number)

    def _layout(self, rows: list[tuple[int, etree._Element]]) -> None:
        for _, row in rows:
            for _, cell in _cells(row):
                self._flush()
                self._text(cell.text, cell)
                for child in cell:
                    self._walk(child)
                self._flush()


def _texts(element: etree._Element, br: str = " ") -> Iterator[str]:
    """All text inside an element, chrome skipped (for markers and preformatted text)."""
    yield element.text or ""
    for child in element:
        if _tag(child) and not _is_chrome(child):
            yield br if _tag(child) == "br" else " " if _tag(child) in BLOCKS else ""
            yield from _texts(child, br)
        yield child.tail or ""


def _own_rows(table: etree._Element) -> list[tuple[int, etree._Element]]:
    """The table's own rows as (source number, row), in reading order: head, body, foot."""
    parts: dict[str, list[tuple[int, etree._Element]]] = {"thead": [], "tbody": [], "tfoot": []}
    number = 0
    for child in table:
        tag = _tag(child)
        rows = [child] if tag == "tr" else [r for r in child if _tag(r) == "tr"] if tag in parts else []
        for row in rows:
            number += 1
            if not _is_chrome(row):
                parts.get(tag, parts["tbody"]).append((number, row))
    return parts["thead"] + parts["tbody"] + parts["tfoot"]


def _cells(row: etree._Element) -> list[tuple[int, etree._Element]]:
    """A row's cells as (source number, cell), as a browser lays them out (a hidden cell takes no slot)."""
    cells = [c for c in row if _tag(c) in {"td", "th"}]
    return [(n, c) for n, c in enumerate(cells, start=1) if not _is_chrome(c)]


# ------------------------------------------------------------------------------- a data table


@dataclass
class _Piece:
    """What one source cell prints, laid out on the physical grid."""

    start: int  # first physical column
    end: int  # one past the last
    figure_text: str  # footnote markers dropped
    label_text: str  # footnote markers kept as '[n]'
    cell: int  # 1-based source cell of the row
    line: int | None


@dataclass
class _Item:
    """One logical cell of a row: a piece, or the pieces of one split figure joined."""

    start: int
    end: int
    text: str
    figure: bool
    cell: int
    line: int | None
    spans: bool  # one cell set over several physical columns: a header ('2024' over RMB and US$) may cover several


def _span(cell: etree._Element, name: str, limit: int) -> int:
    try:
        value = int((cell.get(name) or "1").strip())
    except ValueError:
        value = 1
    return max(1, min(value, limit))


def _grid(rows: list[tuple[int, etree._Element]]) -> list[list[_Piece]]:
    """Each row's pieces at their physical columns, rowspans taking their slots in the rows below."""
    taken: list[tuple[int, int, int]] = []  # (last row, first column, end column) of rowspans in force
    out: list[list[_Piece]] = []
    for index, (_, row) in enumerate(rows):
        taken = [t for t in taken if t[0] >= index]
        busy = sorted((s, e) for _, s, e in taken)
        column, pieces = 0, []
        for number, cell in _cells(row):
            for start, end in busy:
                if start <= column < end:
                    column = end
            width = _span(cell, "colspan", MAX_SPAN)
            if column + width > MAX_COLUMNS:
                raise KcError(f"a table wider than {MAX_COLUMNS} columns: not an announcement's", line=cell.sourceline)
            height = _span(cell, "rowspan", len(rows) - index)
            figure_text, label_text = _cell_texts(cell)
            if label_text:
                pieces.append(_Piece(column, column + width, figure_text, label_text, number, cell.sourceline))
            if height > 1:
                taken.append((index + height - 1, column, column + width))
            column += width
        out.append(pieces)
    return out


def _cell_texts(cell: etree._Element) -> tuple[str, str]:
    """A cell's text without its footnote markers, and with them as '[n]'."""
    plain: list[str] = []
    marked: list[str] = []

    def walk(element: etree._Element, sup: bool) -> None:
        for text, is_sup in _fragments(element, sup):
            marked.append(_marker(text) if is_sup else text)
            if not is_sup:
                plain.append(text)

    walk(cell, False)
    return _normal("".join(plain)), _normal("".join(marked))


def _fragments(element: etree._Element, sup: bool) -> Iterator[tuple[str, bool]]:
    """Text pieces of an element in order, each saying whether it is a superscript (a marker)."""
    if _tag(element) == "sup":
        yield "".join(_texts(element)), True
        return
    yield element.text or "", sup
    for child in element:
        tag = _tag(child)
        if tag and not _is_chrome(child):
            if tag in BLOCKS or tag == "br":
                yield " ", False
            yield from _fragments(child, sup)
        yield child.tail or "", sup


def _as_figure(text: str) -> str | None:
    """The figure a cell prints, its currency sign dropped ('RMB 1,234' -> '1,234'), or None."""
    bare = _LEADING_CURRENCY.sub(r"\1", text).strip()
    return bare if parse_figure(bare) is not None else None


def _items(pieces: list[_Piece]) -> list[_Item]:
    """A row's pieces with each split figure joined: 'RMB' + '(1,234' + ')' -> '(1,234)'."""
    items: list[_Item] = []
    for piece in pieces:
        joined = _join(items[-1], piece) if items else None
        if joined is not None:
            items[-1] = _joined(items[-1], joined, piece)
            continue
        figure = _as_figure(piece.figure_text)
        items.append(_Item(piece.start, piece.end, figure or piece.label_text, figure is not None,
                           piece.cell, piece.line, piece.end - piece.start > 1))
    return items


def _join(last: _Item, piece: _Piece) -> str | None:
    """The text of ``last`` and ``piece`` as one cell when they are pieces of one figure, else None."""
    text, touching = piece.figure_text, last.end == piece.start
    if not text and touching:  # a footnote marker in a cell of its own
        return last.text if last.figure else last.text + piece.label_text
    if _OPENER.match(last.text):
        if touching and _OPENER.match(last.text + text):  # 'RMB' + '('
            return last.text + text
        # a currency sign joins only the cell right after it: one further on may be the next column's
        if _FIGURE_START.match(text) and (touching or last.text == "("):
            return ("(" if last.text.endswith("(") else "") + text
    if _CLOSER.match(text) and not _YEAR.match(last.text) and _as_figure(last.text + text) is not None:
        return last.text + text
    return None


def _joined(first: _Item, text: str, piece: _Piece) -> _Item:
    """One cell from the first piece's place (and source cell) to the last piece's."""
    figure = _as_figure(text)
    return _Item(first.start, piece.end, figure or text, figure is not None, first.cell, first.line, False)


class _Columns:
    """Physical columns grouped into logical ones (union-find); columns no cell uses are spacers."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, column: int) -> int:
        root = column
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[column] != root:
            self.parent[column], column = root, self.parent[column]
        return root

    def join(self, start: int, end: int) -> None:
        for column in range(start, end):
            self.parent.setdefault(column, column)
        first = self.find(start)
        for column in range(start + 1, end):
            self.parent[self.find(column)] = first

    def groups(self, start: int, end: int) -> list[int]:
        """The logical columns a range meets, left to right."""
        seen: list[int] = []
        for column in range(start, end):
            if column in self.parent and self.find(column) not in seen:
                seen.append(self.find(column))
        return seen


def _logical(rows: list[list[_Item]]) -> tuple[dict[int, int], _Columns]:
    """Logical columns from the cells: one-column cells and joined figures fix them; a cell over several
    columns joins them when it meets at most one, and is a spanning header when it meets more."""
    columns = _Columns()
    for item in (i for row in rows for i in row if not i.spans):
        columns.join(item.start, item.end)
    for item in sorted((i for row in rows for i in row if i.spans), key=lambda i: i.end - i.start):
        if len(columns.groups(item.start, item.end)) <= 1:
            columns.join(item.start, item.end)
    first: dict[int, int] = {}
    for column in sorted(columns.parent):
        first.setdefault(columns.find(column), column)
    order = {root: n for n, root in enumerate(sorted(first, key=first.__getitem__))}
    return _indented_labels(rows, order, columns), columns


def _indented_labels(rows: list[list[_Item]], order: dict[int, int], columns: _Columns) -> dict[int, int]:
    """Leading columns of words only that never print in the same row are one label column set with
    indents ('Revenues:' in the first, 'Public cloud services' in the second)."""
    slots = [{order[columns.groups(i.start, i.end)[0]] for i in row} for row in rows]
    with_figures = {order[columns.groups(i.start, i.end)[0]] for row in rows for i in row if i.figure}
    labelled = [0 in s for s in slots]  # the rows printing in the label column found so far
    last = 0  # the label column is slots 0..last
    while 0 not in with_figures and last + 1 < len(order) and last + 1 not in with_figures:
        if any(printed and last + 1 in s for printed, s in zip(labelled, slots)):
            break
        labelled = [printed or last + 1 in s for printed, s in zip(labelled, slots)]
        last += 1
    return {root: max(0, n - last) for root, n in order.items()}


def _data_rows(rows: list[tuple[int, etree._Element]], table: int, first_number: int) -> list[Line]:
    """The table's rows as lines of logical cells (rows that print nothing are left out)."""
    if sum(len(row) for _, row in rows) > MAX_CELLS:
        raise KcError(f"a table of more than {MAX_CELLS:,} cells: not an announcement's", line=rows[0][1].sourceline)
    items = [_items(pieces) for pieces in _grid(rows)]
    order, columns = _logical(items)
    width = max(order.values(), default=-1) + 1
    if width * len(rows) > MAX_CELLS:
        raise KcError(f"a table of more than {MAX_CELLS:,} cells: not an announcement's", line=rows[0][1].sourceline)
    out: list[Line] = []
    for (number, row), row_items in zip(rows, items):
        if not row_items:
            continue
        where = Where(line=row.sourceline, table=table, row=number)
        texts: list[list[str]] = [[] for _ in range(width)]
        found: list[Where | None] = [None] * width
        for item in row_items:
            slot = order[columns.groups(item.start, item.end)[0]]
            texts[slot].append(item.text)
            found[slot] = found[slot] or Where(line=item.line, table=table, row=number, cell=item.cell)
        cells = [SourceCell(" ".join(t), found[n] or where) for n, t in enumerate(texts)]
        out.append(row_line(first_number + len(out), cells, where))
    return out
