"""Seeds typeset as space-aligned text, the way ``pdftotext -layout`` writes a results PDF.

Test code: a seed is read at test time and its TAB tables are laid out again with runs of spaces;
every other line (prose, titles, the rows the seed itself prints with single spaces) is kept as it
is. A ``Typesetting`` says how: gutters and column widths, how header words and spans sit over
their columns, where long labels wrap and how their continuation is indented, whether a date is
split over two header lines or a currency printed on its own line, and page breaks (a form feed,
a page-number line, and the column header printed again when a page breaks inside a table).

Each slot of the TAB text becomes a column: figures right-aligned at the column's right edge, a
span centred (or left- or right-aligned) over the slots it covers (up to the next cell on its line),
so the positions the TAB text gives are the ones a reader of the layout can recover.

What a hand-pasted text or another PDF's ``pdftotext -layout`` does besides: a header on one line (the
span where the labels stand, each date with its currency), a currency sign printed in front of the
amounts of a table's first row and its totals (at the column's left, as a filing agent's '$' column
comes out), gutters that differ from column to column, a label column so narrow that most labels
wrap, and a title set right above its table with no blank line between.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from kcmodel.printed import parse_figure
from kcmodel.ingest.tables import CURRENCY, DATE, SPAN, YEAR, is_header_token
from kcmodel.ingest.text import clean

_CURRENCY_AFTER = re.compile(r"^(?P<head>\S.*?)\s+(?P<currency>(?:RMB|US\$|HK\$)(?:'000)?)$")
MAX_GAP = 10  # non-TAB lines between two TAB rows of one table (labels alone, blanks, spaced rows)
PROSE_CHARS = 60  # a sentence this long between two TAB rows is prose: the tables around it are two


@dataclass(frozen=True)
class Typesetting:
    """How a table is laid out in characters."""

    name: str
    gutter: int = 2  # spaces between columns (a span wider than its columns widens them)
    min_width: int = 0  # narrowest value column
    wrap: int = 44  # labels longer than this wrap onto further lines
    hanging: int = 2  # indent of a wrapped label's continuation (0: not indented)
    header_align: str = "centre"  # header words in their column: 'centre' or 'right'
    span_align: str = "centre"  # spans over their columns: 'centre', 'left' or 'right'
    split_dates: bool = False  # 'Sep 30, 2024' printed as 'Sep 30,' over '2024'
    currency_line: bool = False  # '2024 RMB' printed as '2024' over 'RMB'
    hang_parentheses: bool = False  # positive figures end one space short, so digits align with '(1,234)'
    page_lines: int | None = 55  # lines per page (None: one page)
    page_number: str = "- {n} -"  # the page-number line at each page's foot
    repeat_header: bool = True  # a table broken by a page prints its column header again
    indent: int = 0  # every line of a table starts this far in
    figures_first: bool = False  # a wrapped label's figures on its first line (the rest of it below)
    page_shift: int = 0  # even pages printed this much further right (each page on its own grid)
    gutters: tuple[int, ...] = ()  # the gutter before each column in turn, repeated (instead of ``gutter``)
    one_line_header: bool = False  # a lone span printed where the labels stand, on the line of its dates,
    #                                each date with its currency ('Sep 30, 2024 RMB'): the header on one line
    currency_prefix: str = ""  # a table's first row of amounts and its totals print the column's currency,
    #                            'left': at the column's left ('RMB    1,234,542'); 'tight': right before ('RMB 1,234')
    tight_titles: bool = False  # no blank line between a table and the title above it


# A: narrow gutters, centred header words and spans, hanging indents, the header repeated on each page
# B: wide columns, right-aligned header words, left-aligned spans, wraps not indented, dates and
#    currencies on their own header lines, digits aligned under parentheses, no header repeated
# C: indented tables, right-aligned spans, a wrapped label's figures on its first line, plain page numbers
# D: each even page on a grid three columns over (as pdftotext lays out pages), dates split
# E: headers on one line (span beside its dates, currency beside each date), currency signs in front
#    of a table's first amounts and its totals, right-aligned header words, page numbers alone
# F: a label column so narrow that most labels wrap (continuations not indented), gutters that
#    differ from column to column, titles right above their tables, currency signs right before
#    the amounts they sign, short pages
A = Typesetting("A")
B = Typesetting("B", gutter=5, min_width=14, wrap=36, hanging=0, header_align="right", span_align="left",
                split_dates=True, currency_line=True, hang_parentheses=True, page_lines=71,
                page_number="Page {n}", repeat_header=False)
C = Typesetting("C", gutter=3, wrap=40, hanging=4, header_align="right", span_align="right", hang_parentheses=True,
                page_lines=40, page_number="{n}", indent=4, figures_first=True)
D = Typesetting("D", gutter=3, min_width=11, wrap=48, hanging=2, split_dates=True, page_lines=50,
                page_number="Page {n} of 30", page_shift=3)
E = Typesetting("E", gutter=3, wrap=52, hanging=2, header_align="right", page_lines=60, page_number="{n}",
                one_line_header=True, currency_prefix="left")
F = Typesetting("F", gutters=(2, 7, 3, 5), wrap=24, hanging=0, span_align="centre", page_lines=45,
                page_number="- {n} -", tight_titles=True, currency_prefix="tight")
TYPESETTINGS = (A, B, C, D, E, F)


@dataclass
class _Block:
    """A table's run of TAB rows (with the lines between them) laid out with one set of columns."""

    first: int
    last: int
    rows: dict[int, list[str]] = field(default_factory=dict)  # line index -> cells (0 is the label)
    omitted: set[int] = field(default_factory=set)  # header lines printed on another line (one-line headers)


