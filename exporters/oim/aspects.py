"""The one mapping between a Report and the OIM report model, shared by xBRL-JSON and xBRL-CSV.

OIM 1.0 describes a fact by its dimensions (``concept``, ``entity``, ``period``, ``unit`` and the
taxonomy-defined ones), its ``decimals`` and its ``value``. Both formats serialise one
:class:`OimReport`: :func:`to_oim` builds it from a Report, :func:`from_oim` reads one back, so
each aspect is mapped here once.

- Facts: the XML instance's (cover facts, then the report's facts as reported), in that order.
  Ids are derived from content: ``Revenues_D2024-01-01_2024-12-31_PublicCloudServices_CNY``
  (concept, the XML context id, the unit id), so they are stable and readable, and are valid
  xBRL-CSV row identifiers too.
- Periods: the model keeps inclusive dates; OIM periods are half-open dateTimes. The duration
  2024-01-01..2024-12-31 is ``2024-01-01T00:00:00/2025-01-01T00:00:00``; the instant 2024-12-31
  (the end of that day, as XBRL 2.1 reads a date-only instant) is ``2025-01-01T00:00:00``.
- Units: ``iso4217:CNY``, ``iso4217:CNY/xbrli:shares``, ``iso4217:CNY/iso4217:USD``. OIM's
  default unit of a numeric fact is ``xbrli:pure``, which must not be written
  (oime:illegalPureUnit): a numeric fact without a unit is pure.
- Provenance: each as an ``xbrl:note`` fact (language ``en``), whose value is the JSON text the
  XML instance puts in its provenance footnote, XML-escaped (a note's value is an XHTML
  fragment); the fact links to its notes, in order, with the standard ``footnote`` link type
  (arcrole fact-footnote). OIM notes have no role, so a note is read as provenance by its
  content: a JSON object.
- Translations: links of the link types ``translation-source`` and ``translation-rate`` (the kc
  taxonomy's arcroles, declared in ``linkTypes``) from a US$ fact to its RMB fact and its rate
  fact, in the standard link group.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from lxml import etree
from pydantic import ValidationError

from exporters import jsontext
from exporters.xbrl.instance import (
    FACT_FOOTNOTE,
    STANDARD_LINK_ROLE,
    context_id,
    format_value,
    instance_facts,
    provenance_text,
)
from kcmodel.contexts import CIK_SCHEME, Context, Entity, Period
from kcmodel.cover import COVER_CONCEPTS, document_from_cover
from kcmodel.errors import KcError
from kcmodel.facts import Fact, FactRef, Provenance, Translation, fold_duplicates
from kcmodel.lexical import parse_date, parse_decimal
from kcmodel.report import Report
from kcmodel.taxonomy import (
    ENTRY_POINT,
    NAMESPACE,
    PREFIX,
    TRANSLATION_RATE_ARCROLE,
    TRANSLATION_SOURCE_ARCROLE,
    Taxonomy,
    is_date,
)
from kcmodel.units import MEASURE_NAMESPACES, PURE, Measurement, Unit, measure_of, unit_of

JSON_DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-json"
CSV_DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-csv"
XBRL = "https://xbrl.org/2021"  # the OIM namespace, prefix xbrl (xbrl:note, features)
XHTML = "http://www.w3.org/1999/xhtml"
NOTE = "xbrl:note"
NOTE_LANGUAGE = "en"
# a fact printed again at a coarser precision (prose) is a consistent duplicate; inconsistent ones never are
FEATURES = {"xbrl:allowedDuplicates": "consistent"}

FOOTNOTE = "footnote"  # reserved link type alias
DEFAULT_GROUP = "_"  # reserved link group alias
LINK_TYPES = {
    FOOTNOTE: FACT_FOOTNOTE,
    "translation-rate": TRANSLATION_RATE_ARCROLE,
    "translation-source": TRANSLATION_SOURCE_ARCROLE,
}
LINK_GROUPS = {DEFAULT_GROUP: STANDARD_LINK_ROLE}
ENTITY_PREFIXES = {CIK_SCHEME: "cik"}
CORE = ("concept", "entity", "period", "unit", "language", "noteId")
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Where:
    """Where an OIM object was read: a file, and the line when known."""

    file: str
    line: int | None = None

    def error(self, message: str) -> KcError:
        return KcError(message, file=self.file, line=self.line)


@dataclass(frozen=True)
class OimFact:
    """One OIM fact (an ``xbrl:note`` too): its dimensions by OIM name, decimals and value."""

    id: str
    dimensions: dict[str, str | None]
    value: str | None
    decimals: int | None = None
    where: Where | None = None

    @property
    def is_note(self) -> bool:
        return self.dimensions.get("concept") == NOTE


@dataclass(frozen=True)
class OimLink:
    """Links of one type and group from one fact to its targets, in order."""

    source: str
    link_type: str  # an alias of linkTypes
    group: str  # an alias of linkGroups
    targets: tuple[str, ...]
    where: Where | None = None


@dataclass
class OimReport:
    namespaces: dict[str, str]
    taxonomy: list[str]
    facts: list[OimFact]
    links: list[OimLink]
    link_types: dict[str, str] = field(default_factory=lambda: dict(LINK_TYPES))
    link_groups: dict[str, str] = field(default_factory=lambda: dict(LINK_GROUPS))
    features: dict[str, object] = field(default_factory=lambda: dict(FEATURES))

    def document_info(self, document_type: str) -> dict:
        """The ``documentInfo`` object both formats write, keys sorted."""
        return {
            "documentType": document_type,
            "features": dict(sorted(self.features.items())),
            "linkGroups": dict(sorted(self.link_groups.items())),
            "linkTypes": dict(sorted(self.link_types.items())),
            "namespaces": dict(sorted(self.namespaces.items())),
            "taxonomy": list(self.taxonomy),
        }


# --- the model out -------------------------------------------------------------------------------


def period_text(period: Period) -> str:
    """``2024-01-01T00:00:00/2025-01-01T00:00:00`` for a duration, ``2025-01-01T00:00:00`` for the
    instant 2024-12-31: OIM ends are exclusive, the model's inclusive."""
    end = f"{(period.end + ONE_DAY).isoformat()}T00:00:00"
    return end if period.is_instant else f"{period.start.isoformat()}T00:00:00/{end}"


