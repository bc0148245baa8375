"""Printed figures: '(6,444,254)', '–', '-19.6%', '(8.5)%', '16.8 %', '0.54', '268.7¹'.

A printed figure keeps how it was printed (its digits after the point, whether it was a dash, a
percentage, in parentheses) so the fact can get its decimals and the ledger its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

DASHES = frozenset({"-", "–", "—", "−"})
FOOTNOTE_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰"

_NUMBER = re.compile(
    r"""^(?P<open>\()?\s*(?P<minus>[-−–])?\s*
        (?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?
        \s*(?P<close>\))?\s*(?P<percent>%)?\s*(?P<close2>\))?$""",
    re.VERBOSE,
)
_FOOTNOTE = re.compile(rf"(?:[{FOOTNOTE_MARKS}]+|\[\d+\])$")
# what a figure is printed with: a cell of only these characters, with a digit, is meant as a figure
_FIGURE_LIKE = re.compile(r"[\d,.()%+\-−–—\s]*\d[\d,.()%+\-−–—\s]*")


@dataclass(frozen=True)
class Printed:
    """A figure as printed and its value (a dash is zero, docs/conventions.md §7 fixed-zero)."""

    text: str
    value: Decimal
    places: int = 0  # digits printed after the decimal point
    percent: bool = False
    dash: bool = False
    parenthesised: bool = False


def looks_like_figure(text: str) -> bool:
    """A cell printed as a figure: digits with only separators, signs, brackets, '%' and spaces around
    them (footnote marks aside). '1,2,3', '(12', '12)' and '1.812.692' look like figures and do not
    read as one: the ledger records each, so no printed figure is lost without a word."""
    return bool(_FIGURE_LIKE.fullmatch(_FOOTNOTE.sub("", text.strip()).strip()))


def unreadable(text: str) -> bool:
    """A cell that looks like a figure but is none: its value cannot be known."""
    return looks_like_figure(text) and parse_figure(text) is None


def parse_figure(text: str) -> Printed | None:
    """The figure a cell prints, or None when the cell is not a figure."""
    cell = text.strip()
    if cell in DASHES:
        return Printed(text=cell, value=Decimal(0), dash=True)
    cell = _FOOTNOTE.sub("", cell).strip()
    match = _NUMBER.match(cell)
    if match is None:
        return None
    opened = match["open"] is not None
    closed = match["close"] is not None or match["close2"] is not None
    if opened != closed or (match["close"] and match["close2"]):
        return None
    fraction = match["fraction"] or ""
    value = Decimal(match["digits"].replace(",", "") + (f".{fraction}" if fraction else ""))
    if opened or match["minus"]:
        value = -value
    return Printed(text=text.strip(), value=value, places=len(fraction), percent=match["percent"] is not None,
                   parenthesised=opened)
