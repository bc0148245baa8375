"""The validator: a module per rule family, findings as data.

- ``calculations``: Calculations 1.1 over every network, and kcmodel's own sums across dimensions
- ``translations``: US$ convenience translations (docs/conventions.md §4)
- ``identities``: cash roll-forward, balance-sheet identity, loss per share, margins
- ``periods``: adjacent periods adding up; derived fourth quarters
- ``changes``: changes against another period agreeing with the levels they compare
- ``restatements``: what a later report changed about an earlier one's facts: the label, or the line item
``assertions`` holds the rules XBRL Formula can also state, which the taxonomy package publishes.
"""

from __future__ import annotations

from collections.abc import Sequence

from kcmodel.findings import Finding
from kcmodel.report import Dataset, Report
from kcmodel.taxonomy import Taxonomy
from kcmodel.validation import calculations, changes, identities, periods, restatements, translations
from kcmodel.validation.assertions import evaluate

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def validate_report(report: Report, taxonomy: Taxonomy | None = None) -> list[Finding]:
    taxonomy = taxonomy or Taxonomy.load()
    evaluations = evaluate(report, taxonomy)
    return [*calculations.check(report, taxonomy), *translations.check(report, evaluations, taxonomy),
            *identities.check(evaluations), *periods.check(report.facts, taxonomy),
            *changes.check(report.facts, taxonomy)]


def validate(reports: Sequence[Report], taxonomy: Taxonomy | None = None) -> list[Finding]:
    """Every report on its own, then the dataset they make (across periods and reports)."""
    taxonomy = taxonomy or Taxonomy.load()
    findings = [f for report in reports for f in validate_report(report, taxonomy)]
    dataset = Dataset(reports=tuple(reports))
    within = {f.facts for f in findings}
    findings += [f for f in periods.check(dataset.facts, taxonomy) if f.facts not in within]
    findings += [*dataset.findings, *restatements.relabelled(dataset.reports, taxonomy),
                 *restatements.reclassified(dataset.reports, taxonomy)]
    return sort(findings)


def sort(findings: Sequence[Finding]) -> list[Finding]:
    """A stable order: by document and line, then code."""
    def key(f: Finding) -> tuple:
        where = f.lines[0] if f.lines else None
        return (where.document if where else "", where.line if where else 0, f.code, f.message)
    return sorted(dict.fromkeys(findings), key=key)
