"""The findings page: what the reader and the validator found, grouped by the document it points
at, each linked to the source lines (the report page rows) and to the figures involved."""

from __future__ import annotations

from dataclasses import dataclass

from exporters.html import formatting as fmt
from exporters.html.model import SiteModel, fact_anchor
from kcmodel.findings import Finding, counts  # noqa: F401 - counts: the pages' summary, the model's notion


@dataclass
class FindingView:
    anchor: str
    severity: str
    code: str
    message: str
    lines: list[tuple[str, str, str]]  # (document:line, the printed row, href)
    facts: list[tuple[str, str, list[tuple[str, str]]]]  # (description, concept-page href, [(report, cell href)])


@dataclass
class FindingGroup:
    anchor: str
    title: str
    report: str | None
    findings: list[FindingView]

    @property
    def summary(self) -> str:
        words = {"error": "error", "warning": "warning", "info": "note"}
        parts = []
        for severity, word in words.items():
            n = sum(f.severity == severity for f in self.findings)
            if n:
                parts.append(f"{n} {word}{'s' if n != 1 else ''}")
        return ", ".join(parts)


def _fact_text(site: SiteModel, ref) -> str:
    taxonomy = site.taxonomy
    members = ", ".join(taxonomy.axes[a].member(m).label for a, m in ref.context.dimensions)
    label = taxonomy.concepts[ref.concept].label if ref.concept in taxonomy.concepts else ref.concept
    unit = fmt.unit_words(ref.unit) if ref.unit else ""
    return f"{label}{' [' + members + ']' if members else ''}, {fmt.period_short(ref.context.period)}, {unit}".rstrip(", ")


def view(site: SiteModel, finding: Finding, root: str) -> FindingView:
    lines = []
    for p in dict.fromkeys(finding.lines):
        text = " ".join(f"“{p.label}” {p.text}".split()) if (p.label or p.text) else ""
        lines.append((str(p), text, site.line_href(p, root) or ""))
    facts = []
    for ref in dict.fromkeys(finding.facts):
        merged = site.merged.get(ref, [])
        rate = merged[0].translation.rate if merged and merged[0].translation else None
        href = site.concept_href(ref.concept, root, fact_anchor(ref, rate)) if ref.concept in site.taxonomy.concepts else ""
        cells, seen = [], set()
        for place in site.printed.get(ref, []):
            if place.report not in seen:
                seen.add(place.report)
                cells.append((f"{place.report} line {place.line}", f"{root}reports/{place.report}.html#{place.cell}"))
        facts.append((_fact_text(site, ref), href, cells))
    return FindingView(anchor=site.finding_anchor(finding), severity=finding.severity.value, code=finding.code,
                       message=finding.message, lines=lines, facts=facts)


def groups(site: SiteModel, root: str) -> list[FindingGroup]:
    by_report: dict[str | None, list[FindingView]] = {}
    for finding in site.findings:
        name = site.report_of(finding.lines[0].document) if finding.lines else None
        by_report.setdefault(name, []).append(view(site, finding, root))
    rank = {"error": 0, "warning": 1, "info": 2}
    for views in by_report.values():  # the worst first; within a severity, the validator's order
        views.sort(key=lambda v: rank[v.severity])
    out = []
    for name, report in site.reports:
        if name in by_report:
            out.append(FindingGroup(f"in-{name}", f"{name} ({report.document.source})", name, by_report[name]))
    if None in by_report:
        out.append(FindingGroup("in-dataset", "Across the dataset (no source line)", None, by_report[None]))
    return out