def unit_text(unit: Unit | None) -> str | None:
    """The OIM unit string; None for no unit and for xbrli:pure, OIM's default."""
    if unit is None or unit == PURE:
        return None
    return str(unit)


def value_text(value: Decimal | dt.date | str | None) -> str | None:
    if isinstance(value, Decimal):
        return format_value(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def note_value(provenance: Provenance) -> str:
    """A provenance as an ``xbrl:note`` value: its JSON text as an XHTML fragment."""
    return escape(provenance_text(provenance), quote=False)


def fact_ids(facts: list[Fact]) -> tuple[list[str], dict[FactRef, str]]:
    """Stable, readable ids from each listed fact's content, and per key the id of its most precise
    occurrence (the one translations link to); a duplicate's id adds its decimals ('_dm5' for -5)."""
    ids: list[str] = []
    main: dict[FactRef, str] = {}
    used: set[str] = set()
    for fact in facts:
        base = "_".join([fact.concept, context_id(fact.context), *([fact.unit.id] if fact.unit else [])])
        if fact.key in main:
            base += f"_d{fact.decimals}".replace("-", "m")
        ident, n = base, 2
        while ident in used:  # only if two contexts ever shared an id: keep ids unique regardless
            ident, n = f"{base}_{n}", n + 1
        used.add(ident)
        main.setdefault(fact.key, ident)
        ids.append(ident)
    return ids, main


def to_oim(report: Report) -> OimReport:
    """The OIM report of a Report: every fact of its XML instance, provenance and translations."""
    facts = instance_facts(report)
    ids, main = fact_ids(facts)
    schemes = sorted({f.context.entity.scheme for f in facts})
    entity_prefixes = {s: ENTITY_PREFIXES.get(s, f"scheme{n}") for n, s in enumerate(schemes)}
    namespaces = {"iso4217": MEASURE_NAMESPACES["iso4217"], PREFIX: NAMESPACE, "xbrl": XBRL,
                  "xbrli": MEASURE_NAMESPACES["xbrli"]}
    namespaces.update({prefix: scheme for scheme, prefix in entity_prefixes.items()})
    oim_facts: list[OimFact] = []
    links: list[OimLink] = []
    for fact, ident in zip(facts, ids):
        oim_facts.append(OimFact(ident, _dimensions(fact, entity_prefixes), value_text(fact.value), fact.decimals))
        notes = []
        for n, provenance in enumerate(fact.provenance, start=1):
            note = f"{ident}_note{n}"
            notes.append(note)
            oim_facts.append(OimFact(note, {"concept": NOTE, "language": NOTE_LANGUAGE, "noteId": note},
                                     note_value(provenance)))
        if notes:
            links.append(OimLink(ident, FOOTNOTE, DEFAULT_GROUP, tuple(notes)))
        if fact.translation is not None:
            links.append(OimLink(ident, "translation-source", DEFAULT_GROUP, (main[fact.translation.source],)))
            links.append(OimLink(ident, "translation-rate", DEFAULT_GROUP, (main[fact.translation.rate],)))
    if len({f.id for f in oim_facts}) != len(oim_facts):
        raise AssertionError("OIM fact ids must be unique")  # a bug, never bad input
    return OimReport(namespaces=namespaces, taxonomy=[ENTRY_POINT], facts=oim_facts, links=links)


def _dimensions(fact: Fact, entity_prefixes: dict[str, str]) -> dict[str, str | None]:
    entity = fact.context.entity
    dimensions: dict[str, str | None] = {
        "concept": f"{PREFIX}:{fact.concept}",
        "entity": f"{entity_prefixes[entity.scheme]}:{entity.identifier}",
        "period": period_text(fact.context.period),
    }
    unit = unit_text(fact.unit)
    if unit is not None:
        dimensions["unit"] = unit
    for axis, member in fact.context.dimensions:
        dimensions[f"{PREFIX}:{axis}"] = f"{PREFIX}:{member}"
    return dimensions


# --- and back in ---------------------------------------------------------------------------------

_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?")


def parse_period(text: str) -> Period:
    """The model's inclusive Period of an OIM period (``start/end`` or an instant dateTime)."""
    parts = text.split("/")
    if not 1 <= len(parts) <= 2:
        raise ValueError(f"period {text!r} is neither a dateTime nor dateTime/dateTime")
    days = []
    for part in parts:
        match = _DATETIME.fullmatch(part)
        if match is None:
            raise ValueError(f"period {text!r} is neither a dateTime nor dateTime/dateTime")
        if match[2] != "00:00:00" or match[3]:
            raise ValueError(f"period {text!r}: kcmodel periods are whole days, without time of day or time zone")
        try:
            days.append(dt.date.fromisoformat(match[1]))
        except ValueError:
            raise ValueError(f"period {text!r}: {match[1]} is not a date") from None
    if len(days) == 1 or days[0] == days[1]:
        return Period.instant(days[-1] - ONE_DAY)
    if days[1] < days[0]:
        raise ValueError(f"period {text!r} ends before it starts")
    return Period.duration(days[0], days[1] - ONE_DAY)


def note_text(value: str) -> str:
    """The text of an ``xbrl:note`` value (an XHTML fragment); the value itself if it is no XML,
    as Arelle's own export writes notes' text unescaped."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        body = etree.fromstring(f'<body xmlns="{XHTML}">{value}</body>', parser)
    except etree.XMLSyntaxError:
        return value
    return "".join(body.itertext())


def from_oim(oim: OimReport, source: str, taxonomy: Taxonomy | None = None) -> Report:
    """The Report an OIM report holds, its facts checked against ``taxonomy`` (the kc taxonomy kcmodel
    ships, unless given); KcError naming the file (and line) for anything unexpected."""
    return _Reader(oim, source, taxonomy or Taxonomy.load()).report()


def report_from_facts(facts: list[Fact], source: str) -> Report:
    """Cover facts become the Document, the others the report's facts."""
    cover = [f for f in facts if f.concept in COVER_CONCEPTS]
    try:
        document = document_from_cover(cover)
    except (ValueError, ValidationError) as exc:
        raise KcError(f"cover facts incomplete: {_message(exc)}", file=source) from None
    try:
        return Report(document=document, facts=tuple(fold_duplicates([f for f in facts if f.concept not in COVER_CONCEPTS])))
    except ValidationError as exc:
        raise KcError(f"the facts do not make a valid report: {_message(exc)}", file=source) from None


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return exc.errors()[0]["msg"].removeprefix("Value error, ")
    return str(exc)


class _Reader:
    def __init__(self, oim: OimReport, source: str, taxonomy: Taxonomy) -> None:
        self.oim = oim
        self.source = source
        self.here = Where(source)
        self.taxonomy = taxonomy

    def report(self) -> Report:
        oim = self.oim
        if sorted(set(oim.taxonomy)) != [ENTRY_POINT]:
            raise self.here.error(f"not a kc report: taxonomy {oim.taxonomy}, expected [{ENTRY_POINT!r}]")
        seen: set[str] = set()
        notes: dict[str, str] = {}
        raw: list[tuple[OimFact, dict]] = []
        for fact in oim.facts:
            where = fact.where or self.here
            if fact.id in seen:
                raise where.error(f"fact id {fact.id!r} is used twice")
            seen.add(fact.id)
            if self.qname(fact.dimensions.get("concept"), "concept", where) == (XBRL, "note"):
                notes[fact.id] = note_text(fact.value or "")
            else:
                raw.append((fact, self.fields(fact, where)))
        keys = {f.id: FactRef(concept=x["concept"], context=x["context"], unit=x["unit"]) for f, x in raw}
        extras = self.links(keys, notes)
        facts = []
        for fact, fields in raw:
            fields.update(extras.get(fact.id, {}))
            facts.append(self.fact(fields, fact.where or self.here))
        return report_from_facts(facts, self.source)

    def fact(self, fields: dict, where: Where) -> Fact:
        try:
            return Fact.checked(self.taxonomy, **fields)
        except ValidationError as exc:
            raise where.error(_message(exc)) from None

    def build(self, model: type, fields: dict, where: Where):
        try:
            return model.model_validate(fields)
        except ValidationError as exc:
            raise where.error(_message(exc)) from None

    def qname(self, text: object, what: str, where: Where) -> tuple[str, str]:
        """(namespace, local name) of a prefixed name, by the report's namespaces."""
        if not isinstance(text, str) or ":" not in text:
            raise where.error(f"{what} {text!r} is not a prefixed name")
        prefix, _, local = text.partition(":")
        namespace = self.oim.namespaces.get(prefix)
        if namespace is None or not local:
            raise where.error(f"{what} {text!r}: the prefix {prefix!r} is not declared in namespaces")
        return namespace, local

    def kc_name(self, text: object, what: str, where: Where) -> str:
        namespace, local = self.qname(text, what, where)
        if namespace != NAMESPACE:
            raise where.error(f"{what} {text} is not a kc taxonomy name ({NAMESPACE})")
        return local

    def measure(self, text: str, where: Where) -> Measurement:
        namespace, local = self.qname(text, "unit measure", where)
        ours = next((p for p, ns in MEASURE_NAMESPACES.items() if ns == namespace), None)
        if ours is None:
            raise where.error(f"unit measure {text} is not an ISO 4217 currency or an XBRL measure")
        try:
            return measure_of(ours, local)
        except ValueError as exc:
            raise where.error(str(exc)) from None

    def unit(self, text: object, where: Where) -> Unit:
        if not isinstance(text, str) or any(c in text for c in "*() "):
            raise where.error(f"unit {text!r}: only one measure, or one over one, is supported")
        numerator, slash, denominator = text.partition("/")
        if slash and not denominator:
            raise where.error(f"unit {text!r} has no denominator")
        return unit_of(self.measure(numerator, where), self.measure(denominator, where) if slash else None)

    def fields(self, fact: OimFact, where: Where) -> dict:
        dims = fact.dimensions
        concept = self.kc_name(dims.get("concept"), "concept", where)
        known = self.taxonomy.concepts.get(concept)
        if dims.get("entity") is None:
            raise where.error(f"{concept}: no entity")
        scheme, identifier = self.qname(dims["entity"], "entity", where)
        if dims.get("period") is None:
            raise where.error(f"{concept}: no period (kcmodel has no forever facts)")
        try:
            period = parse_period(dims["period"])
        except ValueError as exc:
            raise where.error(f"{concept}: {exc}") from None
        unit = None
        if dims.get("unit") is not None:
            unit = self.unit(dims["unit"], where)
        elif known is not None and known.numeric:
            unit = PURE
        members = []
        for name, member in dims.items():
            if name in CORE:
                continue
            if ":" not in name:
                raise where.error(f"{concept}: unknown dimension {name!r}")
            members.append((self.kc_name(name, "dimension", where), self.kc_name(member, f"member of {name}", where)))
        context = self.build(Context, {"entity": Entity(scheme=scheme, identifier=identifier), "period": period,
                                       "dimensions": members}, where)
        value: object = fact.value
        try:
            if value is not None and unit is not None:
                value = parse_decimal(value)
            elif value is not None and is_date(self.taxonomy, concept):
                value = parse_date(value)
        except ValueError as exc:
            raise where.error(f"{concept}: {exc}") from None
        return {"concept": concept, "context": context, "unit": unit, "value": value, "decimals": fact.decimals}

    def links(self, keys: dict[str, FactRef], notes: dict[str, str]) -> dict[str, dict]:
        """Per fact id: its provenance (in link order) and its translation."""
        extras: dict[str, dict] = {}
        translations: dict[str, dict[str, FactRef]] = {}
        for link in self.oim.links:
            where = link.where or self.here
            arcrole = self.oim.link_types.get(link.link_type)
            if arcrole is None:
                raise where.error(f"link type {link.link_type!r} is not declared in linkTypes")
            if link.group not in self.oim.link_groups:
                raise where.error(f"link group {link.group!r} is not declared in linkGroups")
            if link.source not in keys:
                if link.source in notes:
                    continue  # a link from a note: nothing the model holds
                raise where.error(f"link source {link.source!r} is no fact")
            for target in link.targets:
                if target not in keys and target not in notes:
                    raise where.error(f"link target {target!r} is no fact")
            if arcrole == FACT_FOOTNOTE:
                for target in link.targets:
                    provenance = self.provenance(notes.get(target), where)
                    if provenance is not None:
                        extras.setdefault(link.source, {}).setdefault("provenance", []).append(provenance)
            elif arcrole in (TRANSLATION_SOURCE_ARCROLE, TRANSLATION_RATE_ARCROLE):
                part = "source" if arcrole == TRANSLATION_SOURCE_ARCROLE else "rate"
                parts = translations.setdefault(link.source, {})
                if len(link.targets) != 1 or link.targets[0] not in keys or part in parts:
                    raise where.error(f"{link.source}: a translation links to one {part} fact")
                parts[part] = keys[link.targets[0]]
        for ident, parts in translations.items():
            extras.setdefault(ident, {})["translation"] = self.build(Translation, parts, self.here)
        return extras

    def provenance(self, text: str | None, where: Where) -> Provenance | None:
        """A note that is a JSON object is a provenance; other notes are not kcmodel's."""
        if text is None or not text.lstrip().startswith("{"):
            return None
        try:
            data = jsontext.loads(text, where.file, where.line)
        except KcError as exc:
            raise where.error(f"provenance note: {exc.message}") from None
        return self.build(Provenance, data, where)
