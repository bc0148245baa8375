"""Across periods: adjacent periods add up to the period that spans them (Q1 + Q2 = six months,
six months + Q3 = nine months, nine months + Q4 = the year), for flows in RMB.

Where a year and its first nine months are printed but not its fourth quarter, the fourth quarter
is derived (year - nine months) and marked derived: a derived fact is never exported as reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from kcmodel.contexts import Period
from kcmodel.facts import Fact
from kcmodel.findings import Finding, Severity
from kcmodel.taxonomy import ItemType, PeriodType, Taxonomy
from kcmodel.validation.calculations import summation


Span = tuple[dt.date, dt.date]  # (first day, last day)


def _flows(facts: Iterable[Fact], taxonomy: Taxonomy) -> dict[tuple, dict[Span, Fact]]:
    """Flow facts in RMB, by series (concept, members, entity) and period."""
    series: dict[tuple, dict[Span, Fact]] = {}
    for fact in facts:
        concept = taxonomy.concepts[fact.concept]
        if (concept.type is ItemType.monetary and concept.period is PeriodType.duration and fact.unit is not None
                and fact.unit.currency == "CNY" and isinstance(fact.value, Decimal) and not fact.derived):
            period = fact.context.period
            key = (fact.concept, fact.context.dimensions, fact.context.entity.identifier)
            series.setdefault(key, {})[(period.start, period.end)] = fact
    return series


def check(facts: Iterable[Fact], taxonomy: Taxonomy) -> list[Finding]:
    findings = []
    day = dt.timedelta(days=1)
    for by_period in _flows(facts, taxonomy).values():
        starts: dict[dt.date, list[Span]] = {}
        for span in by_period:
            starts.setdefault(span[0], []).append(span)
        for first, a in by_period.items():
            for second in starts.get(first[1] + day, []):
                b = by_period[second]
                whole = by_period.get((first[0], second[1]))
                if whole is None or summation("periods", whole, [(a, 1), (b, 1)]).consistent:
                    continue
                findings.append(Finding(
                    code="period-additivity", severity=Severity.error,
                    message=(f"{whole.concept} {a.context.period.key} + {b.context.period.key}: {a.value} + {b.value} = {a.value + b.value}, "
                             f"but {whole.context.period.key} is printed as {whole.value}"),
                    facts=(a.key, b.key, whole.key), lines=tuple(p for f in (a, b, whole) for p in f.provenance[:1])))
    return findings


def derived_fourth_quarters(facts: Iterable[Fact], taxonomy: Taxonomy) -> list[Fact]:
    """Q4 = year - nine months, where both are printed and Q4 is not."""
    derived = []
    for by_period in _flows(facts, taxonomy).values():
        for (start, end), total in by_period.items():
            if (end - start).days < 364 or start.month != 1 or start.day != 1:
                continue
            nine = by_period.get((start, dt.date(end.year, 9, 30)))
            if nine is None or (dt.date(end.year, 10, 1), end) in by_period:
                continue
            q4 = Period.duration(dt.date(end.year, 10, 1), end)
            derived.append(Fact(concept=total.concept, context=total.context.model_copy(update={"period": q4}),
                                unit=total.unit, value=total.value - nine.value, decimals=min(total.decimals, nine.decimals),
                                provenance=(*total.provenance[:1], *nine.provenance[:1]), derived=True))
    return derived