def render(seed: Path, style: Typesetting) -> str:
    """The seed's text with its TAB tables laid out in spaces, as ``style`` says."""
    raw = seed.read_text(encoding="utf-8").split("\n")
    blocks = _blocks(raw)
    out: list[tuple[str, bool, list[str] | None]] = []  # (line, may break after, header to repeat)
    index = 0
    for block in blocks:
        before = raw[index:block.first]
        if style.tight_titles:
            while before and not before[-1].strip() and any(line.strip() for line in before):
                before.pop()
        if style.one_line_header:
            _one_line_header(block)
        out += [(line, True, None) for line in before]
        out += _layout(block, raw, style)
        index = block.last + 1
    out += [(line, True, None) for line in raw[index:]]
    return _paginate(out, style)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in clean(line).split("\t")]


def _blocks(raw: list[str]) -> list[_Block]:
    tab_rows = [i for i, line in enumerate(raw) if "\t" in line and clean(line).strip()]
    blocks: list[_Block] = []
    for i in tab_rows:
        cells = _cells(raw[i])
        new_table = _header_row(cells) and blocks and not _header_row(blocks[-1].rows[blocks[-1].last])
        between = raw[blocks[-1].last + 1:i] if blocks else []
        near = len(between) <= MAX_GAP and not any(_prose(line) for line in between)
        if blocks and near and not new_table:
            blocks[-1].last = i
        else:
            blocks.append(_Block(i, i))
        blocks[-1].rows[i] = cells
    return blocks


def _one_line_header(block: _Block) -> None:
    """Each line of dates takes the line of currencies below it, date by date ('Sep 30, 2024 RMB'),
    and a lone span over all the columns above it ('For the six months ended June 30,') moves to
    where the labels stand on that line."""
    lines = sorted(block.rows)
    for position, index in enumerate(lines):
        dates = block.rows[index]
        if index in block.omitted or dates[0] or not _header_row(dates) \
                or not any(DATE.match(c) or YEAR.match(c) for c in dates[1:]):
            continue
        below = lines[position + 1] if position + 1 < len(lines) else None
        currencies = block.rows[below] if below is not None else []
        if currencies and not currencies[0] and any(currencies[1:]) and len(currencies) <= len(dates) \
                and all(CURRENCY.match(c) for c in currencies[1:] if c):
            padded = [*currencies[1:], *[""] * (len(dates) - len(currencies))]
            dates = ["", *(f"{d} {c}".strip() for d, c in zip(dates[1:], padded))]
            block.omitted.add(below)
        above = lines[position - 1] if position else None
        span = block.rows[above] if above is not None else []
        if span and not span[0] and len(span) > 1 and span[1] and SPAN.search(span[1]) and not any(span[2:]):
            dates = [span[1], *dates[1:]]
            block.omitted.add(above)
        block.rows[index] = dates


def _prose(line: str) -> bool:
    text = clean(line).strip()
    return len(text) >= PROSE_CHARS and text.endswith(".")


def _is_figure(text: str) -> bool:
    return parse_figure(text) is not None


def _header_row(cells: list[str]) -> bool:
    """A row of the column header: dates, spans, currencies (no figure, no row label)."""
    values = [c for c in cells[1:] if c]
    return (bool(values) or bool(cells[0])) and not any(_is_figure(c) and not YEAR.match(c) for c in values) \
        and (not cells[0] or is_header_token(cells[0]))


