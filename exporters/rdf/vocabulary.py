"""Namespaces and IRIs of kcmodel's RDF (docs/conventions.md §8), in one place.

Three IRI spaces, kept apart:

- the **vocabulary** (``kcv:``, ``https://kcmodel.org/vocab#``): classes and properties of the
  mapping itself, documented in ``vocab/kcmodel.ttl``;
- the **taxonomy** (``kc:``, the XBRL namespace plus ``#``): concepts, axes, members; networks are
  their XBRL role URIs; ``kcdim:`` holds one dimension property per axis;
- **instance data** (``kcd:``, ``https://kcmodel.org/data/``): reports, documents, facts, periods,
  units, findings, named graphs.

Every instance IRI is derived from content (a report's id, a fact's concept, period, dimensions and
unit, a finding's code and text), never from a counter, so two runs give the same IRIs.
"""

from __future__ import annotations

import functools
import hashlib
import json
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDFS, SKOS, XSD

from exporters.rdf.terms import KCD, data_iri
from kcmodel.contexts import CIK_SCHEME, Context, Entity, Period
from kcmodel.dates import whole_months
from kcmodel.facts import FactRef
from kcmodel.findings import Finding
from kcmodel.taxonomy import LABEL_ROLES, NAMESPACE, ROLE_BASE
from kcmodel.units import MEASURE_NAMESPACES, Measurement, Unit, measure_of

class _Terms(Namespace):
    """A namespace whose terms are made once: rdflib builds and checks a new URIRef on every
    ``KCV.concept``, and a build asks for the same few hundred terms a few hundred thousand times."""

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        made = self.__dict__[name] = self.term(name)  # found as a plain attribute from now on
        return made

KCV = _Terms("https://kcmodel.org/vocab#")
KC = _Terms(NAMESPACE + "#")
KCDIM = _Terms(NAMESPACE + "/dimension#")
QB = _Terms("http://purl.org/linked-data/cube#")
ISO4217 = _Terms(MEASURE_NAMESPACES["iso4217"] + "#")
XBRLI = _Terms(MEASURE_NAMESPACES["xbrli"] + "#")

# The namespaces of the us-gaap counterparts a concept names (``us-gaap:Revenues``), 2024 releases.
COUNTERPART_NAMESPACES = {
    "us-gaap": "http://fasb.org/us-gaap/2024#",
    "srt": "http://fasb.org/srt/2024#",
    "dei": "http://xbrl.sec.gov/dei/2024#",
}

PREFIXES: dict[str, str] = {
    "kcv": str(KCV),
    "kc": str(KC),
    "kcdim": str(KCDIM),
    "kcrole": ROLE_BASE,
    "kcd": str(KCD),
    "qb": str(QB),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "iso4217": str(ISO4217),
    "xbrli": str(XBRLI),
    **COUNTERPART_NAMESPACES,
}

SCHEME = URIRef(NAMESPACE)  # the taxonomy as a skos:ConceptScheme
DATASET = KCD["dataset"]
AGENT = KCD["agent/kcmodel"]
TAXONOMY_GRAPH = KCD["graph/taxonomy"]
DATASET_GRAPH = KCD["graph/dataset"]

PERIOD_TYPES = {"duration": KCV.durationPeriodType, "instant": KCV.instantPeriodType}
BALANCES = {"debit": KCV.debit, "credit": KCV.credit}
ITEM_TYPES = {name: KCV[f"{name}ItemType"] for name in ("monetary", "perShare", "shares", "percent", "rate", "count",
                                                        "string", "date", "abstract")}
SEVERITIES = {name: KCV[name] for name in ("error", "warning", "info")}
KINDS = {"item": KCV.LineItem, "axis": KCV.Axis, "domain": KCV.Domain, "member": KCV.Member, "hypercube": KCV.Hypercube}
LABEL_PROPERTIES = {"terse": KCV.terseLabel, "total": KCV.totalLabel, "negated": KCV.negatedLabel,
                    "periodStart": KCV.periodStartLabel, "periodEnd": KCV.periodEndLabel}


@functools.cache  # a graph asks for the same few thousand segments (concepts, periods, members) 40,000 times
def _segment(text: str) -> str:
    """A path segment: unreserved characters kept, everything else percent-encoded."""
    return quote(text, safe="")


def concept_iri(name: str) -> URIRef:
    return KC[name]


def concept_name(iri: str) -> str:
    if not iri.startswith(str(KC)):
        raise ValueError(f"{iri} is not a kc concept")
    return iri[len(str(KC)):]


def axis_property(axis: str) -> URIRef:
    return KCDIM[axis]


def counterpart_iri(qname: str) -> URIRef:
    prefix, _, local = qname.partition(":")
    if prefix not in COUNTERPART_NAMESPACES or not local:
        raise ValueError(f"unknown counterpart prefix in {qname!r}")
    return URIRef(COUNTERPART_NAMESPACES[prefix] + local)


def network_iri(role: str) -> URIRef:
    return URIRef(ROLE_BASE + role)


def label_role_iri(short: str) -> URIRef:
    return URIRef(LABEL_ROLES[short])


def calculation_arc_iri(role: str, total: str, item: str) -> URIRef:
    return URIRef(f"{ROLE_BASE}{role}/calculation/{total}/{item}")


