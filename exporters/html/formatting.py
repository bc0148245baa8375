"""How figures, periods and units read on the page.

A figure on a statement page is rendered from its fact, not copied from the source: the page shows
the model. The printed text only decides the style (parentheses or a minus sign, a ``%`` suffix, a
dash for zero), so the page still looks like the filing. :func:`parse_figure` reads a figure back,
which the tests and the "differs from the printout" marker use.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from kcmodel.contexts import Period
from kcmodel.dates import whole_months
from kcmodel.taxonomy import Concept, ItemType
from kcmodel.units import Currency, Measure, Measurement, Unit

DASHES = frozenset({"-", "–", "—", "‒", "−"})
EN_DASH = "–"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SPAN_WORDS = {3: "Three months", 6: "Six months", 9: "Nine months", 12: "Year"}


def day(d: dt.date) -> str:
    """``Dec 31, 2024``: the filings' own style."""
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def months(period: Period) -> int | None:
    """Whole calendar months a duration covers (first of a month to the last of a month), else None."""
    return whole_months(period)


def period_long(period: Period) -> str:
    """As a column header reads: ``Three months ended Sep 30, 2024``, ``As at Dec 31, 2024``."""
    if period.is_instant:
        return f"As at {day(period.end)}"
    span = _SPAN_WORDS.get(months(period) or 0)
    if span:
        return f"{span} ended {day(period.end)}"
    return f"{day(period.start)} to {day(period.end)}"


def period_short(period: Period) -> str:
    """A compact, sortable-looking name: ``Q3 2024``, ``H1 2025``, ``9M 2024``, ``FY2024``, ``Dec 31, 2024``."""
    if period.is_instant:
        return day(period.end)
    n = months(period)
    start = period.start
    if n == 3 and start.month in (1, 4, 7, 10):
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if n == 12 and start.month == 1:
        return f"FY{start.year}"
    if n == 6 and start.month == 1:
        return f"H1 {start.year}"
    if n == 9 and start.month == 1:
        return f"9M {start.year}"
    return f"{period.start.isoformat()} – {period.end.isoformat()}"


def period_dates(period: Period) -> str:
    """The exact dates, both days included (docs/conventions.md §2)."""
    if period.is_instant:
        return f"instant {period.end.isoformat()}"
    return f"{period.start.isoformat()} to {period.end.isoformat()} (inclusive)"


_MEASURES = {Measure.shares: "shares", Measure.pure: "pure"}


def _measure_words(measure: Measurement) -> str:
    return measure.symbol if isinstance(measure, Currency) else _MEASURES[measure]


def unit_words(unit: Unit | None) -> str:
    if unit is None:
        return "none"
    num = _measure_words(unit.numerator)
    if unit.denominator is None:
        return num
    if unit.denominator is Measure.shares:
        return f"{num} per share"
    return f"{num} per {_measure_words(unit.denominator)}"


def scale_words(concept: Concept, unit: Unit | None, decimals: int | None) -> str:
    """How the figure is shown: ``RMB thousands``, ``RMB per share``, ``% (of revenues)``."""
    words = unit_words(unit)
    if concept.type is ItemType.percent:
        return "percent"
    if decimals is not None and decimals < 0:
        scale = {-3: "thousands", -6: "millions", -9: "billions"}.get(decimals, f"10^{-decimals}")
        return f"{words} {scale}"
    if concept.type is ItemType.count:
        return "number"
    return words


def display_number(value: Decimal, concept: Concept, decimals: int | None) -> tuple[Decimal, int]:
    """The number as shown (scaled) and its places: amounts in thousands, as the statements print them
    (a prose figure printed to the hundred thousand, decimals -5, shows as 728,700), percent points for ratios."""
    decimals = 0 if decimals is None else decimals
    if concept.type is ItemType.percent:
        return value.scaleb(2), max(decimals - 2, 0)
    if decimals < 0:
        return value.scaleb(-3), max(3 + decimals, 0)
    return value, decimals


def _digits(number: Decimal, places: int) -> str:
    exact = number.quantize(Decimal(1).scaleb(-places))
    return format(abs(exact), f",.{places}f")


def figure(value: Decimal | None, concept: Concept, decimals: int | None, *, negated: bool = False,
           printed: str = "") -> str:
    """A statement figure: the fact's value (negated where the row prints it so) in the printout's style."""
    if value is None:
        return EN_DASH
    number, places = display_number(-value if negated else value, concept, decimals)
    text = printed.strip()
    if number == 0 and (text in DASHES or not text):
        return EN_DASH
    digits = _digits(number, places)
    if number == 0:
        return digits
    suffix = ""
    if text.endswith("%"):
        suffix = " %" if text.endswith(" %") else "%"
    if number < 0:
        if text.startswith(("-", "−")) and text not in DASHES:
            return f"-{digits}{suffix}"
        return f"({digits}){suffix}"
    return f"{digits}{suffix}"


def signed(value: Decimal | None, concept: Concept, decimals: int | None) -> str:
    """A value as the concept signs it (for series and fact lists): negatives in parentheses."""
    if value is None:
        return "nil"
    number, places = display_number(value, concept, decimals)
    digits = _digits(number, places)
    if concept.type is ItemType.percent:
        digits += "%"
    return f"({digits})" if number < 0 else digits


def exact(value: Decimal | dt.date | str | None) -> str:
    """The stored value in full, e.g. ``-1979042000``, ``0.172`` or ``2024-12-31``."""
    if value is None:
        return "nil"
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    text = format(value, "f")
    return "0" if text in ("-0", "0") else text


_NUMBER = re.compile(r"^(?P<neg>[-−])?\(?(?P<digits>[\d,]*\.?\d+)\)?\s*%?$")


def parse_figure(text: str) -> Decimal | None:
    """A shown or printed figure back to a number: ``(1,234)`` → -1234, ``-17.2 %`` → -17.2, ``–`` → 0."""
    text = text.strip()
    if text in DASHES:
        return Decimal(0)
    match = _NUMBER.match(text)
    if match is None:
        return None
    number = Decimal(match["digits"].replace(",", ""))
    negative = bool(match["neg"]) or (text.startswith("(") and ")" in text)
    return -number if negative else number
