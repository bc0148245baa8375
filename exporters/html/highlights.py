"""A report's highlights: each figure its prose prints, beside the table fact it agrees with, as a
figure only the prose gives, or with the finding that says it disagrees (docs/prose.md)."""

from __future__ import annotations

from dataclasses import dataclass

from exporters.html import formatting as fmt
from exporters.html.model import SiteModel
from kcmodel.facts import Fact, Provenance
from kcmodel.report import Report


@dataclass(frozen=True)
class Highlight:
    where: str  # document:line (or page and line)
    printed: str  # the figure as the sentence prints it
    quantity: str  # the concept's label, its members and period
    status: str  # 'agrees', 'prose only', or the severity of the finding
    detail: str  # the table figure it agrees with (and where), or the finding's message
    href: str  # the finding (or the concept page)
    order: tuple


def _quantity(site: SiteModel, fact: Fact) -> str:
    concept = site.taxonomy.concepts[fact.concept]
    members = ", ".join(site.taxonomy.concepts[m].label for _, m in fact.context.dimensions)
    unit = f", {fact.unit}" if fact.unit is not None else ""
    return f"{concept.label}{' (' + members + ')' if members else ''}, {fmt.period_long(fact.context.period)}{unit}"


def _order(place: Provenance) -> tuple:
    return (place.page or 0, place.line, place.span or (0, 0))


def highlights(site: SiteModel, report: Report, root: str) -> list[Highlight]:
    out: list[Highlight] = []
    for fact in report.facts:
        table = [p for p in fact.provenance if p.sentence is None]
        prose = [p for p in (*fact.provenance, *(p for d in fact.duplicates for p in d.provenance)) if p.sentence is not None]
        for place in prose:
            if table:
                detail = f"the table prints {table[0].text} at {table[0]}"
                status = "agrees"
            else:
                detail, status = "a figure only the prose gives", "prose only"
            out.append(Highlight(str(place), place.text, _quantity(site, fact), status, detail,
                                 site.concept_href(fact.concept, root), _order(place)))
    source = report.document.source
    for finding in site.findings:
        if finding.code.startswith("prose-") and finding.lines and finding.lines[0].document == source:
            place = finding.lines[0]
            out.append(Highlight(str(place), place.text, finding.code, finding.severity.value, finding.message,
                                 f"{root}findings.html#{site.finding_anchor(finding)}", _order(place)))
    return sorted(out, key=lambda h: h.order)