def check_arc_iri(role: str, total: tuple[str, tuple], item: tuple[str, tuple]) -> URIRef:
    """A check arc: ``…/role/RevenueDisaggregation/check/Revenues/Revenues.PublicCloudServicesMember``."""
    key = lambda term: ".".join([term[0], *(member for _, member in term[1])])
    return URIRef(f"{ROLE_BASE}{role}/check/{_segment(key(total))}/{_segment(key(item))}")


def presentation_arc_iri(role: str, parent: str, child: str) -> URIRef:
    return URIRef(f"{ROLE_BASE}{role}/presentation/{parent}/{child}")


def measure_iri(measure: Measurement) -> URIRef:
    prefix, _, local = measure.qname.partition(":")
    return URIRef(MEASURE_NAMESPACES[prefix] + "#" + local)


def measure_name(iri: str) -> Measurement:
    """The measure of a measure IRI; ValueError for one kcmodel does not take."""
    for prefix, namespace in MEASURE_NAMESPACES.items():
        if iri.startswith(namespace + "#"):
            return measure_of(prefix, iri[len(namespace) + 1:])
    raise ValueError(f"{iri} is no XBRL measure")


def unit_iri(unit: Unit) -> URIRef:
    return data_iri(f"unit/{_segment(unit.id)}")


def period_iri(period: Period) -> URIRef:
    return data_iri(f"period/{period.key}")


def entity_iri(entity: Entity) -> URIRef:
    if entity.scheme == CIK_SCHEME:
        return data_iri(f"entity/cik-{_segment(entity.identifier)}")
    digest = hashlib.sha256(entity.scheme.encode()).hexdigest()[:8]
    return data_iri(f"entity/{digest}-{_segment(entity.identifier)}")


def report_iri(report_id: str) -> URIRef:
    return data_iri(f"report/{_segment(report_id)}")


def report_graph(report_id: str) -> URIRef:
    return data_iri(f"graph/{_segment(report_id)}")


def document_iri(source: str) -> URIRef:
    return data_iri(f"document/{_segment(source)}")


def _fact_key(concept: str, context: Context, unit: Unit | None, home: Entity | None, period: str | None = None) -> str:
    """Readable and unique: ``Revenues_2024-01-01_2024-12-31_ProductOrServiceAxis-PublicCloudServicesMember_CNY``
    (a series names its period kind in the period's place). The entity is named only when it is not
    ``home``, the entity whose documents the dataset holds."""
    parts = [concept, period or context.period.key, *(f"{axis}-{member}" for axis, member in context.dimensions)]
    if context.entity != home:
        parts.append(entity_iri(context.entity).rsplit("/", 1)[1])
    if unit is not None:
        parts.append(unit.id)
    return "_".join(_segment(p) for p in parts)


def aspect_key(ref: FactRef, home: Entity | None) -> str:
    """The fact's OIM aspects as one string; the same in every report that states the fact."""
    return _fact_key(ref.concept, ref.context, ref.unit, home)


# A period's kind (docs/rdf.md, "Series"): a duration of 3, 6, 9 or 12 whole months (from a month's
# first day to a month's last), an instant, or another duration. The series of a fact is named by it.
PERIOD_KIND_MONTHS = {3: "quarter", 6: "halfYear", 9: "nineMonths", 12: "year"}
PERIOD_KINDS = ("quarter", "halfYear", "nineMonths", "year", "pointInTime", "otherDuration")


def period_kind(period: Period) -> str:
    """``quarter`` for 2024-07-01..2024-09-30, ``pointInTime`` for an instant, ``otherDuration`` for 45 days."""
    if period.is_instant:
        return "pointInTime"
    return PERIOD_KIND_MONTHS.get(whole_months(period), "otherDuration")


def series_key(ref: FactRef, home: Entity | None) -> str:
    """The fact's aspects but the period, and the period's kind: ``Revenues_quarter_CNY``."""
    return _fact_key(ref.concept, ref.context, ref.unit, home, period_kind(ref.context.period))


def series_iri(ref: FactRef, home: Entity | None) -> URIRef:
    """The series a fact belongs to: the same in every report (``kcd:series/Revenues_quarter_CNY``)."""
    return data_iri(f"series/{series_key(ref, home)}")


def fact_iri(report_id: str, ref: FactRef, home: Entity | None) -> URIRef:
    """A reported fact: the same aspects in two reports are two facts (a later one may restate)."""
    return reported_fact_iri(report_id, aspect_key(ref, home))


def reported_fact_iri(report_id: str, aspect: str) -> URIRef:
    """A reported fact by its ``aspect_key`` (made once per fact where both are written)."""
    return data_iri(f"report/{_segment(report_id)}/fact/{aspect}")


def derived_fact_iri(ref: FactRef, home: Entity | None) -> URIRef:
    return derived_iri(aspect_key(ref, home))


def derived_iri(aspect: str) -> URIRef:
    """A derived fact by its ``aspect_key``."""
    return data_iri(f"derived/fact/{aspect}")


def finding_iri(finding: Finding) -> URIRef:
    text = json.dumps(finding.to_json(), sort_keys=True, ensure_ascii=False)
    return KCD[f"finding/{_segment(finding.code)}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"]


def qname(iri: str) -> str:
    """``kc:Revenues`` for a known namespace, else ``<iri>``."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return f"<{iri}>"
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    local = iri[len(best):]
    return f"{prefix}:{local}" if local and all(c.isalnum() or c in "-_./" for c in local) else f"<{iri}>"
