"""A Report as an XBRL 2.1 instance document.

Contexts and units are written once each with readable ids derived from their content
(``D2024-01-01_2024-12-31``, ``I2024-12-31_PublicCloudServices``, ``CNY-per-shares``); facts keep
the report's order. Provenance travels as footnotes (role ``…/role/provenance``, JSON text) and
each US$ translation as fact-to-fact footnote arcs to its RMB fact and its rate fact, so the
instance carries everything the model holds and reads back into an equal Report.
"""

from __future__ import annotations

import json
from decimal import Decimal

from lxml import etree

from exporters.xmlutil import NS, element, root, serialize
from kcmodel.contexts import Context
from kcmodel.cover import cover_facts
from kcmodel.facts import Fact, FactRef, Provenance
from kcmodel.report import Report
from kcmodel.taxonomy import (
    ENTRY_POINT,
    PREFIX,
    PROVENANCE_ROLE,
    TRANSLATION_RATE_ARCROLE,
    TRANSLATION_SOURCE_ARCROLE,
)
from kcmodel.units import Unit

FACT_FOOTNOTE = "http://www.xbrl.org/2003/arcrole/fact-footnote"
STANDARD_LINK_ROLE = "http://www.xbrl.org/2003/role/link"
ARCROLE_IDS = {TRANSLATION_SOURCE_ARCROLE: "translation-source", TRANSLATION_RATE_ARCROLE: "translation-rate"}


def context_id(context: Context) -> str:
    period = context.period
    head = f"I{period.key}" if period.is_instant else f"D{period.key}"
    return head + "".join(f"_{member.removesuffix('Member')}" for _, member in context.dimensions)


def format_value(value: Decimal) -> str:
    """Canonical xs:decimal text: no exponent, no negative zero."""
    return "0" if value == 0 else format(value, "f")


def provenance_text(provenance: Provenance) -> str:
    return json.dumps(provenance.model_dump(mode="json", exclude_none=True), ensure_ascii=False, sort_keys=True)


def instance_facts(report: Report) -> list[Fact]:
    """What an instance of the report holds: its cover facts, then its facts as reported, each followed
    by its duplicates (the same fact printed again at a coarser precision)."""
    return [*cover_facts(report.document), *(o for f in report.as_reported().facts for o in f.occurrences())]


def instance(report: Report) -> etree._Element:
    facts = instance_facts(report)
    xbrl = root("xbrli:xbrl", ["xbrli", "link", "xlink", "xbrldi", "iso4217", "xsi", PREFIX])
    element(xbrl, "link:schemaRef", xlink__type="simple", xlink__href=ENTRY_POINT)
    if any(f.provenance for f in facts):
        element(xbrl, "link:roleRef", roleURI=PROVENANCE_ROLE, xlink__type="simple", xlink__href=f"{ENTRY_POINT}#provenance")
    if any(f.translation for f in facts):
        for arcrole, ident in ARCROLE_IDS.items():
            element(xbrl, "link:arcroleRef", arcroleURI=arcrole, xlink__type="simple", xlink__href=f"{ENTRY_POINT}#{ident}")
    for context in dict.fromkeys(f.context for f in facts):
        write_context(xbrl, context)
    for unit in dict.fromkeys(f.unit for f in facts if f.unit is not None):
        write_unit(xbrl, unit)
    ids, main = [f"f{n}" for n in range(1, len(facts) + 1)], {}
    for fact, ident in zip(facts, ids):
        main.setdefault(fact.key, ident)
        _write_fact(xbrl, fact, ident)
    _write_footnotes(xbrl, facts, ids, main)
    return xbrl


def instance_bytes(report: Report) -> bytes:
    return serialize(instance(report))


def write_context(xbrl: etree._Element, context: Context) -> None:
    node = element(xbrl, "xbrli:context", id=context_id(context))
    entity = element(node, "xbrli:entity")
    element(entity, "xbrli:identifier", context.entity.identifier, scheme=context.entity.scheme)
    if context.dimensions:
        segment = element(entity, "xbrli:segment")
        for axis, member in context.dimensions:
            element(segment, "xbrldi:explicitMember", f"{PREFIX}:{member}", dimension=f"{PREFIX}:{axis}")
    period = element(node, "xbrli:period")
    if context.period.is_instant:
        element(period, "xbrli:instant", context.period.end.isoformat())
    else:
        element(period, "xbrli:startDate", context.period.start.isoformat())
        element(period, "xbrli:endDate", context.period.end.isoformat())


def write_unit(xbrl: etree._Element, unit: Unit) -> None:
    node = element(xbrl, "xbrli:unit", id=unit.id)
    if unit.denominator is None:
        element(node, "xbrli:measure", unit.numerator.qname)
        return
    divide = element(node, "xbrli:divide")
    element(element(divide, "xbrli:unitNumerator"), "xbrli:measure", unit.numerator.qname)
    element(element(divide, "xbrli:unitDenominator"), "xbrli:measure", unit.denominator.qname)


def _write_fact(xbrl: etree._Element, fact: Fact, fact_id: str) -> None:
    attrs = {"contextRef": context_id(fact.context), "id": fact_id}
    if fact.unit is not None:
        attrs["unitRef"] = fact.unit.id
    if fact.decimals is not None:
        attrs["decimals"] = str(fact.decimals)
    node = element(xbrl, f"{PREFIX}:{fact.concept}", **attrs)
    if fact.value is None:
        node.set(f"{{{NS['xsi']}}}nil", "true")
    else:
        node.text = format_value(fact.value) if isinstance(fact.value, Decimal) else fact.text


def _write_footnotes(xbrl: etree._Element, facts: list[Fact], ids: list[str], main: dict[FactRef, str]) -> None:
    if not any(f.provenance or f.translation for f in facts):
        return
    link = element(xbrl, "link:footnoteLink", xlink__type="extended", xlink__role=STANDARD_LINK_ROLE)
    located: set[str] = set()

    def loc(fact_id: str) -> str:
        if fact_id not in located:
            located.add(fact_id)
            element(link, "link:loc", xlink__type="locator", xlink__href=f"#{fact_id}", xlink__label=fact_id)
        return fact_id

    for fact, ident in zip(facts, ids):
        for n, provenance in enumerate(fact.provenance, start=1):
            label = f"{ident}_p{n}"
            element(link, "link:footnote", provenance_text(provenance), xlink__type="resource", xlink__label=label,
                    xlink__role=PROVENANCE_ROLE, xml__lang="en")
            element(link, "link:footnoteArc", xlink__type="arc", xlink__arcrole=FACT_FOOTNOTE,
                    xlink__from=loc(ident), xlink__to=label, order=str(n))
        if fact.translation is not None:
            for arcrole, target in ((TRANSLATION_SOURCE_ARCROLE, fact.translation.source),
                                    (TRANSLATION_RATE_ARCROLE, fact.translation.rate)):
                element(link, "link:footnoteArc", xlink__type="arc", xlink__arcrole=arcrole,
                        xlink__from=loc(ident), xlink__to=loc(main[target]))
