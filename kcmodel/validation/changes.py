"""Changes against another period (kcmodel/changes.py) checked against the two levels they compare.

A change printed in a table's change column or in the prose is a fact of its own; where the report
also holds both levels, the change must be one the levels allow, each level taken ± half its last
printed unit and the change ± half of its own. The levels are taken in the report's own currency
(never a US$ translation of them).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from kcmodel.changes import agrees, change_range, decode
from kcmodel.facts import Fact
from kcmodel.findings import Finding, Severity
from kcmodel.taxonomy import Taxonomy


def check(facts: Iterable[Fact], taxonomy: Taxonomy) -> list[Finding]:
    facts = list(facts)
    levels: dict[tuple, Fact] = {}
    for fact in facts:
        if not fact.in_usd and isinstance(fact.value, Decimal) and fact.decimals is not None:
            levels.setdefault((fact.concept, fact.context), fact)
    findings = []
    for fact in facts:
        change = decode(fact.concept, fact.context, taxonomy)
        if change is None or not isinstance(fact.value, Decimal) or fact.decimals is None:
            continue
        later, earlier = (levels.get((change.concept, change.level(which))) for which in ("later", "earlier"))
        if later is None or earlier is None:
            continue
        allowed = change_range((later.value, later.decimals), (earlier.value, earlier.decimals), change.points)
        if allowed is None or agrees(fact.value, fact.decimals, allowed):
            continue
        low, high = allowed
        findings.append(Finding(
            code="change-disagrees", severity=Severity.warning,
            message=(f"{fact.concept} of {change.concept} {change.later.key} against {change.earlier.key}: printed "
                     f"{fact.value}, but the levels ({later.value} against {earlier.value}) allow {low:.4f} to {high:.4f}"),
            facts=(fact.key, later.key, earlier.key),
            lines=(*fact.provenance[:1], *later.provenance[:1], *earlier.provenance[:1])))
    return findings
