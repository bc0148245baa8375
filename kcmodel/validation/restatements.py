"""What a later report changed about facts an earlier one printed: the label, or the line item.

A relabelled fact keeps its concept and value but is printed under other words. A reclassified
amount moves: an earlier report prints it under one line item, a later one prints the same amount,
for the same period, under a sibling line item (another item of the same calculation total), and
neither report prints it under the other's.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

from kcmodel.facts import Fact
from kcmodel.findings import Finding, Severity
from kcmodel.rowlabels import LabelIndex, normalize
from kcmodel.report import Report, chronological
from kcmodel.taxonomy import Taxonomy


def _overlapping(reports: Iterable[Report]) -> list[tuple[Report, Report]]:
    """(earlier, later) pairs of reports that print some period in common — the only ones whose facts
    can meet — in chronological order. A history of many years compares each report with its
    neighbours, not with every other report."""
    ordered = chronological(reports)
    by_period: dict = {}
    for n, report in enumerate(ordered):
        for period in {f.context.period for f in report.facts}:
            by_period.setdefault(period, set()).add(n)
    pairs = {pair for numbers in by_period.values() for pair in combinations(sorted(numbers), 2)}
    return [(ordered[a], ordered[b]) for a, b in sorted(pairs)]


def _sides(labels: set[str], index: LabelIndex) -> set[str | None]:
    """Which end of a period the labels print a balance at (opening or closing)."""
    return {variant.period for label in labels for variant in index.by_label.get(label, [])}


def relabelled(reports: Iterable[Report], taxonomy: Taxonomy) -> list[Finding]:
    """Facts a later report prints under other words (an opening and a closing balance are not that)."""
    index = LabelIndex(taxonomy)
    findings = []
    for earlier, later in _overlapping(reports):
        for fact in later.facts:
            before = earlier.fact(fact.key)
            if before is None or before.value != fact.value:
                continue
            old = {normalize(p.label) for p in before.provenance}
            new = {normalize(p.label) for p in fact.provenance}
            if old and new and not old & new and _sides(old, index) == _sides(new, index):
                findings.append(Finding(
                    code="relabelled", severity=Severity.info,
                    message=f"{fact.concept} {fact.context.period.key}: printed as '{before.provenance[0].label}' in "
                            f"{earlier.document.source}, as '{fact.provenance[0].label}' in {later.document.source}",
                    facts=(fact.key,), lines=(before.provenance[0], fact.provenance[0])))
    return findings


def reclassified(reports: Iterable[Report], taxonomy: Taxonomy) -> list[Finding]:
    siblings: dict[str, set[str]] = {}
    for net in taxonomy.networks:
        for items in net.calculation.values():
            for item in items:
                siblings.setdefault(item, set()).update(set(items) - {item})
    findings = []
    aspects: dict[int, dict] = {}  # each report's facts by (context, unit, concept), made once
    for earlier, later in _overlapping(reports):
        before, after = (aspects.setdefault(id(r), {(f.context, f.unit, f.concept): f for f in r.facts})
                         for r in (earlier, later))
        for (context, unit, concept), fact in after.items():
            if (context, unit, concept) in before or not fact.value:
                continue
            for sibling in sorted(siblings.get(concept, ())):
                old: Fact | None = before.get((context, unit, sibling))
                if old is not None and old.value == fact.value and (context, unit, sibling) not in after:
                    findings.append(Finding(
                        code="reclassified", severity=Severity.warning,
                        message=f"{context.period.key} {unit}: {fact.value} was {sibling} ('{old.provenance[0].label}') in "
                                f"{earlier.document.source}; {later.document.source} prints it as {concept} "
                                f"('{fact.provenance[0].label}')",
                        facts=(old.key, fact.key), lines=(old.provenance[0], fact.provenance[0])))
    return findings
