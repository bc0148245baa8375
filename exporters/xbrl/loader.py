"""An XBRL 2.1 instance of the kc taxonomy read back into a Report, parsing safely."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from lxml import etree
from pydantic import ValidationError

from exporters import jsontext
from exporters.xbrl.instance import FACT_FOOTNOTE
from exporters.xmlutil import NS, q, read_xml
from kcmodel.contexts import Context, Entity, Period
from kcmodel.cover import COVER_CONCEPTS, document_from_cover
from kcmodel.errors import KcError
from kcmodel.facts import Fact, FactRef, Provenance, Translation, fold_duplicates
from kcmodel.lexical import parse_date, parse_decimal, parse_decimals
from kcmodel.report import Report
from kcmodel.taxonomy import (
    ENTRY_POINT,
    NAMESPACE,
    PROVENANCE_ROLE,
    TRANSLATION_RATE_ARCROLE,
    TRANSLATION_SOURCE_ARCROLE,
    Taxonomy,
    is_date,
)
from kcmodel.units import MEASURE_NAMESPACES, Measurement, Unit, measure_of, unit_of

XLINK = f"{{{NS['xlink']}}}"


def load_instance(path: Path, taxonomy: Taxonomy | None = None) -> Report:
    return read_instance(read_xml(path, "an XBRL instance"), str(path), taxonomy)


def read_instance(xbrl: etree._Element, source: str, taxonomy: Taxonomy | None = None) -> Report:
    """The Report an instance holds, its facts checked against ``taxonomy`` (the kc taxonomy kcmodel
    ships, unless given); KcError naming the file and line for anything unexpected."""
    if xbrl.tag != q("xbrli:xbrl"):
        raise KcError(f"not an XBRL instance (root element {xbrl.tag})", file=source, line=xbrl.sourceline)
    refs = [s.get(XLINK + "href") for s in xbrl.iterfind(q("link:schemaRef"))]
    if refs != [ENTRY_POINT]:
        raise KcError(f"not a kc instance: schemaRef {refs}, expected {ENTRY_POINT}", file=source, line=xbrl.sourceline)
    reader = _Reader(source, taxonomy or Taxonomy.load())
    contexts = {c.get("id"): reader.context(c) for c in xbrl.iterfind(q("xbrli:context"))}
    units = {u.get("id"): reader.unit(u) for u in xbrl.iterfind(q("xbrli:unit"))}
    raw = [(node, reader.fact_fields(node, contexts, units)) for node in xbrl if node.tag.startswith(f"{{{NAMESPACE}}}")]
    keys: dict[str, FactRef] = {node.get("id"): FactRef(concept=f["concept"], context=f["context"], unit=f["unit"])
                                for node, f in raw if node.get("id")}
    extras = reader.footnotes(xbrl, keys)
    facts = []
    for node, fields in raw:
        fields.update(extras.get(node.get("id"), {}))
        facts.append(reader.fact(fields, node.sourceline))
    cover = [f for f in facts if f.concept in COVER_CONCEPTS]
    try:
        document = document_from_cover(cover)
    except (ValueError, ValidationError) as exc:
        raise KcError(f"cover facts incomplete: {exc}", file=source) from None
    try:
        body = tuple(fold_duplicates([f for f in facts if f.concept not in COVER_CONCEPTS]))
        return Report(document=document, facts=body)
    except ValidationError as exc:
        raise KcError(f"the instance does not make a valid report: {_first_error(exc)}", file=source) from None


def _first_error(exc: ValidationError) -> str:
    return exc.errors()[0]["msg"].removeprefix("Value error, ")


class _Reader:
    def __init__(self, source: str, taxonomy: Taxonomy) -> None:
        self.source = source
        self.taxonomy = taxonomy

    def fail(self, node: etree._Element, message: str) -> KcError:
        return KcError(message, file=self.source, line=node.sourceline)

    def build(self, model: type, fields: dict, line: int | None):
        try:
            return model.model_validate(fields)
        except ValidationError as exc:
            raise KcError(_first_error(exc), file=self.source, line=line) from None

    def fact(self, fields: dict, line: int | None) -> Fact:
        try:
            return Fact.checked(self.taxonomy, **fields)
        except ValidationError as exc:
            raise KcError(_first_error(exc), file=self.source, line=line) from None

    def local(self, node: etree._Element, qname: str) -> str:
        prefix, _, local = qname.strip().rpartition(":")
        if node.nsmap.get(prefix or None) != NAMESPACE:
            raise self.fail(node, f"{qname} is not a kc taxonomy name")
        return local

    def context(self, node: etree._Element) -> Context:
        identifier = node.find(f"{q('xbrli:entity')}/{q('xbrli:identifier')}")
        period = node.find(q("xbrli:period"))
        if identifier is None or period is None:
            raise self.fail(node, f"context {node.get('id')} lacks an entity identifier or a period")
        instant, start, end = (period.findtext(q(f"xbrli:{t}")) for t in ("instant", "startDate", "endDate"))
        try:
            if instant:
                when = Period.instant(dt.date.fromisoformat(instant.strip()))
            elif start and end:
                when = Period.duration(dt.date.fromisoformat(start.strip()), dt.date.fromisoformat(end.strip()))
            else:
                raise ValueError("only instants and dated durations are supported")
        except ValueError as exc:
            raise self.fail(period, f"context {node.get('id')}: {exc}") from None
        members = [
            (self.local(m, m.get("dimension", "")), self.local(m, m.text or ""))
            for m in node.iter(q("xbrldi:explicitMember"))
        ]
        entity = Entity(scheme=identifier.get("scheme", ""), identifier=(identifier.text or "").strip())
        return self.build(Context, {"entity": entity, "period": when, "dimensions": members}, node.sourceline)

    def measure(self, node: etree._Element) -> Measurement:
        prefix, _, local = (node.text or "").strip().rpartition(":")
        namespace = node.nsmap.get(prefix or None)
        ours = next((p for p, ns in MEASURE_NAMESPACES.items() if ns == namespace), None)
        if ours is None:
            raise self.fail(node, f"measure {node.text} is not an ISO 4217 currency or an XBRL measure")
        try:
            return measure_of(ours, local)
        except ValueError as exc:
            raise self.fail(node, str(exc)) from None

    def unit(self, node: etree._Element) -> Unit:
        measures = list(node.iter(q("xbrli:measure")))
        numerator = node.find(f"{q('xbrli:divide')}/{q('xbrli:unitNumerator')}/{q('xbrli:measure')}")
        denominator = node.find(f"{q('xbrli:divide')}/{q('xbrli:unitDenominator')}/{q('xbrli:measure')}")
        if numerator is not None and denominator is not None and len(measures) == 2:
            return unit_of(self.measure(numerator), self.measure(denominator))
        if len(measures) == 1 and numerator is None:
            return unit_of(self.measure(measures[0]))
        raise self.fail(node, f"unit {node.get('id')}: only one measure, or one over one, is supported")

    def fact_fields(self, node: etree._Element, contexts: dict, units: dict) -> dict:
        concept = etree.QName(node).localname
        context = contexts.get(node.get("contextRef"))
        if context is None:
            raise self.fail(node, f"{concept}: unknown contextRef {node.get('contextRef')!r}")
        unit = None
        if node.get("unitRef") is not None:
            unit = units.get(node.get("unitRef"))
            if unit is None:
                raise self.fail(node, f"{concept}: unknown unitRef {node.get('unitRef')!r}")
        nil = node.get(f"{{{NS['xsi']}}}nil") in ("true", "1")
        value: object = None
        if not nil:
            value = node.text or ""
            try:
                if unit is not None:
                    value = parse_decimal(value)
                elif is_date(self.taxonomy, concept):
                    value = parse_date(value)
            except ValueError as exc:
                raise self.fail(node, f"{concept}: {exc}") from None
        decimals = node.get("decimals")
        if decimals is not None:
            try:
                decimals = parse_decimals(decimals)
            except ValueError as exc:
                raise self.fail(node, f"{concept}: {exc}") from None
        return {"concept": concept, "context": context, "unit": unit, "value": value, "decimals": decimals}

    def footnotes(self, xbrl: etree._Element, keys: dict[str, FactRef]) -> dict[str, dict]:
        """Per fact id: its provenance (ordered) and translation, from the footnote links."""
        extras: dict[str, dict] = {}
        for link in xbrl.iterfind(q("link:footnoteLink")):
            locs = {n.get(XLINK + "label"): n.get(XLINK + "href", "").removeprefix("#") for n in link.iterfind(q("link:loc"))}
            notes = {n.get(XLINK + "label"): n for n in link.iterfind(q("link:footnote"))}
            translations: dict[str, dict[str, FactRef]] = {}
            for arc in sorted(link.iterfind(q("link:footnoteArc")), key=self.order):
                arcrole, source = arc.get(XLINK + "arcrole"), locs.get(arc.get(XLINK + "from"))
                target = arc.get(XLINK + "to")
                if source not in keys:
                    raise self.fail(arc, f"footnote arc from {arc.get(XLINK + 'from')!r}, which is no fact")
                if arcrole == FACT_FOOTNOTE and target in notes and notes[target].get(XLINK + "role") == PROVENANCE_ROLE:
                    extras.setdefault(source, {}).setdefault("provenance", []).append(self.provenance(notes[target]))
                elif arcrole in (TRANSLATION_SOURCE_ARCROLE, TRANSLATION_RATE_ARCROLE):
                    if locs.get(target) not in keys:
                        raise self.fail(arc, f"translation arc to {target!r}, which is no fact")
                    part = "source" if arcrole == TRANSLATION_SOURCE_ARCROLE else "rate"
                    translations.setdefault(source, {})[part] = keys[locs[target]]
            for fact_id, parts in translations.items():
                extras.setdefault(fact_id, {})["translation"] = self.build(Translation, parts, link.sourceline)
        return extras

    def order(self, arc: etree._Element) -> Decimal:
        """An arc's ``order`` (an xs:decimal, 1 by default)."""
        try:
            return parse_decimal(arc.get("order", "1"))
        except ValueError as exc:
            raise self.fail(arc, f"footnote arc order: {exc}") from None

    def provenance(self, note: etree._Element) -> Provenance:
        try:
            data = jsontext.loads(note.text or "", self.source, note.sourceline)
        except KcError as exc:
            raise self.fail(note, f"provenance footnote: {exc.message}") from None
        return self.build(Provenance, data, note.sourceline)
