"""Across periods: adjacent periods add up to the period that spans them (Q1 + Q2 = six months,
six months + Q3 = nine months, nine months + Q4 = the year), for flows in RMB.

(A fourth quarter no report prints is derived by the model: ``kcmodel.derived``.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kcmodel.derived import Span, flows
from kcmodel.facts import Fact
from kcmodel.findings import Finding, Severity
from kcmodel.taxonomy import Taxonomy
from kcmodel.validation.calculations import summation


def check(facts: Iterable[Fact], taxonomy: Taxonomy) -> list[Finding]:
    findings = []
    day = dt.timedelta(days=1)
    for by_period in flows(facts, taxonomy).values():
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
