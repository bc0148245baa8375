"""A page per concept: its labels, definition, place in the networks (presentation, calculation
parents and children with their weights, kcmodel's checks across dimensions), its us-gaap
counterpart, and every fact of it — merged across reports, with each report's own value where they
differ, and the derived fourth quarters marked."""

from __future__ import annotations

from dataclasses import dataclass, field

from exporters.html import formatting as fmt
from exporters.html.model import SiteModel, fact_anchor
from kcmodel.facts import Fact
from kcmodel.taxonomy import LABEL_ROLES, Concept

ROLE_NAMES = {"label": "Standard", "terse": "Terse", "total": "Total", "negated": "Negated", "periodStart": "Period start",
              "periodEnd": "Period end", "documentation": "Documentation"}


@dataclass
class FactRow:
    anchor: str
    concept: str
    period: str
    dates: str
    members: str
    unit: str
    value: str
    exact: str
    decimals: str
    derived: bool
    sources: list[tuple[str, str]]  # (text, href)
    reports: list[tuple[str, str, bool]]  # (report id, its value, differs from the merged value)
    printed_cells: list[tuple[str, str]]  # (text, href) to the statement cells
    findings: list[tuple[str, str, str]]


@dataclass
class Relation:
    network: str
    concept: str
    label: str
    weight: str
    href: str


@dataclass
class ConceptView:
    concept: Concept
    labels: list[tuple[str, str, str]]  # (role name, role URI, text)
    presentation: list[tuple[str, str, str, str]]  # (network, parent label, parent href, preferred label role)
    parents: list[Relation]
    children: list[Relation]
    checks: list[tuple[str, str]]  # (network, text)
    cubes: list[tuple[str, list[tuple[str, str]]]]  # (hypercube label, [(axis label, href)])
    members: list[tuple[str, str, str]]  # for an axis: (member, label, href)
    axis: tuple[str, str] | None  # for a member or domain: (axis label, href)
    ratio: tuple[tuple[str, str], tuple[str, str]] | None
    facts: list[FactRow] = field(default_factory=list)
    fact_title: str = "Facts"


def _weight(w: int) -> str:
    return "+1" if w > 0 else "−1"


def fact_rows(site: SiteModel, facts: list[Fact], root: str) -> list[FactRow]:
    taxonomy = site.taxonomy
    rows = []
    for fact in facts:
        key = fact.key
        concept = taxonomy.concepts[fact.concept]
        rate = fact.translation.rate if fact.translation else None
        members = "; ".join(f"{taxonomy.axes[a].label}: {taxonomy.axes[a].member(m).label}" for a, m in fact.context.dimensions)
        value = fmt.signed(fact.value, concept, fact.decimals) if fact.text is None else fact.text
        sources = []
        for p in fact.provenance:
            href = site.line_href(p, root)
            sources.append((f"{p} “{p.label}” {p.text}".strip(), href or ""))
        reports = []
        if not fact.derived:
            same = [(name, f) for name, f in site.per_report.get(key, [])
                    if (f.translation.rate if f.translation else None) == rate]
            for name, f in same:
                reports.append((name, fmt.signed(f.value, concept, f.decimals) if f.text is None else f.text,
                                f.value != fact.value))
        cells = []
        if not fact.derived:
            seen = set()
            for place in site.printed.get(key, []):
                if place.report in seen:
                    continue
                seen.add(place.report)
                cells.append((f"{place.report} line {place.line}", f"{root}reports/{place.report}.html#{place.cell}"))
        findings = [(f.severity.value, f.code, f"{root}findings.html#{site.finding_anchor(f)}")
                    for f in site.findings_by_fact.get(key, [])]
        rows.append(FactRow(anchor=fact_anchor(key, rate), concept=fact.concept, period=fmt.period_short(fact.context.period),
                            dates=fmt.period_dates(fact.context.period), members=members,
                            unit=fmt.scale_words(concept, fact.unit, fact.decimals) if fact.unit else "",
                            value=value, exact=fmt.exact(fact.value),
                            decimals="" if fact.decimals is None else str(fact.decimals), derived=fact.derived,
                            sources=sources, reports=reports, printed_cells=cells, findings=findings))
    return rows


def _fact_order(fact: Fact) -> tuple:
    rate = fact.translation.rate.context.period.key if fact.translation else ""
    period = fact.context.period
    return (fact.concept, fact.context.dimensions, str(fact.unit), period.end, period.start or period.end, rate)


