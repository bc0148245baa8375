"""Roll-forwards and identities: cash, the balance sheet, loss per share, margins.

Their verdicts are the formula-expressible assertions' (``assertions.py``); each unsatisfied one
is an error naming every line involved.
"""

from __future__ import annotations

from kcmodel.findings import Finding, Severity
from kcmodel.validation.assertions import Evaluation

CODES = {
    "cash-rollforward": "cash-rollforward",
    "balance-sheet-identity": "balance-sheet-identity",
    "loss-per-share": "per-share-mismatch",
    "margin": "margin-mismatch",
}


def check(evaluations: list[Evaluation]) -> list[Finding]:
    findings = []
    for e in evaluations:
        if e.rule not in CODES or e.satisfied:
            continue
        subject = e.facts[0]
        others = ", ".join(f"{f.concept} {f.value}" for f in e.facts[1:])
        findings.append(Finding(
            code=CODES[e.rule], severity=Severity.error,
            message=(f"{subject.concept} {subject.context.period.key} {subject.unit}: printed {subject.value}, "
                     f"expected {e.expected.normalize():f} from {others} (tolerance {e.tolerance.normalize():f})"),
            facts=tuple(f.key for f in e.facts), lines=tuple(p for f in e.facts for p in f.provenance[:1])))
    return findings
