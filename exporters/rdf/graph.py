"""The model as RDF quads (docs/conventions.md §8): the taxonomy, one named graph per report, and the dataset.

Named graphs (no triple is stated in two of them, so a union of graphs never counts one twice):

- ``kcd:graph/taxonomy``: the kc taxonomy as SKOS/RDFS: concepts with labels (``@en``, ``@zh``),
  period type, balance, item type, us-gaap counterpart (``skos:closeMatch``); axes, members,
  hypercubes and the dimension property of each axis; networks with presentation and
  calculation arcs as nodes (order, preferred label, weight).
- ``kcd:graph/<report id>``, one per report: the report, its document, the ingestion that made it
  (PROV-O), the facts an XBRL instance of the report holds (its cover facts and every reported
  fact), where each was printed (document, line, printed label and text), US$ translations
  (``prov:wasDerivedFrom`` their RMB fact and the rate fact), and the findings about that report
  alone.
- ``kcd:graph/dataset``: what the reports share or kcmodel derived across them: the dataset, the
  entity, periods (with their kind), units, series, the software agent, derived fourth quarters
  (marked ``kcv:derived true``, ``prov:wasDerivedFrom`` the year and nine-month facts) and findings
  that span reports.

Every fact names its series (``kcv:series``: the facts sharing every aspect but the period, over
periods of one kind) in its own graph, so a store reads one series by lookup (docs/rdf.md, "Series").

Periods are inclusive ``xsd:date``s, as in the model (docs/conventions.md §2): Q3 2024 is 2024-07-01..2024-09-30.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal

from rdflib import BNode, URIRef, namespace

from exporters.rdf import vocabulary
from exporters.rdf.terms import LITERALS, Literal
from exporters.rdf.vocabulary import (
    aspect_key,
    AGENT,
    BALANCES,
    DATASET,
    DATASET_GRAPH,
    ITEM_TYPES,
    KCV,
    KINDS,
    LABEL_PROPERTIES,
    PERIOD_TYPES,
    QB,
    SCHEME,
    SEVERITIES,
    TAXONOMY_GRAPH,
    calculation_arc_iri,
    check_arc_iri,
    counterpart_iri,
    derived_fact_iri,
    derived_iri,
    entity_iri,
    fact_iri,
    finding_iri,
    label_role_iri,
    measure_iri,
    network_iri,
    period_iri,
    presentation_arc_iri,
    reported_fact_iri,
    period_kind,
    series_iri,
    series_key,
    unit_iri,
)
from kcmodel.dates import year_before
from kcmodel.contexts import Entity, Period
from kcmodel.cover import cover_facts
from kcmodel.facts import Fact, FactRef, Provenance
from kcmodel.findings import Finding
from kcmodel.report import Dataset, Report
from kcmodel.taxonomy import ENTRY_POINT, LABEL_ROLES, Taxonomy
from kcmodel.units import Currency, Measurement, Unit

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]


class _Fixed:
    """One of rdflib's namespaces, each term made once: rdflib looks a term of ``RDF``, ``RDFS``, ``PROV``…
    up anew on every access (tens of thousands in a build), checking it against the namespace's list."""

    def __init__(self, terms: object) -> None:
        self._terms = terms

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):  # no term's name: what tools look up on any object (copy, pytest, mock)
            raise AttributeError(name)
        term = getattr(self._terms, name)
        setattr(self, name, term)  # found as a plain attribute from now on
        return term


DCTERMS, PROV, RDF, RDFS, SKOS, XSD = map(_Fixed, (namespace.DCTERMS, namespace.PROV, namespace.RDF, namespace.RDFS,
                                                   namespace.SKOS, namespace.XSD))

# The IRIs named by a concept's, an axis's, a document's or a report's name, made once per name: rdflib
# checks every URIRef it makes, and a build names the same few hundred concepts tens of thousands of times.
concept_iri = functools.cache(vocabulary.concept_iri)
axis_property = functools.cache(vocabulary.axis_property)
document_iri = functools.cache(vocabulary.document_iri)
report_graph = functools.cache(vocabulary.report_graph)
report_iri = functools.cache(vocabulary.report_iri)


