"""Evidence for where a damaged row's figures belong.

A candidate reading puts each printed figure in a column. It is supported or contradicted by what
the document itself says: a US$ figure is its RMB figure at the document's rate (docs/conventions.md §4); two
adjacent periods add up to the period that spans them; the same fact printed in an undamaged table
has the same magnitude; a margin is its amount over revenues. Only a reading that nothing
contradicts and something supports, and that no other reading matches, is taken.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kcmodel.contexts import Period
from kcmodel.ingest.columns import Column
from kcmodel.printed import Printed
from kcmodel.rules import READING_DRIFT, footed_from, translates
from kcmodel.taxonomy import Taxonomy
from kcmodel.units import Currency

Key = tuple[str, tuple[tuple[str, str], ...], Period, Currency | None]  # concept, members, period, currency


@dataclass
class Score:
    support: int = 0
    against: int = 0

    def add(self, other: Score) -> None:
        self.support += other.support
        self.against += other.against

    def check(self, holds: bool | None) -> None:
        if holds is True:
            self.support += 1
        elif holds is False:
            self.against += 1


def _unit(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def close(a: Decimal, b: Decimal, places: int, terms: int = 1) -> bool:
    """Equal within the rounding of printed figures: half a unit per term, and one for the result."""
    return abs(a - b) <= _unit(places) * (Decimal(terms) / 2 + 1)


class Known:
    """Magnitudes of facts read from undamaged rows, in absolute units."""

    def __init__(self) -> None:
        self.values: dict[Key, set[Decimal]] = {}

    def add(self, key: Key, magnitude: Decimal) -> None:
        self.values.setdefault(key, set()).add(magnitude)

    def get(self, key: Key) -> set[Decimal]:
        return self.values.get(key, set())


@dataclass(frozen=True)
class Reading:
    """One candidate: (column, printed figure) in the row's order."""

    cells: tuple[tuple[Column, Printed], ...]


def adjacent(first: Period, second: Period) -> bool:
    return first.start is not None and second.start is not None and first.end + dt.timedelta(days=1) == second.start


def score(reading: Reading, *, concept: str | None, members: tuple, known: Known, rate: Decimal | None,
          scale: int, taxonomy: Taxonomy) -> Score:
    result = Score()
    placed = [(c, p) for c, p in reading.cells if c.period is not None and not c.derived]
    item = taxonomy.concepts.get(concept) if concept else None
    shares = item is not None and item.type.value == "shares"
    n = footed_from(taxonomy, concept) if concept else 0  # how many figures a US$ one may be footed from
    for usd_col, usd in placed:
        if usd_col.currency is not Currency.USD:
            continue
        for cny_col, cny in placed:
            if cny_col.currency is Currency.CNY and cny_col.period == usd_col.period and (usd.value or cny.value):
                if shares:
                    result.check(abs(usd.value) == abs(cny.value))
                elif rate:
                    result.check(_translated(cny.value, usd, rate, n))
    if item is None or (item.type.value == "monetary" and item.period.value == "duration"):
        result.add(_additivity(placed, rate, n))  # flows add up over periods; balances, counts and ratios do not
    if item is not None:
        for column, printed in placed:
            magnitudes = known.get((concept, members, column.period, column.currency or Currency.CNY))
            if magnitudes and printed.value:
                factor = Decimal(scale) if item.type.value == "monetary" else Decimal(1)
                result.check(any(close(abs(printed.value) * factor, m, printed.places - (3 if factor != 1 else 0))
                                 for m in magnitudes))
        if item.ratio is not None:
            for column, printed in placed:
                result.check(_ratio_holds(item.ratio, members, column.period, printed, known))
    return result


def _translated(cny: Decimal, usd: Printed, rate: Decimal, n: int) -> bool:
    """The printed US$ figure is the RMB amount at the rate (``kcmodel.rules.translates``); printed
    signs are presentation, the same for both, so magnitudes are compared."""
    return translates(abs(cny), abs(usd.value), rate, _unit(usd.places), n, READING_DRIFT)


def _additivity(placed: list[tuple[Column, Printed]], rate: Decimal | None, n: int) -> Score:
    result = Score()
    durations = [(c, p) for c, p in placed if c.period.start is not None]
    for a_col, a in durations:
        for b_col, b in durations:
            if a_col.currency is not Currency.CNY or b_col.currency is not Currency.CNY or not adjacent(a_col.period, b_col.period):
                continue
            whole = Period.duration(a_col.period.start, b_col.period.end)
            for c_col, c in durations:
                if c_col.period != whole or not (a.value or b.value or c.value):
                    continue
                if c_col.currency is Currency.CNY:
                    result.check(close(abs(a.value + b.value), abs(c.value), c.places, 3))
                elif c_col.currency is Currency.USD and rate and not any(
                        col.currency is Currency.CNY and col.period == whole for col, _ in durations):
                    result.check(_translated(a.value + b.value, c, rate, n))
    return result


def _ratio_holds(ratio, members: tuple, period: Period, printed: Printed, known: Known) -> bool | None:
    numerators = known.get((ratio.numerator, members, period, Currency.CNY))
    denominators = known.get((ratio.denominator, members, period, Currency.CNY))
    if not numerators or not denominators or not printed.value:
        return None
    expected = [n / d * 100 for n in numerators for d in denominators if d]
    # a printed margin is its amount over revenues rounded (half a unit), from amounts that are
    # themselves rounded: a unit of the margin covers both
    return any(abs(abs(printed.value) - e) <= _unit(printed.places) for e in expected)


def choose(scored: list[tuple[object, Score]]) -> tuple[object, Score] | None:
    """The candidate that nothing contradicts, something supports, and that beats every other one."""
    clean = sorted(((s.support, n) for n, (_, s) in enumerate(scored) if s.against == 0 and s.support > 0), reverse=True)
    if not clean or (len(clean) > 1 and clean[1][0] == clean[0][0]):
        return None
    return scored[clean[0][1]]
