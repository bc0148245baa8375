"""The kc taxonomy as XBRL files: schema, label, presentation, calculation and definition linkbases,
and the Taxonomy Package 1.0 metadata. Generated from :class:`kcmodel.Taxonomy`, byte-stable."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from exporters.formula import formula_linkbase, formula_schemas
from exporters.xmlutil import NS, element, root, serialize
from kcmodel.taxonomy import (
    ASSERTIONS_ENTRY_POINT,
    ASSERTIONS_NAMESPACE,
    BASE_URL,
    ENTRY_POINT,
    LABEL_ROLES,
    NAMESPACE,
    PREFIX,
    PROVENANCE_ROLE,
    TRANSLATION_RATE_ARCROLE,
    TRANSLATION_SOURCE_ARCROLE,
    Concept,
    ItemType,
    Network,
    Taxonomy,
)

SCHEMA = "kc.xsd"
PACKAGE_ROOT = "kc-taxonomy-2025"
CALC11_ARCROLE = "https://xbrl.org/2023/arcrole/summation-item"
CALC11_SCHEMA = "https://www.xbrl.org/2023/calculation-1.1.xsd"
XBRLDT_SCHEMA = "http://www.xbrl.org/2005/xbrldt-2005.xsd"
NEGATED_ROLES_SCHEMA = "http://www.xbrl.org/lrr/role/negated-2009-12-16.xsd"
XDT = "http://xbrl.org/int/dim/arcrole/"

LINKBASES = {
    "kc-lab.xml": "http://www.xbrl.org/2003/role/labelLinkbaseRef",
    "kc-lab-zh.xml": "http://www.xbrl.org/2003/role/labelLinkbaseRef",
    "kc-pre.xml": "http://www.xbrl.org/2003/role/presentationLinkbaseRef",
    "kc-cal.xml": "http://www.xbrl.org/2003/role/calculationLinkbaseRef",
    "kc-def.xml": "http://www.xbrl.org/2003/role/definitionLinkbaseRef",
}
FORMULA_LINKBASE = "kc-formula.xml"  # XBRL 2.1 has no linkbaseRef role for generic linkbases: none is given
ASSERTIONS_SCHEMA = "kc-assertions.xsd"

ITEM_TYPES = {
    ItemType.monetary: "xbrli:monetaryItemType",
    ItemType.perShare: "dtr-types:perShareItemType",
    ItemType.shares: "xbrli:sharesItemType",
    ItemType.percent: "dtr-types:percentItemType",
    ItemType.rate: "xbrli:decimalItemType",
    ItemType.count: "xbrli:integerItemType",
    ItemType.string: "xbrli:stringItemType",
    ItemType.date: "xbrli:dateItemType",
    ItemType.abstract: "xbrli:stringItemType",
}


def concept_id(name: str) -> str:
    return f"{PREFIX}_{name}"


_MADE: dict[int, tuple[Taxonomy, dict[str, bytes]]] = {}


def taxonomy_files(taxonomy: Taxonomy) -> dict[str, bytes]:
    """Every file of the package, by its path inside the package's top directory.

    Made once per taxonomy: a build puts the same files in the taxonomy package and in every report package.
    """
    made = _MADE.get(id(taxonomy))
    if made is None or made[0] is not taxonomy:
        made = _MADE[id(taxonomy)] = (taxonomy, _files(taxonomy))
    return dict(made[1])


def _files(taxonomy: Taxonomy) -> dict[str, bytes]:
    files = {
        f"kc/{SCHEMA}": serialize(schema(taxonomy)),
        "kc/kc-lab.xml": serialize(label_linkbase(taxonomy, "en")),
        "kc/kc-lab-zh.xml": serialize(label_linkbase(taxonomy, "zh")),
        "kc/kc-pre.xml": serialize(presentation_linkbase(taxonomy)),
        "kc/kc-cal.xml": serialize(calculation_linkbase(taxonomy)),
        "kc/kc-def.xml": serialize(definition_linkbase(taxonomy)),
        f"kc/{FORMULA_LINKBASE}": serialize(formula_linkbase(taxonomy)),
        f"kc/{ASSERTIONS_SCHEMA}": serialize(assertions_schema()),
        "META-INF/taxonomyPackage.xml": serialize(package_metadata()),
        "META-INF/catalog.xml": serialize(catalog()),
    }
    return files


# --- schema -------------------------------------------------------------------------------------


def schema(taxonomy: Taxonomy) -> etree._Element:
    xsd = root(
        "xsd:schema",
        ["xsd", "xbrli", "link", "xlink", "xbrldt", "dtr-types", PREFIX],
        targetNamespace=NAMESPACE,
        elementFormDefault="qualified",
        attributeFormDefault="unqualified",
    )
    appinfo = element(element(xsd, "xsd:annotation"), "xsd:appinfo")
    for href, role in LINKBASES.items():
        element(appinfo, "link:linkbaseRef", xlink__type="simple", xlink__href=href, xlink__role=role,
                xlink__arcrole="http://www.w3.org/1999/xlink/properties/linkbase")
    for order, net in enumerate(taxonomy.networks, start=1):
        role_type = element(appinfo, "link:roleType", roleURI=net.uri, id=net.role)
        element(role_type, "link:definition", f"{order * 10:04d} - {net.title}")
        for used in ("link:presentationLink", "link:calculationLink", "link:definitionLink"):
            element(role_type, "link:usedOn", used)
    provenance = element(appinfo, "link:roleType", roleURI=PROVENANCE_ROLE, id="provenance")
    element(provenance, "link:definition", "Where a fact was printed: document, line, row label and cell text (JSON)")
    element(provenance, "link:usedOn", "link:footnote")
    for arcrole, ident, text in (
        (TRANSLATION_SOURCE_ARCROLE, "translation-source", "US$ convenience translation to the RMB fact it translates"),
        (TRANSLATION_RATE_ARCROLE, "translation-rate", "US$ convenience translation to the exchange-rate fact it used"),
    ):
        arcrole_type = element(appinfo, "link:arcroleType", arcroleURI=arcrole, id=ident, cyclesAllowed="none")
        element(arcrole_type, "link:definition", text)
        element(arcrole_type, "link:usedOn", "link:footnoteArc")
    for namespace, location in (
        (NS["xbrli"], "http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"),
        (NS["xbrldt"], XBRLDT_SCHEMA),
        (NS["dtr-types"], "https://www.xbrl.org/dtr/type/2022-03-31/types.xsd"),
    ):
        element(xsd, "xsd:import", namespace=namespace, schemaLocation=location)
    for concept in taxonomy.concepts.values():
        element(xsd, "xsd:element", **_element_attributes(concept))
    return xsd


def _element_attributes(concept: Concept) -> dict[str, str]:
    group, kind_type = {
        "item": ("xbrli:item", ITEM_TYPES[concept.type]),
        "axis": ("xbrldt:dimensionItem", "xbrli:stringItemType"),
        "domain": ("xbrli:item", "dtr-types:domainItemType"),
        "member": ("xbrli:item", "dtr-types:domainItemType"),
        "hypercube": ("xbrldt:hypercubeItem", "xbrli:stringItemType"),
    }[concept.kind]
    attrs = {
        "name": concept.name,
        "id": concept_id(concept.name),
        "type": kind_type,
        "substitutionGroup": group,
        "abstract": "true" if concept.abstract else "false",
        "nillable": "true",
        "xbrli__periodType": concept.period.value,
    }
    if concept.balance is not None:
        attrs["xbrli__balance"] = concept.balance.value
    return attrs


def assertions_schema() -> etree._Element:
    """The second entry point: the kc taxonomy with its formula assertions.

    Kept apart from kc.xsd on purpose: Arelle counts assertion results among a run's errors, so an
    instance whose DTS holds assertions fails ``--validationExitCode`` even when every one holds.
    Run them with ``--import <this entry point> --formula run``.
    """
    xsd = root("xsd:schema", ["xsd", "link", "xlink"], targetNamespace=ASSERTIONS_NAMESPACE, elementFormDefault="qualified")
    element(xsd, "xsd:import", namespace=NAMESPACE, schemaLocation=SCHEMA)  # first: the concepts, then the assertions
    for namespace, location in formula_schemas().items():  # known before the linkbase is validated against them
        element(xsd, "xsd:import", namespace=namespace, schemaLocation=location)
    appinfo = element(element(xsd, "xsd:annotation"), "xsd:appinfo")
    element(appinfo, "link:linkbaseRef", xlink__type="simple", xlink__href=FORMULA_LINKBASE,
            xlink__arcrole="http://www.w3.org/1999/xlink/properties/linkbase")
    return xsd


# --- linkbases ----------------------------------------------------------------------------------


def _linkbase(prefixes: Iterable[str] = ()) -> etree._Element:
    return root("link:linkbase", ["link", "xlink", "xsi", *prefixes],
                xsi__schemaLocation=f"{NS['link']} http://www.xbrl.org/2003/xbrl-linkbase-2003-12-31.xsd")


def _role_ref(linkbase: etree._Element, uri: str, href: str) -> None:
    element(linkbase, "link:roleRef", roleURI=uri, xlink__type="simple", xlink__href=href)


def _arcrole_ref(linkbase: etree._Element, uri: str, href: str) -> None:
    element(linkbase, "link:arcroleRef", arcroleURI=uri, xlink__type="simple", xlink__href=href)


def _loc(link: etree._Element, name: str, seen: set[str]) -> str:
    label = f"loc_{name}"
    if label not in seen:
        seen.add(label)
        element(link, "link:loc", xlink__type="locator", xlink__href=f"{SCHEMA}#{concept_id(name)}", xlink__label=label)
    return label


def label_texts(concept: Concept, lang: str, preferred: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(role short name, text) for every label the concept carries in ``lang``; ``preferred`` is
    what ``_preferred`` gives (made once per linkbase: it walks every network)."""
    if lang == "zh":
        return [("label", concept.zh)] if concept.zh else []
    roles = list(concept.roles())
    if concept.kind == "item" and not concept.abstract:
        roles += ["terse"] + (["negated"] if concept.numeric else [])
    roles += preferred.get(concept.name, [])
    return [(role, concept.text(role)) for role in dict.fromkeys(roles)]


