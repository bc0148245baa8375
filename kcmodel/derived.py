"""Facts kcmodel derives rather than reads: a year's fourth quarter where only the year and its
first nine months are printed (Q4 = year − nine months), marked derived, never exported as reported.

Flows in RMB are grouped into series (concept, members, entity) by period; the validator checks the
same series for additivity (adjacent periods add up to the period that spans them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from kcmodel.contexts import Period
from kcmodel.facts import Fact
from kcmodel.taxonomy import ItemType, PeriodType, Taxonomy
from kcmodel.units import Currency

Span = tuple[dt.date, dt.date]  # (first day, last day)


def flows(facts: Iterable[Fact], taxonomy: Taxonomy) -> dict[tuple, dict[Span, Fact]]:
    """Printed flow facts in RMB, by series (concept, members, entity) and period."""
    series: dict[tuple, dict[Span, Fact]] = {}
    for fact in facts:
        concept = taxonomy.concepts[fact.concept]
        if (concept.type is ItemType.monetary and concept.period is PeriodType.duration and fact.unit is not None
                and fact.unit.currency is Currency.CNY and isinstance(fact.value, Decimal) and not fact.derived):
            period = fact.context.period
            key = (fact.concept, fact.context.dimensions, fact.context.entity.identifier)
            series.setdefault(key, {})[(period.start, period.end)] = fact
    return series


def fourth_quarters(facts: Iterable[Fact], taxonomy: Taxonomy) -> list[Fact]:
    """Q4 = year - nine months, where both are printed and Q4 is not."""
    derived = []
    for by_period in flows(facts, taxonomy).values():
        for (start, end), total in by_period.items():
            if (end - start).days < 364 or start.month != 1 or start.day != 1:
                continue
            nine = by_period.get((start, dt.date(end.year, 9, 30)))
            if nine is None or (dt.date(end.year, 10, 1), end) in by_period:
                continue
            q4 = Period.duration(dt.date(end.year, 10, 1), end)
            derived.append(Fact.checked(taxonomy, concept=total.concept, context=total.context.model_copy(update={"period": q4}),
                                unit=total.unit, value=total.value - nine.value, decimals=min(total.decimals, nine.decimals),
                                provenance=(*total.provenance[:1], *nine.provenance[:1]), derived=True))
    return derived