def _spans(cells: list[str], slots: int) -> dict[int, int]:
    """Each span's slot -> the last slot it covers (up to the next cell printed on its line)."""
    out = {}
    for k in range(1, len(cells)):
        if cells[k] and SPAN.search(cells[k]):
            nxt = next((j for j in range(k + 1, len(cells)) if cells[j]), slots + 1)
            out[k] = nxt - 1
    return out


def _split_header(cells: list[str], style: Typesetting) -> list[list[str]]:
    """A header row as printed: dates over two lines, currencies on their own line, as the style says."""
    rows = [cells]
    if cells[0] or not _header_row(cells):
        return rows
    values = [c for c in cells[1:] if c]
    if style.split_dates and values and all(DATE.match(c) for c in values):
        parts = [c.rsplit(" ", 1) if c else ["", ""] for c in cells]
        return [[p[0] for p in parts], [p[-1] if len(p) > 1 else "" for p in parts]]
    if style.currency_line and values and all(_CURRENCY_AFTER.match(c) for c in values):
        matches = [_CURRENCY_AFTER.match(c) if c else None for c in cells]
        return [[m["head"] if m else "" for m in matches], [m["currency"] if m else "" for m in matches]]
    return rows


def _wrap(label: str, style: Typesetting) -> list[str]:
    if len(label) <= style.wrap or " " not in label:
        return [label]
    pieces, current = [], ""
    for word in label.split():
        width = style.wrap - (style.hanging if pieces else 0)
        if current and len(current) + 1 + len(word) > width:
            pieces.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    pieces.append(current)
    return [pieces[0], *(" " * style.hanging + p for p in pieces[1:])]


def _layout(block: _Block, raw: list[str], style: Typesetting) -> list[tuple[str, bool, list[str] | None]]:
    printed = {i: _split_header(cells, style) for i, cells in block.rows.items() if i not in block.omitted}
    slots = max(len(r) for rows in printed.values() for r in rows) - 1
    signs = _currency_signs(block) if style.currency_prefix else {}
    signed = _signed_rows(block) if signs else set()
    widths, label_width = _widths(printed, slots, style)
    for k, sign in signs.items():  # room for the sign, a space, and the widest amount it signs
        amounts = [len(block.rows[i][k]) for i in signed if k < len(block.rows[i]) and _is_figure(block.rows[i][k])]
        widths[k] = max(widths[k], max(amounts, default=0) + len(sign) + 1)
    gutters = [0] + [style.gutters[(k - 1) % len(style.gutters)] if style.gutters else style.gutter
                     for k in range(1, slots + 1)]  # gutters[k]: the space before slot k
    for rows in printed.values():
        for cells in rows:
            _make_room(cells, slots, widths, gutters, style)
    rights, x = [0] * (slots + 1), style.indent + label_width
    for k in range(1, slots + 1):
        x += gutters[k] + widths[k]
        rights[k] = x
    out: list[tuple[str, bool, list[str] | None]] = []
    header: list[str] = []
    in_header = False
    for i in range(block.first, block.last + 1):
        if i in block.omitted:
            continue
        upcoming = next((block.rows[j] for j in range(i + 1, block.last + 1) if j in block.rows), None)
        repeat = header if header and not in_header and upcoming is not None and not _header_row(upcoming) else None
        if i not in printed:
            out.append((raw[i], True, repeat))
            continue
        lines = []
        for cells in printed[i]:
            lines += _row(cells, slots, widths, rights, style, signs if i in signed else {})
        is_header = _header_row(block.rows[i])
        if is_header and not in_header:
            header, in_header = [], True
        if is_header:
            header += lines
        elif any(block.rows[i][1:]):
            in_header = False
        repeat = header if header and not in_header and upcoming is not None and not _header_row(upcoming) else None
        out += [(line, False, None) for line in lines[:-1]]
        out.append((lines[-1], not is_header, repeat))  # a header stays on the page of the rows below it
    return out


def _currency_signs(block: _Block) -> dict[int, str]:
    """Each slot's currency sign, from the header's currencies ('RMB', "US$'000", 'Sep 30, 2024 RMB')."""
    signs: dict[int, str] = {}
    for cells in block.rows.values():
        if not _header_row(cells):
            continue
        for k, cell in enumerate(cells[1:], start=1):
            match = _CURRENCY_AFTER.match(cell)
            currency = cell if CURRENCY.match(cell) else match["currency"] if match else None
            if currency:
                signs[k] = currency.split("'")[0]
    return signs


