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
from kcmodel.validation.calculations import Interval


def _flows(facts: Iterable[Fact], taxonomy: Taxonomy) -> dict[tuple, dict[Period, Fact]]:
    series: dict[tuple, dict[Period, Fact]] = {}
    for fact in facts:
        concept = taxonomy.concepts[fact.concept]
        if (concept.type is ItemType.monetary and concept.period is PeriodType.duration and fact.unit is not None
                and fact.unit.currency == "CNY" and isinstance(fact.value, Decimal) and not fact.derived):
            series.setdefault((fact.concept, fact.context.dimensions, fact.context.entity), {})[fact.context.period] = fact
    return series


def check(facts: Iterable[Fact], taxonomy: Taxonomy) -> list[Finding]:
    findings = []
    for by_period in _flows(facts, taxonomy).values():
        for first, a in by_period.items():
            for second, b in by_period.items():
                if first.end + dt.timedelta(days=1) != second.start:
                    continue
                whole = by_period.get(Period.duration(first.start, second.end))
                if whole is None or (Interval.of(a) + Interval.of(b)).meets(Interval.of(whole)):
                    continue
                findings.append(Finding(
                    code="period-additivity", severity=Severity.error,
                    message=(f"{whole.concept} {first.key} + {second.key}: {a.value} + {b.value} = {a.value + b.value}, "
                             f"but {whole.context.period.key} is printed as {whole.value}"),
                    facts=(a.key, b.key, whole.key), lines=tuple(p for f in (a, b, whole) for p in f.provenance[:1])))
    return findings


def derived_fourth_quarters(facts: Iterable[Fact], taxonomy: Taxonomy) -> list[Fact]:
    """Q4 = year - nine months, where both are printed and Q4 is not."""
    derived = []
    for by_period in _flows(facts, taxonomy).values():
        for year, total in by_period.items():
            if (year.end - year.start).days < 364 or year.start.month != 1:
                continue
            nine = by_period.get(Period.duration(year.start, dt.date(year.end.year, 9, 30)))
            q4 = Period.duration(dt.date(year.end.year, 10, 1), year.end)
            if nine is None or q4 in by_period:
                continue
            derived.append(Fact(concept=total.concept, context=total.context.model_copy(update={"period": q4}),
                                unit=total.unit, value=total.value - nine.value, decimals=min(total.decimals, nine.decimals),
                                provenance=(*total.provenance[:1], *nine.provenance[:1]), derived=True))
    return derived
