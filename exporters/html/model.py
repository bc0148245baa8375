"""The site's view of a dataset, computed once: page names, fact anchors, where each fact is printed.

Everything here is derived from the model in a fixed order, so two builds of the same input give
the same pages byte for byte.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kcmodel.facts import Fact, FactRef, Provenance
from kcmodel.findings import Finding
from kcmodel.report import Dataset, Report
from kcmodel.taxonomy import Taxonomy


def _key_text(ref: FactRef) -> str:
    dims = ",".join(f"{a}={m}" for a, m in ref.context.dimensions)
    return f"{ref.concept}|{ref.context.entity.identifier}|{ref.context.period.key}|{dims}|{ref.unit or ''}"


@functools.lru_cache(maxsize=None)
def fact_anchor(ref: FactRef, rate: FactRef | None = None) -> str:
    """A stable HTML id for a fact (its key, and for a US$ translation the rate it used)."""
    text = _key_text(ref) + ("|" + rate.context.period.key if rate is not None else "")
    return "f" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def line_anchor(line: int, page: int | None = None) -> str:
    """The anchor of a printed row: 'L12', or 'P3L12' for line 12 of page 3 of a PDF."""
    return f"P{page}L{line}" if page is not None else f"L{line}"


@dataclass(frozen=True)
class Printed:
    """One cell of a source table that became a fact."""

    report: str  # report id
    cell: str  # the cell's HTML id on the report page
    line: int
    text: str  # the figure as the page shows it


@dataclass
class SiteModel:
    dataset: Dataset
    findings: tuple[Finding, ...]
    taxonomy: Taxonomy
    reports: list[tuple[str, Report]] = field(default_factory=list)  # (id, report), oldest first
    by_source: dict[str, str] = field(default_factory=dict)  # document file name -> report id
    lines_in_tables: dict[str, set[tuple[int | None, int]]] = field(default_factory=dict)  # report id -> (page, line) of rows
    printed: dict[FactRef, list[Printed]] = field(default_factory=dict)  # every cell showing a fact
    merged: dict[FactRef, list[Fact]] = field(default_factory=dict)  # dataset facts by key
    derived: list[Fact] = field(default_factory=list)  # Q4 = year - nine months
    finding_ids: dict[int, str] = field(default_factory=dict)  # id(finding) -> anchor
    findings_by_fact: dict[FactRef, list[Finding]] = field(default_factory=dict)
    findings_by_line: dict[tuple[str, int | None, int], list[Finding]] = field(default_factory=dict)
    per_report: dict[FactRef, list[tuple[str, Fact]]] = field(default_factory=dict)  # key -> (report id, its fact)

    @classmethod
    def build(cls, dataset: Dataset, findings: Sequence[Finding], taxonomy: Taxonomy | None = None,
              name: Callable[[Report], str] = lambda report: report.id) -> SiteModel:
        """``name`` gives each report its page name (the manifest's report id)."""
        taxonomy = taxonomy or Taxonomy.load()
        site = cls(dataset=dataset, findings=tuple(findings), taxonomy=taxonomy)
        ordered = sorted(dataset.reports, key=lambda r: (r.document.period_end, r.document.published or r.document.period_end,
                                                         r.document.source))
        names: dict[str, int] = {}
        for report in ordered:
            page = name(report)
            names[page] = names.get(page, 0) + 1
            if names[page] > 1:  # two documents for one period: keep both pages apart
                page = f"{page}-{names[page]}"
            site.reports.append((page, report))
            site.by_source[report.document.source] = page
            site.lines_in_tables[page] = {(row.page, row.line) for table in report.tables for row in table.rows}
            for fact in report.facts:
                site.per_report.setdefault(fact.key, []).append((page, fact))
        for fact in dataset.facts:
            site.merged.setdefault(fact.key, []).append(fact)
        site.derived = sorted((f for f in dataset.derived if not f.addends),  # the fourth quarters
                              key=lambda f: (f.concept, f.context.dimensions, f.context.period.key))
        for number, finding in enumerate(findings, start=1):
            site.finding_ids[id(finding)] = f"F{number}"
            for ref in dict.fromkeys(finding.facts):
                site.findings_by_fact.setdefault(ref, []).append(finding)
            for where in dict.fromkeys((p.document, p.page, p.line) for p in finding.lines):
                site.findings_by_line.setdefault(where, []).append(finding)
        return site

    def report_of(self, document: str) -> str | None:
        return self.by_source.get(document)

    def line_href(self, provenance: Provenance, root: str) -> str | None:
        """The report page row that printed a line, if that line is a table row we lay out."""
        name = self.report_of(provenance.document)
        if name is None:
            return None
        page = f"{root}reports/{name}.html"
        if (provenance.page, provenance.line) in self.lines_in_tables.get(name, ()):
            return f"{page}#{line_anchor(provenance.line, provenance.page)}"
        return page

    def finding_anchor(self, finding: Finding) -> str:
        return self.finding_ids[id(finding)]

    def concept_href(self, concept: str, root: str, anchor: str | None = None) -> str:
        return f"{root}concepts/{concept}.html" + (f"#{anchor}" if anchor else "")
