"""How a document laid out its tables: the presentation renderers reproduce (docs/conventions.md §3).

A layout is what the reader saw: the columns (period, currency), each row's printed label, its
depth under section headings, whether it is a total, whether it prints its concept's value
negated, and for each cell the printed text and the fact it became (None when not taken).
XBRL instances and OIM reports do not carry it; a Report read back from them has no tables.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from kcmodel.contexts import Period
from kcmodel.facts import FactRef
from kcmodel.units import Currency


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LayoutColumn(_Value):
    label: str  # the header words above it
    period: Period | None
    currency: Currency | None  # None: the header names no currency (ratios, counts)


class LayoutCell(_Value):
    text: str  # as printed: '(6,444,254)', '–', '17.2'
    fact: FactRef | None = None  # the fact it became; None when it was not taken


class LayoutRow(_Value):
    line: int  # where the row was printed: the file line (HTML: the element's), or for PDF the line on ``page``
    label: str
    kind: Literal["section", "figures"]
    depth: int = 0
    total: bool = False
    negated: bool = False  # the row prints its concept's value negated
    cells: tuple[LayoutCell | None, ...] = ()  # one per column; None where the row prints nothing
    page: int | None = None  # PDF: the page the row is printed on


class Table(_Value):
    title: str
    first_line: int
    last_line: int
    first_page: int | None = None  # PDF: the pages the table spans (its lines are lines on those pages)
    last_page: int | None = None

    @property
    def span(self) -> str:
        """Where the table was printed, for people: 'lines 120–161', 'page 3, line 4 – page 4, line 30'."""
        if self.first_page is None:
            return f"lines {self.first_line}–{self.last_line}"
        if self.first_page == self.last_page:
            return f"page {self.first_page}, lines {self.first_line}–{self.last_line}"
        return f"page {self.first_page}, line {self.first_line} – page {self.last_page}, line {self.last_line}"
    columns: tuple[LayoutColumn, ...]
    rows: tuple[LayoutRow, ...]
