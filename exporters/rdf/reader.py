"""kcmodel's RDF read back into Reports: the round trip that proves the graph holds the model.

Each report's named graph gives back the Report an XBRL instance of it holds (its cover facts make
the Document, as the instance loader does); periods, units and entities are read from the dataset
graph. Derived facts are not part of any report and are not read back.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

from rdflib import Dataset as RdfDataset
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from exporters.rdf.vocabulary import KCDIM, KCV, concept_name, measure_name
from kcmodel.contexts import Context, Entity, Period
from kcmodel.cover import COVER_CONCEPTS, document_from_cover
from kcmodel.errors import KcError
from kcmodel.facts import Duplicate, Fact, FactRef, Provenance, Translation
from kcmodel.report import Report
from kcmodel.taxonomy import Taxonomy
from kcmodel.units import unit_of


class _Index:
    """subject -> predicate -> objects over every graph, and the facts of each graph."""

    def __init__(self, quads) -> None:
        self.props: dict[URIRef, dict[URIRef, list]] = defaultdict(lambda: defaultdict(list))
        self.graph_facts: dict[URIRef, list[URIRef]] = defaultdict(list)
        self.reports: dict[URIRef, URIRef] = {}  # graph -> report node
        for s, p, o, g in quads:
            name = getattr(g, "identifier", g)
            self.props[s][p].append(o)
            if p == RDF.type and o == KCV.Fact:
                self.graph_facts[name].append(s)
            elif p == RDF.type and o == KCV.Report:
                self.reports[name] = s

    def one(self, node: URIRef, prop: URIRef, required: bool = True):
        values = self.props.get(node, {}).get(prop, [])
        if len(values) > 1:
            raise KcError(f"{node} has {len(values)} values of {prop}")
        if not values:
            if required:
                raise KcError(f"{node} has no {prop}")
            return None
        return values[0]


def _date(literal: Literal) -> dt.date:
    return dt.date.fromisoformat(str(literal))


class _Reader:
    def __init__(self, index: _Index, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.index = index
        self.refs: dict[URIRef, FactRef] = {}

    def provenance(self, node: URIRef) -> Provenance:
        ix = self.index

        def number(prop: URIRef) -> int | None:
            value = ix.one(node, prop, required=False)
            return int(value) if value is not None else None

        edges = [ix.one(node, p, required=False) for p in (KCV.boxLeft, KCV.boxTop, KCV.boxRight, KCV.boxBottom)]
        sentence = ix.one(node, KCV.sentence, required=False)
        span = (number(KCV.spanStart), number(KCV.spanEnd)) if sentence is not None else None
        return Provenance(document=unquote(str(ix.one(node, KCV.document)).rsplit("/", 1)[1]),
                          line=int(ix.one(node, KCV.line)), label=str(ix.one(node, KCV.printedLabel)),
                          text=str(ix.one(node, KCV.printedText)), page=number(KCV.page),
                          table=number(KCV.sourceTable), row=number(KCV.sourceRow), cell=number(KCV.sourceCell),
                          box=tuple(Decimal(str(e)) for e in edges) if all(e is not None for e in edges) else None,
                          sentence=str(sentence) if sentence is not None else None, span=span)

    def ref(self, node: URIRef) -> FactRef:
        if node not in self.refs:
            ix = self.index
            entity_node, period_node = ix.one(node, KCV.entity), ix.one(node, KCV.period)
            entity = Entity(scheme=str(ix.one(entity_node, KCV.scheme)), identifier=str(ix.one(entity_node, KCV.identifier)))
            instant = ix.one(period_node, KCV.instant, required=False)
            period = (Period.instant(_date(instant)) if instant is not None else
                      Period.duration(_date(ix.one(period_node, KCV.startDate)), _date(ix.one(period_node, KCV.endDate))))
            dims = [(str(p)[len(str(KCDIM)):], concept_name(str(objs[0]))) for p, objs in ix.props[node].items()
                    if str(p).startswith(str(KCDIM))]
            unit = None
            unit_node = ix.one(node, KCV.unit, required=False)
            if unit_node is not None:
                denominator = ix.one(unit_node, KCV.denominator, required=False)
                unit = unit_of(measure_name(str(ix.one(unit_node, KCV.numerator))),
                               measure_name(str(denominator)) if denominator is not None else None)
            context = Context(entity=entity, period=period, dimensions=dims)
            self.refs[node] = FactRef(concept=concept_name(str(ix.one(node, KCV.concept))), context=context, unit=unit)
        return self.refs[node]

    def fact(self, node: URIRef) -> Fact:
        ix = self.index
        ref = self.ref(node)
        literal = ix.one(node, KCV.value, required=False)
        value: Decimal | dt.date | str | None = None
        if literal is not None:
            value = (Decimal(str(literal)) if literal.datatype == XSD.decimal else
                     _date(literal) if literal.datatype == XSD.date else str(literal))
        decimals = ix.one(node, KCV.decimals, required=False)
        where = sorted(ix.props[node].get(KCV.printedAt, []), key=lambda n: int(ix.one(n, KCV.order)))
        provenance = tuple(self.provenance(n) for n in where)
        translation = None
        source = ix.one(node, KCV.translationOf, required=False)
        if source is not None:
            translation = Translation(source=self.ref(source), rate=self.ref(ix.one(node, KCV.translationRate)))
        return Fact.checked(self.taxonomy, concept=ref.concept, context=ref.context, unit=ref.unit, value=value,
                    decimals=int(decimals) if decimals is not None else None, provenance=provenance,
                    translation=translation, derived=str(ix.one(node, KCV.derived, required=False)) == "true",
                    addends=tuple(sorted((self.ref(a) for a in ix.props[node].get(KCV.addend, [])), key=_ref_order)),
                    duplicates=tuple(self.duplicate(d) for d in sorted(ix.props[node].get(KCV.duplicate, []),
                                                                       key=lambda d: -int(ix.one(d, KCV.duplicateDecimals)))))

    def duplicate(self, node: URIRef) -> Duplicate:
        ix = self.index
        where = sorted(ix.props[node].get(KCV.duplicatePrintedAt, []), key=lambda n: int(ix.one(n, KCV.order)))
        return Duplicate(value=Decimal(str(ix.one(node, KCV.duplicateValue))), decimals=int(ix.one(node, KCV.duplicateDecimals)),
                         provenance=tuple(self.provenance(n) for n in where))


def read_reports(quads, taxonomy: Taxonomy | None = None) -> dict[str, Report]:
    """Report id -> Report, from quads (an rdflib Dataset's ``quads()`` or 4-tuples), the facts checked
    against ``taxonomy`` (the kc taxonomy kcmodel ships, unless given)."""
    index = _Index(quads)
    reader = _Reader(index, taxonomy or Taxonomy.load())
    reports = {}
    for graph, node in index.reports.items():
        facts = [reader.fact(f) for f in index.graph_facts[graph]]
        here = {f.key for f in facts}
        # a US$ fact whose RMB source the document did not print links to a fact of the dataset: the
        # report read back is the report as reported (``Report.as_reported``)
        facts = [f.model_copy(update={"translation": None}) if f.translation and f.translation.source not in here else f
                 for f in facts if not f.derived]
        try:
            document = document_from_cover([f for f in facts if f.concept in COVER_CONCEPTS])
            reports[str(index.one(node, KCV.reportId))] = Report(
                document=document, facts=tuple(sorted((f for f in facts if f.concept not in COVER_CONCEPTS), key=_order)))
        except ValueError as exc:
            raise KcError(f"graph {graph} does not make a valid report: {exc}") from None
    return reports


def _ref_order(ref: FactRef) -> str:
    return ref.context.period.key  # addends in time order, as the model keeps them


def _order(fact: Fact) -> tuple:
    return (fact.concept, fact.context.period.key, fact.context.dimensions, str(fact.unit))


def load_reports(path: Path, taxonomy: Taxonomy | None = None) -> dict[str, Report]:
    """Report id -> Report from an N-Quads, TriG or JSON-LD file."""
    formats = {".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld"}
    dataset = RdfDataset()
    dataset.parse(str(path), format=formats[path.suffix])
    return read_reports(dataset.quads((None, None, None, None)), taxonomy)