def _preferred(taxonomy: Taxonomy) -> dict[str, list[str]]:
    """The preferred label roles the presentation arcs ask of each concept, in network order."""
    roles: dict[str, list[str]] = {}
    for net in taxonomy.networks:
        for _, child, preferred, _ in net.arcs():
            if preferred:
                roles.setdefault(child, []).append(preferred)
    return roles


def label_linkbase(taxonomy: Taxonomy, lang: str) -> etree._Element:
    linkbase = _linkbase()
    preferred = _preferred(taxonomy)
    texts = {c.name: label_texts(c, lang, preferred) for c in taxonomy.concepts.values()}
    negated = sorted({LABEL_ROLES[r] for labels in texts.values() for r, _ in labels if r.startswith("negated")})
    for uri in negated:
        _role_ref(linkbase, uri, f"{NEGATED_ROLES_SCHEMA}#{uri.rsplit('/', 1)[1]}")
    link = element(linkbase, "link:labelLink", xlink__type="extended", xlink__role="http://www.xbrl.org/2003/role/link")
    seen: set[str] = set()
    for name, labels in texts.items():
        if not labels:
            continue
        loc = _loc(link, name, seen)
        resource = f"lab_{name}"
        for role, text in labels:
            element(link, "link:label", text, xlink__type="resource", xlink__label=resource,
                    xlink__role=LABEL_ROLES[role], xml__lang=lang)
        element(link, "link:labelArc", xlink__type="arc", xlink__arcrole="http://www.xbrl.org/2003/arcrole/concept-label",
                xlink__from=loc, xlink__to=resource)
    return linkbase