class Concepts:
    def __init__(self, site: SiteModel) -> None:
        self.site = site
        taxonomy = site.taxonomy
        self.facts: dict[str, list[Fact]] = {}
        self.by_member: dict[str, list[Fact]] = {}
        for fact in (*site.dataset.facts, *site.derived):
            self.facts.setdefault(fact.concept, []).append(fact)
            for _, member in fact.context.dimensions:
                self.by_member.setdefault(member, []).append(fact)
        for group in (*self.facts.values(), *self.by_member.values()):
            group.sort(key=_fact_order)
        self.parents: dict[str, list[tuple[str, str, int]]] = {}
        self.children: dict[str, list[tuple[str, str, int]]] = {}
        self.presentation: dict[str, list[tuple[str, str, str]]] = {}
        for network in taxonomy.networks:
            for total, items in network.calculation.items():
                for item, weight in items.items():
                    self.parents.setdefault(item, []).append((network.title, total, weight))
                    self.children.setdefault(total, []).append((network.title, item, weight))
            for parent, child, preferred, _ in network.arcs():
                self.presentation.setdefault(child, []).append((network.title, parent, preferred or "label"))
        self.axis_of: dict[str, str] = {}
        for axis in taxonomy.axes.values():
            self.axis_of[axis.domain.name] = axis.name
            for member in axis.members:
                self.axis_of[member.name] = axis.name

    def view(self, name: str, root: str) -> ConceptView:
        site, taxonomy = self.site, self.site.taxonomy
        concept = taxonomy.concepts[name]
        labels = [(ROLE_NAMES[r], LABEL_ROLES[r], concept.text(r)) for r in concept.roles() if r != "documentation"]
        if concept.zh:
            labels.append(("Chinese (zh)", LABEL_ROLES["label"], concept.zh))

        def rel(network: str, other: str, weight: int) -> Relation:
            return Relation(network, other, taxonomy.concepts[other].label, _weight(weight), site.concept_href(other, root))

        checks = []
        for network in taxonomy.networks:
            for total, items in network.check_terms():
                terms = [total, *(t for t, _ in items)]
                if any(t.concept == name or any(m == name for _, m in t.members) for t in terms):
                    def show(t) -> str:
                        members = ", ".join(taxonomy.axes[a].member(m).label for a, m in t.members)
                        return taxonomy.concepts[t.concept].label + (f" [{members}]" if members else "")
                    text = f"{show(total)} = " + " ".join(f"{'+' if w > 0 else '−'} {show(t)}" for t, w in items)
                    checks.append((network.title, text))
        cubes = [(cube.label, [(taxonomy.axes[a].label, site.concept_href(a, root)) for a in cube.axes])
                 for cube in taxonomy.cubes_for(name)]
        members = []
        if concept.kind == "axis":
            axis = taxonomy.axes[name]
            members = [(m.name, m.label, site.concept_href(m.name, root)) for m in (axis.domain, *axis.members)]
        axis_ref = None
        if name in self.axis_of:
            axis_name = self.axis_of[name]
            axis_ref = (taxonomy.axes[axis_name].label, site.concept_href(axis_name, root))
        ratio = None
        if concept.ratio is not None:
            ratio = tuple((taxonomy.concepts[n].label, site.concept_href(n, root)) for n in (concept.ratio.numerator, concept.ratio.denominator))
        presentation = [(net, taxonomy.concepts[parent].label, site.concept_href(parent, root), ROLE_NAMES.get(pref, pref))
                        for net, parent, pref in self.presentation.get(name, [])]
        view = ConceptView(concept=concept, labels=labels, presentation=presentation,
                           parents=[rel(*p) for p in self.parents.get(name, [])],
                           children=[rel(*c) for c in self.children.get(name, [])], checks=checks, cubes=cubes,
                           members=members, axis=axis_ref, ratio=ratio)
        if concept.kind == "item":
            view.facts = fact_rows(site, self.facts.get(name, []), root)
        elif concept.kind in ("member", "domain"):
            view.facts = fact_rows(site, self.by_member.get(name, []), root)
            view.fact_title = "Facts with this member"
        return view

    def index(self) -> list[tuple[str, list[tuple[Concept, int]]]]:
        """Concepts grouped by the first network that presents them, then the dimensional objects."""
        taxonomy = self.site.taxonomy
        placed: dict[str, str] = {}
        for network in taxonomy.networks:
            for name in network.tree_names():
                placed.setdefault(name, network.title)
        groups: dict[str, list[tuple[Concept, int]]] = {n.title: [] for n in taxonomy.networks}
        for name, concept in taxonomy.concepts.items():
            group = placed.get(name) or ("Dimensions" if concept.kind != "item" else "Other concepts")
            count = len(self.facts.get(name, [])) if concept.kind == "item" else len(self.by_member.get(name, []))
            groups.setdefault(group, []).append((concept, count))
        return [(title, items) for title, items in groups.items() if items]