def _signed_rows(block: _Block) -> set[int]:
    """The rows whose amounts carry a currency sign: the first row of amounts under a header, and totals."""
    out, under_header = set(), False
    for i in sorted(block.rows):
        cells = block.rows[i]
        if i in block.omitted:
            continue
        if _header_row(cells):
            under_header = True
        elif any(_is_figure(c) for c in cells[1:]):
            if under_header or cells[0].lower().startswith("total"):
                out.add(i)
            under_header = False
    return out


def _widths(printed: dict[int, list[list[str]]], slots: int, style: Typesetting) -> tuple[list[int], int]:
    widths = [0] + [style.min_width] * slots
    label_width = 0
    for rows in printed.values():
        for cells in rows:
            spans = _spans(cells, slots)
            if any(cells[1:]):  # a label alone on its line may run over the value columns
                label_width = max([label_width, *(len(p) for p in _wrap(cells[0], style))])
            for k in range(1, len(cells)):
                if cells[k] and spans.get(k, k) == k:
                    widths[k] = max(widths[k], len(cells[k]))
    return widths, label_width


def _make_room(cells: list[str], slots: int, widths: list[int], gutters: list[int], style: Typesetting) -> None:
    """A span wider than the columns it covers widens the gutters between them."""
    for start, end in _spans(cells, slots).items():
        if end == start:
            continue
        span = sum(widths[start:end + 1]) + sum(gutters[start + 1:end + 1])
        need = len(cells[start]) - span
        if need > 0:
            extra = math.ceil(need / (end - start))
            for k in range(start + 1, end + 1):
                gutters[k] += extra


def _row(cells: list[str], slots: int, widths: list[int], rights: list[int], style: Typesetting,
         signs: dict[int, str] | None = None) -> list[str]:
    """A TAB row as printed lines: the label (wrapped) with the cells on its last line; an amount in a
    column of ``signs`` with the currency sign at the column's left."""
    labels = _wrap(cells[0], style) if cells[0] else [""]
    text = " " * style.indent + labels[-1]
    spans = _spans(cells, slots)
    for k in range(1, len(cells)):
        value = cells[k]
        if not value:
            continue
        if spans.get(k, k) != k:
            left, right = rights[k] - widths[k], rights[spans[k]]
            starts = {"centre": left + (right - left - len(value)) // 2, "left": left, "right": right - len(value)}
            x0 = starts[style.span_align]
        elif _is_figure(value):
            x0 = rights[k] - len(value) - (1 if style.hang_parentheses and not value.endswith(")") else 0)
            sign = (signs or {}).get(k)
            if sign and not value.endswith("%"):
                at = rights[k] - widths[k] if style.currency_prefix == "left" else x0 - len(sign) - 1
                text = _put(text, at, sign)
                if x0 > len(text):  # one space at the least: 'RMB 12,345,678' is one chunk
                    text = text.ljust(x0) + value
                    continue
        elif style.header_align == "centre":
            x0 = rights[k] - widths[k] + (widths[k] - len(value)) // 2
        else:
            x0 = rights[k] - len(value)
        text = _put(text, max(x0, 0), value)
    if style.figures_first and len(labels) > 1:
        first = _row([labels[0], *cells[1:]], slots, widths, rights, replace(style, figures_first=False, wrap=10**6),
                     signs)
        return first + [" " * style.indent + piece for piece in labels[1:]]
    return [" " * style.indent + piece for piece in labels[:-1]] + [text.rstrip()]


def _put(text: str, x0: int, value: str) -> str:
    if len(text) > x0 - 2 and text.strip():
        x0 = len(text) + 2  # never closer than a gutter to what is already printed (a reader would merge them)
    return text.ljust(x0) + value


def _paginate(out: list[tuple[str, bool, list[str] | None]], style: Typesetting) -> str:
    if style.page_lines is None:
        return "\n".join(line for line, _, _ in out) + "\n"
    pages, page = [], []
    for line, may_break, header in out:
        page.append(line)
        if may_break and len(page) >= style.page_lines:
            pages.append(page)
            page = list(header) if header and style.repeat_header else []
    pages.append(page)
    texts = []
    for n, lines in enumerate(pages, start=1):
        shift = " " * (style.page_shift if n % 2 == 0 else 0)  # pdftotext lays out each page on its own grid
        lines = [shift + line if line.strip() else line for line in lines]
        texts.append("\n".join([*lines, "", style.page_number.format(n=n).center(60).rstrip(), ""]))
    return "\f".join(texts) + "\f"