def _network_role_refs(linkbase: etree._Element, networks: Iterable[Network]) -> None:
    for net in networks:
        _role_ref(linkbase, net.uri, f"{SCHEMA}#{net.role}")


def presentation_linkbase(taxonomy: Taxonomy) -> etree._Element:
    linkbase = _linkbase()
    networks = [n for n in taxonomy.networks if n.presentation]
    _network_role_refs(linkbase, networks)
    for net in networks:
        link = element(linkbase, "link:presentationLink", xlink__type="extended", xlink__role=net.uri)
        seen: set[str] = set()
        for parent, child, preferred, order in net.arcs():
            attrs = {"xlink__type": "arc", "xlink__arcrole": "http://www.xbrl.org/2003/arcrole/parent-child",
                     "xlink__from": _loc(link, parent, seen), "xlink__to": _loc(link, child, seen), "order": str(order)}
            if preferred:
                attrs["preferredLabel"] = LABEL_ROLES[preferred]
            element(link, "link:presentationArc", **attrs)
    return linkbase


def calculation_linkbase(taxonomy: Taxonomy) -> etree._Element:
    linkbase = _linkbase()
    networks = [n for n in taxonomy.networks if n.calculation]
    _network_role_refs(linkbase, networks)
    _arcrole_ref(linkbase, CALC11_ARCROLE, f"{CALC11_SCHEMA}#summation-item")
    for net in networks:
        link = element(linkbase, "link:calculationLink", xlink__type="extended", xlink__role=net.uri)
        seen: set[str] = set()
        for total, items in net.calculation.items():
            for order, (item, weight) in enumerate(items.items(), start=1):
                element(link, "link:calculationArc", xlink__type="arc", xlink__arcrole=CALC11_ARCROLE,
                        xlink__from=_loc(link, total, seen), xlink__to=_loc(link, item, seen),
                        order=str(order), weight=f"{weight:.1f}")
    return linkbase