def _decimal_text(value: Decimal) -> str:
    """Canonical xs:decimal text, as the XBRL instance writes it: no exponent, no negative zero."""
    return "0" if value == 0 else format(value, "f")


# Literals are made once per value: rdflib parses a literal's text on every construction, and a
# build writes the same line numbers, decimals, labels and flags tens of thousands of times.
@functools.lru_cache(maxsize=65536)
def _date(day: dt.date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


@functools.lru_cache(maxsize=65536)
def _int(number: int) -> Literal:
    return Literal(str(number), datatype=XSD.integer)


def _bool(flag: bool) -> Literal:
    return _TRUE if flag else _FALSE


@functools.lru_cache(maxsize=65536)
def _text(text: str) -> Literal:
    return Literal(text)


@functools.lru_cache(maxsize=65536)
def _decimal(text: str) -> Literal:
    return Literal(text, datatype=XSD.decimal)


_TRUE, _FALSE = Literal("true", datatype=XSD.boolean), Literal("false", datatype=XSD.boolean)


_NAMED = frozenset({URIRef, *LITERALS})  # the kinds of term kcmodel makes: told apart from a blank node without
                                       # rdflib's abstract-class isinstance, which cost a tenth of the graph's making


class _Graph:
    """Triples of one named graph, collected in order, each once."""

    def __init__(self, name: URIRef, sink: list[Quad], seen: set) -> None:
        self.name, self.sink, self.seen = name, sink, seen

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        if (type(s) is not URIRef or type(o) not in _NAMED) and (isinstance(s, BNode) or isinstance(o, BNode)):
            raise ValueError("kcmodel's RDF has no blank nodes: every node has a stable IRI")
        seen = self.seen
        known = len(seen)
        seen.add((s, p, o))  # added, or there already: one hash of the triple (a literal's is Python code), not two
        if len(seen) != known:
            self.sink.append((s, p, o, self.name))


def instance_facts(report: Report) -> list[Fact]:
    """The facts an XBRL instance of the report holds: its cover facts and every reported fact."""
    return [*cover_facts(report.document), *(f for f in report.facts if not f.derived)]


class DatasetQuads:
    """Builds the quads of a dataset, a named graph at a time (``graphs``), or all of them (``quads``)."""

    def __init__(self, dataset: Dataset, findings: Sequence[Finding] = (), taxonomy: Taxonomy | None = None) -> None:
        self.taxonomy = taxonomy or Taxonomy.load()
        self.dataset = dataset
        self.findings = findings
        self.reports = list(dataset.chronological)
        self.ids = {id(r): r.id for r in self.reports}
        self.by_id = {r.id: r for r in self.reports}
        if len(set(self.ids.values())) != len(self.reports):
            raise ValueError("two reports have the same id: " + ", ".join(sorted(self.ids.values())))
        self._graphs: dict[URIRef, _Graph] = {}
        self._periods: set[Period] = set()
        self._units: set[Unit] = set()
        self._entities: set[Entity] = set()
        self._series: dict[URIRef, FactRef] = {}
        self.derived = dataset.derived
        # the entities the documents name, with their names; the one they all share is left out of fact IRIs
        self.names = {r.document.entity: r.document.entity_name for r in self.reports}
        self.home = next(iter(self.names)) if len(self.names) == 1 else None

    @functools.cached_property
    def quads(self) -> list[Quad]:
        return [quad for _, quads in self.graphs() for quad in quads]

    def graphs(self) -> Iterator[tuple[URIRef, list[Quad]]]:
        """Each named graph with its quads, made in turn so that only one report's are held at a time:
        the taxonomy, each report (with the findings that cite it alone), then the dataset graph,
        which names what the reports share."""
        yield self._made(TAXONOMY_GRAPH, self._taxonomy)
        cited = self._findings_by_graph()
        for report in self.reports:
            graph = report_graph(self.ids[id(report)])
            yield self._made(graph, lambda: (self._report(report), self._findings(cited.pop(graph, []))))
        self.shared = self.graph(DATASET_GRAPH)
        yield self._made(DATASET_GRAPH, lambda: (self._derived(), self._findings(cited.pop(DATASET_GRAPH, [])),
                                                 self._shared_nodes()))

    def _made(self, name: URIRef, build: Callable[[], object]) -> tuple[URIRef, list[Quad]]:
        build()
        made = self._graphs.pop(name, None)
        return name, made.sink if made is not None else []

    def graph(self, name: URIRef) -> _Graph:
        if name not in self._graphs:
            self._graphs[name] = _Graph(name, [], set())
        return self._graphs[name]

    # -- taxonomy -------------------------------------------------------------------------------

    def _taxonomy(self) -> None:
        g = self.graph(TAXONOMY_GRAPH)
        tax = self.taxonomy
        summations: dict[str, int] = {}  # network -> summation arcs so far (their kcv:order)
        g.add(SCHEME, RDF.type, SKOS.ConceptScheme)
        g.add(SCHEME, RDFS.label, Literal("kc taxonomy 2025", lang="en"))
        g.add(SCHEME, RDFS.comment, Literal("The kc XBRL taxonomy of Kingsoft Cloud's results announcements, as SKOS.", lang="en"))
        g.add(SCHEME, DCTERMS.source, URIRef(ENTRY_POINT))
        for concept in tax.concepts.values():
            node = concept_iri(concept.name)
            g.add(node, RDF.type, SKOS.Concept)
            g.add(node, RDF.type, KINDS[concept.kind])
            g.add(node, SKOS.inScheme, SCHEME)
            g.add(node, SKOS.notation, Literal(f"kc:{concept.name}"))
            g.add(node, RDFS.label, Literal(concept.label, lang="en"))
            g.add(node, SKOS.prefLabel, Literal(concept.label, lang="en"))
            if concept.zh:
                g.add(node, SKOS.prefLabel, Literal(concept.zh, lang="zh"))
            for role, prop in LABEL_PROPERTIES.items():
                if getattr(concept, role):
                    g.add(node, prop, Literal(getattr(concept, role), lang="en"))
            if concept.documentation:
                g.add(node, SKOS.definition, Literal(concept.documentation, lang="en"))
            if concept.us_gaap:
                g.add(node, SKOS.closeMatch, counterpart_iri(concept.us_gaap))
            if concept.kind == "item":
                g.add(node, KCV.itemType, ITEM_TYPES[concept.type.value])
                g.add(node, KCV.periodType, PERIOD_TYPES[concept.period.value])
                g.add(node, KCV.abstract, _bool(concept.abstract))
                if concept.balance is not None:
                    g.add(node, KCV.balance, BALANCES[concept.balance.value])
                if concept.ratio is not None:
                    g.add(node, KCV.ratioNumerator, concept_iri(concept.ratio.numerator))
                    g.add(node, KCV.ratioDenominator, concept_iri(concept.ratio.denominator))
        for axis in tax.axes.values():
            node, prop = concept_iri(axis.name), axis_property(axis.name)
            g.add(node, KCV.domain, concept_iri(axis.domain.name))
            g.add(node, KCV.complete, _bool(axis.complete))
            g.add(node, KCV.dimensionProperty, prop)
            for order, member in enumerate(axis.members, start=1):
                g.add(node, KCV.hasMember, concept_iri(member.name))
                g.add(concept_iri(member.name), SKOS.broader, concept_iri(axis.domain.name))
                g.add(concept_iri(member.name), KCV.order, _int(order))
                if member.concept is not None:
                    g.add(concept_iri(member.name), KCV.standsFor, concept_iri(member.concept))
            g.add(prop, RDF.type, QB.DimensionProperty)
            g.add(prop, RDF.type, KCV.AxisProperty)
            g.add(prop, RDFS.label, Literal(axis.label, lang="en"))
            g.add(prop, RDFS.comment, Literal(f"The member of the {axis.name} axis a fact reports; absent means "
                                              f"the default member {axis.domain.name} (the total).", lang="en"))
            g.add(prop, QB.concept, node)
            g.add(prop, RDFS.range, KCV.Member)
        for cube in tax.hypercubes.values():
            node = concept_iri(cube.name)
            g.add(node, KCV.network, network_iri(cube.role))
            for axis in cube.axes:
                g.add(node, KCV.hasAxis, concept_iri(axis))
            for item in cube.line_items:
                g.add(node, KCV.lineItem, concept_iri(item))
        for short, uri in LABEL_ROLES.items():
            g.add(URIRef(uri), RDF.type, KCV.LabelRole)
            g.add(URIRef(uri), RDFS.label, Literal(short, lang="en"))
        for net in tax.networks:
            node = network_iri(net.role)
            g.add(node, RDF.type, KCV.Network)
            g.add(node, RDFS.label, Literal(net.title, lang="en"))
            g.add(node, KCV.roleName, Literal(net.role))
            for root in net.presentation:
                g.add(node, KCV.presentationRoot, concept_iri(root))
            depth: dict[str, int] = {root: 0 for root in net.presentation}
            for sequence, (parent, child, preferred, order) in enumerate(net.arcs(), start=1):
                arc = presentation_arc_iri(net.role, parent, child)
                depth[child] = depth.get(parent, 0) + 1
                g.add(arc, RDF.type, KCV.PresentationArc)
                g.add(arc, KCV.network, node)
                g.add(arc, KCV.parent, concept_iri(parent))
                g.add(arc, KCV.child, concept_iri(child))
                g.add(arc, KCV.order, _int(order))
                g.add(arc, KCV.sequence, _int(sequence))
                g.add(arc, KCV.depth, _int(depth[child]))
                if preferred is not None:
                    g.add(arc, KCV.preferredLabel, label_role_iri(preferred))
            for total, items in net.calculation.items():
                for item, weight in items.items():
                    summations[net.role] = summations.get(net.role, 0) + 1
                    arc = calculation_arc_iri(net.role, total, item)
                    g.add(arc, RDF.type, KCV.CalculationArc)
                    self._summation(g, arc, node, (total, ()), (item, ()), weight, summations[net.role])
            for total, items in net.check_terms():
                for item, weight in items:
                    summations[net.role] = summations.get(net.role, 0) + 1
                    self._check(g, net.role, (total.concept, total.members), (item.concept, item.members), weight,
                                      summations[net.role])
        for cube in tax.hypercubes.values():  # a complete axis: its members add up to the default (the total)
            for item in cube.line_items:
                for axis in (tax.axes[a] for a in cube.axes):
                    if not axis.complete:
                        continue
                    for member in axis.members:
                        summations[cube.role] = summations.get(cube.role, 0) + 1
                        self._check(g, cube.role, (item, ()), (item, ((axis.name, member.name),)), 1,
                                          summations[cube.role], hypercube=cube.name)

    def _summation(self, g: _Graph, arc: URIRef, network: URIRef, total: tuple, item: tuple, weight: int, order: int) -> None:
        g.add(arc, RDF.type, KCV.SummationArc)
        g.add(arc, KCV.network, network)
        g.add(arc, KCV.total, concept_iri(total[0]))
        g.add(arc, KCV.contributor, concept_iri(item[0]))
        for _, member in total[1]:
            g.add(arc, KCV.totalMember, concept_iri(member))
        for _, member in item[1]:
            g.add(arc, KCV.contributorMember, concept_iri(member))
        g.add(arc, KCV.weight, Literal(_decimal_text(Decimal(weight)), datatype=XSD.decimal))
        g.add(arc, KCV.order, _int(order))

    def _check(self, g: _Graph, role: str, total: tuple, item: tuple, weight: int, order: int,
                     hypercube: str | None = None) -> None:
        arc = check_arc_iri(role, total, item)
        g.add(arc, RDF.type, KCV.CheckArc)
        if hypercube is not None:
            g.add(arc, KCV.hypercube, concept_iri(hypercube))
        self._summation(g, arc, network_iri(role), total, item, weight, order)

    # -- reports --------------------------------------------------------------------------------

    def _report(self, report: Report) -> None:
        rid = self.ids[id(report)]
        g = self.graph(report_graph(rid))
        node, doc = report_iri(rid), document_iri(report.document.source)
        activity = URIRef(f"{node}/ingestion")
        g.add(node, RDF.type, KCV.Report)
        g.add(node, RDF.type, QB.DataSet)
        g.add(node, RDF.type, PROV.Entity)
        g.add(node, RDFS.label, Literal(rid))
        g.add(node, KCV.reportId, Literal(rid))
        g.add(node, KCV.document, doc)
        g.add(node, KCV.namedGraph, report_graph(rid))
        g.add(node, DCTERMS.isPartOf, DATASET)
        g.add(node, PROV.wasDerivedFrom, doc)
        g.add(node, PROV.wasGeneratedBy, activity)
        g.add(activity, RDF.type, PROV.Activity)
        g.add(activity, RDF.type, KCV.Ingestion)
        g.add(activity, RDFS.label, Literal(f"kcmodel read {report.document.source}", lang="en"))
        g.add(activity, PROV.used, doc)
        g.add(activity, PROV.wasAssociatedWith, AGENT)
        self._document(g, report)
        for fact in instance_facts(report):
            self._fact(g, fact, rid)

    def _translated(self, ref: FactRef, rid: str) -> URIRef:
        """The RMB fact a US$ fact of report ``rid`` translates: the report's own, or, where the report
        only derived it, the same fact printed by the latest report that prints it, else the derived fact."""
        own = self.by_id[rid].fact(ref)
        if own is not None and not own.derived:
            return fact_iri(rid, ref, self.home)
        for other in reversed(self.reports):
            found = other.fact(ref)
            if found is not None and not found.derived:
                return fact_iri(self.ids[id(other)], ref, self.home)
        return derived_fact_iri(ref, self.home)

    def _document(self, g: _Graph, report: Report) -> None:
        document = report.document
        doc = document_iri(document.source)
        g.add(doc, RDF.type, KCV.Document)
        g.add(doc, RDF.type, PROV.Entity)
        g.add(doc, RDFS.label, Literal(document.source))
        g.add(doc, KCV.sourceFile, Literal(document.source))
        g.add(doc, KCV.documentType, Literal(document.document_type))
        g.add(doc, KCV.period, self._period(document.period))
        if document.title:
            g.add(doc, DCTERMS.title, Literal(document.title))
        if document.fiscal_year is not None:
            g.add(doc, KCV.fiscalYear, _int(document.fiscal_year))
        if document.fiscal_period:
            g.add(doc, KCV.fiscalPeriod, Literal(document.fiscal_period.value))
        if document.published:
            g.add(doc, DCTERMS.issued, _date(document.published))

    def _fact(self, g: _Graph, fact: Fact, rid: str | None) -> URIRef:
        """A fact of report ``rid`` (None: a derived fact of the dataset), and its node."""
        key = fact.key
        aspect = aspect_key(key, self.home)  # also the last segment of the fact's IRI
        node = reported_fact_iri(rid, aspect) if rid is not None else derived_iri(aspect)
        g.add(node, RDF.type, KCV.Fact)
        g.add(node, RDF.type, QB.Observation)
        g.add(node, QB.dataSet, report_iri(rid) if rid is not None else DATASET)
        g.add(node, KCV.concept, concept_iri(fact.concept))
        g.add(node, KCV.aspectKey, Literal(aspect))
        g.add(node, KCV.entity, self._entity(fact.context.entity))
        g.add(node, KCV.period, self._period(fact.context.period))
        for axis, member in fact.context.dimensions:
            g.add(node, axis_property(axis), concept_iri(member))
        if fact.unit is not None:
            g.add(node, KCV.unit, self._unit(fact.unit))
        if fact.decimals is not None:
            g.add(node, KCV.decimals, _int(fact.decimals))
        if fact.value is None:
            g.add(node, KCV.nil, _bool(True))
        else:
            g.add(node, KCV.value, self._value(fact))
        g.add(node, KCV.derived, _bool(fact.derived))
        g.add(node, KCV.series, self._series_of(key))
        if not fact.derived:
            for order, provenance in enumerate(fact.provenance, start=1):
                where = URIRef(f"{node}/printed/{order}")
                self._location(g, where, provenance, order)
                g.add(node, KCV.printedAt, where)
                g.add(node, PROV.wasDerivedFrom, where)
        for duplicate in sorted(fact.duplicates, key=lambda d: -d.decimals):
            again = URIRef(f"{node}/duplicate/{duplicate.decimals}")
            g.add(node, KCV.duplicate, again)
            g.add(again, RDF.type, KCV.Duplicate)
            g.add(again, KCV.duplicateValue, _decimal(_decimal_text(duplicate.value)))
            g.add(again, KCV.duplicateDecimals, _int(duplicate.decimals))
            for order, provenance in enumerate(duplicate.provenance, start=1):
                where = URIRef(f"{again}/printed/{order}")
                self._location(g, where, provenance, order)
                g.add(again, KCV.duplicatePrintedAt, where)
        if fact.translation is None and fact.unit is not None and fact.unit.numerator in (Currency.USD, Currency.HKD):
            g.add(node, RDF.type, KCV.StatedCurrencyAmount)
        if fact.translation is not None and rid is not None:
            g.add(node, RDF.type, KCV.ConvenienceTranslation)
            source, rate = self._translated(fact.translation.source, rid), fact_iri(rid, fact.translation.rate, self.home)
            g.add(node, KCV.translationOf, source)
            g.add(node, KCV.translationRate, rate)
            g.add(node, PROV.wasDerivedFrom, source)
            g.add(node, PROV.wasDerivedFrom, rate)
        return node

    def _value(self, fact: Fact) -> Literal:
        if isinstance(fact.value, Decimal):
            return _decimal(_decimal_text(fact.value))
        if self.taxonomy.concepts[fact.concept].type.value == "date":
            return Literal(fact.value, datatype=XSD.date)
        return Literal(fact.value)

    def _location(self, g: _Graph, node: URIRef, provenance: Provenance, order: int) -> None:
        doc = document_iri(provenance.document)
        g.add(node, RDF.type, KCV.SourceLocation)
        g.add(node, KCV.document, doc)
        g.add(node, PROV.wasQuotedFrom, doc)
        g.add(node, KCV.line, _int(provenance.line))
        g.add(node, KCV.printedLabel, _text(provenance.label))
        g.add(node, KCV.printedText, _text(provenance.text))
        g.add(node, KCV.order, _int(order))
        for prop, number in ((KCV.page, provenance.page), (KCV.sourceTable, provenance.table),
                             (KCV.sourceRow, provenance.row), (KCV.sourceCell, provenance.cell)):
            if number is not None:
                g.add(node, prop, _int(number))
        if provenance.sentence is not None:
            g.add(node, KCV.sentence, _text(provenance.sentence))
            g.add(node, KCV.spanStart, _int(provenance.span[0]))
            g.add(node, KCV.spanEnd, _int(provenance.span[1]))
        if provenance.box is not None:
            for prop, edge in zip((KCV.boxLeft, KCV.boxTop, KCV.boxRight, KCV.boxBottom), provenance.box):
                g.add(node, prop, _decimal(_decimal_text(edge)))

    # -- derived facts --------------------------------------------------------------------------

    def _derived(self) -> None:
        g = self.shared
        for fact in self.derived:
            node = self._fact(g, fact, None)
            g.add(node, RDF.type, KCV.DerivedFact)
            if fact.addends:
                rid = self._deriving_report(fact)
                for part in fact.addends:
                    g.add(node, KCV.addend, fact_iri(rid, part, self.home))
                    g.add(node, PROV.wasDerivedFrom, fact_iri(rid, part, self.home))
                continue
            year, nine = self._q4_sources(fact)
            g.add(node, KCV.minuend, year)
            g.add(node, KCV.subtrahend, nine)
            g.add(node, PROV.wasDerivedFrom, year)
            g.add(node, PROV.wasDerivedFrom, nine)

    def _deriving_report(self, fact: Fact) -> str:
        """The latest report that derived ``fact`` from its own printed facts (as the dataset merge keeps it)."""
        for report in reversed(self.reports):
            own = report.fact(fact.key)
            if own is not None and own.derived and own.addends == fact.addends:
                return self.ids[id(report)]
        raise ValueError(f"{fact.concept} {fact.context.period.key}: no report derived it")

    def _q4_sources(self, q4: Fact) -> tuple[URIRef, URIRef]:
        """The reported year and nine-month facts a fourth quarter is computed from (the latest report's)."""
        end = q4.context.period.end
        spans = {"year": Period.duration(dt.date(end.year, 1, 1), end),
                 "nine": Period.duration(dt.date(end.year, 1, 1), dt.date(end.year, 9, 30))}
        refs = {name: FactRef(concept=q4.concept, context=q4.context.model_copy(update={"period": span}), unit=q4.unit)
                for name, span in spans.items()}
        found: dict[str, tuple[URIRef, Decimal]] = {}
        for report in self.reports:  # oldest first: the latest report's fact stands, as in the merge
            for name, ref in refs.items():
                fact = report.fact(ref)
                if fact is not None and isinstance(fact.value, Decimal):
                    found[name] = (fact_iri(self.ids[id(report)], ref, self.home), fact.value)
        if set(found) != {"year", "nine"} or found["year"][1] - found["nine"][1] != q4.value:
            raise ValueError(f"{q4.concept} {q4.context.period.key}: the year and nine-month facts it is derived from are not reported")
        return found["year"][0], found["nine"][0]

    # -- findings -------------------------------------------------------------------------------

    def _findings_by_graph(self) -> dict[URIRef, list[tuple[Finding, list[Report]]]]:
        """Each finding with the reports it cites, in the graph it goes to: the one report's it cites, else the dataset's."""
        by_source = {r.document.source: r for r in self.reports}
        out: dict[URIRef, list[tuple[Finding, list[Report]]]] = {}
        for finding in dict.fromkeys(self.findings):
            cited = [by_source[s] for s in dict.fromkeys(p.document for p in finding.lines) if s in by_source]
            graph = report_graph(self.ids[id(cited[0])]) if len(cited) == 1 else DATASET_GRAPH
            out.setdefault(graph, []).append((finding, cited))
        return out

    def _findings(self, findings: list[tuple[Finding, list[Report]]]) -> None:
        for finding, cited in findings:
            g = self.graph(report_graph(self.ids[id(cited[0])])) if len(cited) == 1 else self.graph(DATASET_GRAPH)
            node = finding_iri(finding)
            g.add(node, RDF.type, KCV.Finding)
            g.add(node, KCV.code, Literal(finding.code))
            g.add(node, KCV.severity, SEVERITIES[finding.severity.value])
            g.add(node, KCV.message, Literal(finding.message))
            for report in cited:
                g.add(node, KCV.report, report_iri(self.ids[id(report)]))
            for ref in finding.facts:
                for target in self._facts_about(ref, cited):
                    g.add(node, KCV.concerns, target)
            for order, line in enumerate(finding.lines, start=1):
                where = URIRef(f"{node}/line/{order}")
                self._location(g, where, line, order)
                g.add(node, KCV.citedAt, where)

    def _facts_about(self, ref: FactRef, cited: list[Report]) -> list[URIRef]:
        """The fact nodes a finding's fact reference names: in the reports it cites, else wherever it is."""
        for reports in (cited, self.reports):
            found = [fact_iri(self.ids[id(r)], ref, self.home) for r in reports if r.fact(ref) is not None]
            if found:
                return found
        if any(f.key == ref for f in self.derived):
            return [derived_fact_iri(ref, self.home)]
        return []

    # -- shared nodes ---------------------------------------------------------------------------

    def _period(self, period: Period) -> URIRef:
        self._periods.add(period)
        return period_iri(period)

    def _unit(self, unit: Unit) -> URIRef:
        self._units.add(unit)
        return unit_iri(unit)

    def _entity(self, entity: Entity) -> URIRef:
        self._entities.add(entity)
        return entity_iri(entity)

    def _series_of(self, ref: FactRef) -> URIRef:
        """The series the fact belongs to, described once in the dataset graph (docs/rdf.md, "Series")."""
        node = series_iri(ref, self.home)
        self._series.setdefault(node, ref)
        return node

    def _describe_series(self, g: _Graph) -> None:
        """Each series: what its facts share (concept, entity, members, unit) and the kind of their periods."""
        for node, ref in sorted(self._series.items()):
            g.add(node, RDF.type, KCV.Series)
            g.add(node, RDF.type, QB.Slice)
            g.add(node, RDFS.label, Literal(series_key(ref, self.home)))
            g.add(node, KCV.concept, concept_iri(ref.concept))
            g.add(node, KCV.entity, entity_iri(ref.context.entity))
            for axis, member in ref.context.dimensions:
                g.add(node, axis_property(axis), concept_iri(member))
            if ref.unit is not None:
                g.add(node, KCV.unit, unit_iri(ref.unit))
            g.add(node, KCV.periodKind, KCV[period_kind(ref.context.period)])

    def _shared_nodes(self) -> None:
        g = self.shared
        g.add(DATASET, RDF.type, KCV.Dataset)
        g.add(DATASET, RDF.type, QB.DataSet)
        g.add(DATASET, RDFS.label, Literal("kcmodel dataset: every report merged", lang="en"))
        for report in self.reports:
            g.add(DATASET, DCTERMS.hasPart, report_iri(self.ids[id(report)]))
        g.add(AGENT, RDF.type, PROV.SoftwareAgent)
        g.add(AGENT, RDFS.label, Literal("kcmodel"))
        for entity in sorted(self._entities, key=lambda e: (e.scheme, e.identifier)):
            node = entity_iri(entity)
            g.add(node, RDF.type, KCV.Entity)
            g.add(node, KCV.scheme, Literal(entity.scheme, datatype=XSD.anyURI))
            g.add(node, KCV.identifier, Literal(entity.identifier))
            g.add(node, RDFS.label, Literal(self.names.get(entity, f"{entity.scheme} {entity.identifier}")))
        for period in sorted(self._periods, key=lambda p: p.key):
            node = period_iri(period)
            g.add(node, RDF.type, KCV.Period)
            g.add(node, RDFS.label, Literal(period.key))
            if period.is_instant:
                g.add(node, KCV.instant, _date(period.end))
            else:
                g.add(node, KCV.startDate, _date(period.start))
                g.add(node, KCV.endDate, _date(period.end))
            g.add(node, KCV.periodKind, KCV[period_kind(period)])
            if year_before(period) in self._periods:
                g.add(node, KCV.yearBefore, period_iri(year_before(period)))
        self._describe_series(g)
        measures: set[Measurement] = set()
        for unit in sorted(self._units, key=str):
            node = unit_iri(unit)
            g.add(node, RDF.type, KCV.Unit)
            g.add(node, RDFS.label, Literal(str(unit)))
            g.add(node, KCV.numerator, measure_iri(unit.numerator))
            measures.add(unit.numerator)
            if unit.denominator is not None:
                g.add(node, KCV.denominator, measure_iri(unit.denominator))
                measures.add(unit.denominator)
        for measure in sorted(measures, key=lambda m: m.qname):
            g.add(measure_iri(measure), RDF.type, KCV.Measure)
            g.add(measure_iri(measure), RDFS.label, Literal(measure.qname))


def dataset_quads(dataset: Dataset, findings: Sequence[Finding] = (), taxonomy: Taxonomy | None = None) -> list[Quad]:
    return DatasetQuads(dataset, findings, taxonomy).quads

