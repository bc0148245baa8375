"""The one representation every published form is read into: lines in reading order.

A line is prose (a paragraph, a bullet, a title) or a table row, whose cells (the label's first)
were found by the form's reader: split at TABs, at aligned runs of spaces, from ``<td>`` elements
or from the x-positions of a PDF's words. A row's ``text`` is its cells joined by TABs, so the one
table reader (``tables.py`` onwards) reads every form the same way and never knows which it was.

Each line keeps where it was printed (``Where``): for text the file line is the line's number; for
HTML the element's source line and the table, row and cell; for PDF the page, the line on the
page and the word boxes. The reader works in reading-order numbers and turns them into the
model's provenance only when it makes facts, ledger entries and findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Form = Literal["text", "aligned-text", "html", "pdf"]
Box = tuple[Decimal, Decimal, Decimal, Decimal]  # x0, top, x1, bottom in PDF points from the page's top-left


@dataclass(frozen=True)
class Where:
    """Where a line or cell was printed in its source form, beyond its reading-order number."""

    line: int | None = None  # text: the file line; HTML: the element's source line; PDF: the line on its page
    page: int | None = None  # PDF: 1-based page
    table: int | None = None  # HTML: 1-based ``<table>`` in document order
    row: int | None = None  # HTML: 1-based ``<tr>`` of that table
    cell: int | None = None  # HTML: 1-based ``<td>``/``<th>`` of that row, as in the source
    box: Box | None = None  # PDF: the words' bounding box


@dataclass(frozen=True)
class SourceCell:
    """One cell of a table row as its reader found it."""

    text: str
    where: Where | None = None


@dataclass(frozen=True)
class Line:
    """A line of the document in reading order (``number`` is 1-based, ``lines[number - 1]``)."""

    number: int
    raw: str  # as printed (markup and all) for text; the cells joined by TABs for other forms
    text: str  # what the reader sees: markup removed; a table row's cells joined by TABs
    cells: tuple[SourceCell, ...] | None = None  # a table row found by its form's reader
    where: Where | None = None

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def row_line(number: int, cells: list[SourceCell], where: Where | None) -> Line:
    """A table row as a line: its cells' texts (TABs and line breaks inside a cell become spaces)."""
    clean = tuple(SourceCell(" ".join(c.text.split()), c.where) for c in cells)
    text = "\t".join(c.text for c in clean).rstrip()
    return Line(number=number, raw=text, text=text, cells=clean, where=where)


def prose_line(number: int, text: str, where: Where | None) -> Line:
    flat = " ".join(text.split())
    return Line(number=number, raw=flat, text=flat, where=where)


@dataclass(frozen=True)
class Dropped:
    """A printed line its form's reader took out of the reading: page furniture, not the announcement."""

    where: Where
    text: str
    why: str  # 'page number', 'running header', 'running footer', 'continued', 'repeated column header'


@dataclass
class SourceDocument:
    """An announcement as read from one file: its form, its lines, and what its reader dropped."""

    path: str  # as given, for messages
    name: str  # the file name, for provenance
    form: Form
    lines: list[Line] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    # lines (reading-order numbers) where characters no output can carry were replaced, and how many
    replaced: list[tuple[int, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the form's reader read a damaged form

    def where(self, number: int) -> Where | None:
        return self.lines[number - 1].where if 0 < number <= len(self.lines) else None
