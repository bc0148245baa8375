"""US$ convenience translations (docs/conventions.md §4).

Each US$ fact is judged by the ``usd-translation`` assertion. One that fails it is still accepted
when it is footed: some calculation or check it takes part in holds among the US$ figures
themselves (Calculations 1.1 rounding), so the document computed it from translated lines rather
than translating it. Otherwise it is an error naming both lines.
"""

from __future__ import annotations

from kcmodel.findings import Finding, Severity
from kcmodel.report import Report
from kcmodel.taxonomy import Taxonomy
from kcmodel.validation.assertions import Evaluation
from kcmodel.validation.calculations import calculations, own_sums


def check(report: Report, evaluations: list[Evaluation], taxonomy: Taxonomy) -> list[Finding]:
    failed = [e for e in evaluations if e.rule == "usd-translation" and not e.satisfied]
    if not failed:
        return []
    usd = [f for f in report.facts if f.in_usd]
    footed = {fact.key for s in (*calculations(usd, taxonomy), *own_sums(usd, taxonomy)) if s.consistent
              for fact in (s.total, *(f for f, _ in s.items))}
    findings = []
    for evaluation in failed:
        if evaluation.subject in footed:
            continue
        fact, source, rate = evaluation.facts
        findings.append(Finding(
            code="translation-mismatch", severity=Severity.error,
            message=(f"{fact.concept} {fact.context.period.key}: US$ {fact.value} is not RMB {source.value} at "
                     f"{rate.value} (= {evaluation.expected:.0f}, within {evaluation.tolerance}), and no US$ sum foots it"),
            facts=(fact.key, source.key), lines=(*fact.provenance[:1], *source.provenance[:1])))
    return findings