def definition_linkbase(taxonomy: Taxonomy) -> etree._Element:
    """Hypercubes: each line item —all→ table —hypercube-dimension→ axis —dimension-domain→ domain
    —domain-member→ members. Each axis's domain is its one default, declared once in a link of its
    own (XLink forbids a second arc axis→domain in the same extended link)."""
    linkbase = _linkbase(["xbrldt"])
    cubes_by_role: dict[str, list] = {}
    for cube in taxonomy.hypercubes.values():
        cubes_by_role.setdefault(cube.role, []).append(cube)
    _network_role_refs(linkbase, [n for n in taxonomy.networks if n.role in cubes_by_role])
    for arcrole in ("all", "hypercube-dimension", "dimension-domain", "domain-member", "dimension-default"):
        _arcrole_ref(linkbase, XDT + arcrole, f"{XBRLDT_SCHEMA}#{arcrole}")
    for net in taxonomy.networks:
        if net.role not in cubes_by_role:
            continue
        link = element(linkbase, "link:definitionLink", xlink__type="extended", xlink__role=net.uri)
        seen: set[str] = set()

        def arc(arcrole: str, source: str, target: str, order: int, **extra: str) -> None:
            element(link, "link:definitionArc", xlink__type="arc", xlink__arcrole=XDT + arcrole,
                    xlink__from=_loc(link, source, seen), xlink__to=_loc(link, target, seen), order=str(order), **extra)

        axes_done: set[str] = set()
        for cube in cubes_by_role[net.role]:
            for order, item in enumerate(cube.line_items, start=1):
                arc("all", item, cube.name, order, xbrldt__closed="true", xbrldt__contextElement="segment")
            for order, axis_name in enumerate(cube.axes, start=1):
                arc("hypercube-dimension", cube.name, axis_name, order)
                if axis_name in axes_done:
                    continue
                axes_done.add(axis_name)
                axis = taxonomy.axes[axis_name]
                arc("dimension-domain", axis_name, axis.domain.name, 1)
                for m_order, member in enumerate(axis.members, start=1):
                    arc("domain-member", axis.domain.name, member.name, m_order)
    defaults = element(linkbase, "link:definitionLink", xlink__type="extended", xlink__role="http://www.xbrl.org/2003/role/link")
    seen_defaults: set[str] = set()
    for axis in taxonomy.axes.values():
        element(defaults, "link:definitionArc", xlink__type="arc", xlink__arcrole=XDT + "dimension-default",
                xlink__from=_loc(defaults, axis.name, seen_defaults), xlink__to=_loc(defaults, axis.domain.name, seen_defaults),
                order="1")
    return linkbase


# --- Taxonomy Package 1.0 -----------------------------------------------------------------------


def package_metadata() -> etree._Element:
    tp = root("tp:taxonomyPackage", ["tp"], xml__lang="en")
    element(tp, "tp:identifier", BASE_URL + "kc-taxonomy-package")
    element(tp, "tp:name", "kc taxonomy (Kingsoft Cloud results announcements)")
    element(tp, "tp:description", "Concepts, labels, presentation, Calculations 1.1 and dimensions for the "
            "figures of Kingsoft Cloud Holdings Limited results announcements, US GAAP, RMB with US$ convenience translations.")
    element(tp, "tp:version", "2025.1")
    element(tp, "tp:publisher", "kcmodel")
    element(tp, "tp:publisherURL", "https://kcmodel.org/")
    element(tp, "tp:publicationDate", "2025-12-31")
    entries = element(tp, "tp:entryPoints")
    for name, document in (("kc taxonomy", ENTRY_POINT), ("kc taxonomy with its formula assertions", ASSERTIONS_ENTRY_POINT)):
        entry = element(entries, "tp:entryPoint")
        element(entry, "tp:name", name)
        element(entry, "tp:entryPointDocument", href=document)
    return tp


def catalog() -> etree._Element:
    cat = root("catalog:catalog", ["catalog"])
    element(cat, "catalog:rewriteURI", uriStartString=BASE_URL, rewritePrefix="../kc/")
    return cat
