"""The RMB amount a US$ figure translates, where the document does not print it.

A US$ column whose RMB twin is missing is still printed data: its figures are US$ facts. Where
the document's own figures prove the RMB amount — printed periods that together make up the
US$ figure's period (Q1 + Q2 = six months) and whose sum the US$ figure translates at the stated
rate — that sum is the RMB source, a derived fact (``derived=True``: computed, never printed, and
never exported as reported, like a fourth quarter) to which the translation links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from kcmodel.facts import Fact, FactRef
from kcmodel.rules import READING_DRIFT, footed_from, translates
from kcmodel.taxonomy import ItemType, PeriodType, Taxonomy
from kcmodel.units import CNY, Currency

_DAY = dt.timedelta(days=1)


def _chains(periods: dict[tuple[dt.date, dt.date], Fact], start: dt.date, end: dt.date) -> list[list[Fact]]:
    """Every run of printed, adjacent periods from ``start`` to ``end``."""
    if start > end:
        return [[]]
    out = []
    for (first, last), fact in periods.items():
        if first == start and last <= end:
            out += [[fact, *rest] for rest in _chains(periods, last + _DAY, end)]
    return out


def derived_source(usd: Fact, facts: Iterable[Fact], rate: Decimal, taxonomy: Taxonomy) -> Fact | None:
    """The RMB fact ``usd`` translates, as the sum of printed periods, when the sum proves it; else None."""
    concept = taxonomy.concepts[usd.concept]
    period = usd.context.period
    if concept.type is not ItemType.monetary or concept.period is not PeriodType.duration or usd.decimals is None:
        return None
    periods = {(f.context.period.start, f.context.period.end): f for f in facts
               if f.concept == usd.concept and f.unit == CNY and f.context.dimensions == usd.context.dimensions
               and not f.context.period.is_instant and not f.derived and isinstance(f.value, Decimal)}
    periods.pop((period.start, period.end), None)
    proven = []
    for chain in _chains(periods, period.start, period.end):
        if len(chain) < 2 or any(f.decimals is None for f in chain):
            continue
        total = sum((f.value for f in chain), Decimal(0))
        unit = Decimal(1).scaleb(-usd.decimals)
        if (total < 0) == (usd.value < 0) and translates(total, usd.value, rate, unit, footed_from(taxonomy, usd.concept),
                                                          READING_DRIFT):
            proven.append((total, chain))
    if len({total for total, _ in proven}) != 1:
        return None  # no proof, or two sums that disagree: nothing is derived
    total, chain = min(proven, key=lambda p: len(p[1]))
    return Fact.checked(taxonomy, concept=usd.concept, context=usd.context, unit=CNY, value=total, decimals=min(f.decimals for f in chain),
                provenance=tuple(f.provenance[0] for f in chain), derived=True, addends=tuple(f.key for f in chain))


def source_ref(usd: Fact) -> FactRef:
    return FactRef(concept=usd.concept, context=usd.context, unit=usd.unit.in_currency(Currency.CNY))
