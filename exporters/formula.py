"""The rules of :mod:`kcmodel.rules` (evaluated by :mod:`kcmodel.validation.assertions`) as an XBRL Formula 1.0 linkbase of value assertions.

One value assertion per rule, or per group of concepts where the rule needs concept-specific
filters: a ``usd-translation-n{n}`` assertion for each tolerance factor ``1 + n/2`` (listing the
concepts whose figures can be footed from ``n`` others), one ``margin-{Concept}`` assertion per
ratio concept, and ``cash-rollforward``, ``balance-sheet-identity`` and ``loss-per-share``. The
assertion's id names its rule (the text before ``-n`` or ``-{Concept}``); its generic label is the
rule's description. Every test states exactly the tolerance of assertions.py; ``u = 10^-decimals``
is a general variable ``$u``, an exact ``xs:decimal`` computed from ``xfi:decimals``.

Bindings follow evaluate(): the judged fact is a fact variable, the others are found from it by
implicit filtering on the aspects they leave uncovered (entity, period, dimensions, and the unit
where it is the same), so Arelle evaluates each assertion once per judged fact. The judged fact's
variable is :data:`SUBJECTS`\\[rule].
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from exporters.xmlutil import NS
from kcmodel.taxonomy import PREFIX, RATE_CONCEPT, ItemType, Taxonomy
from kcmodel.units import Currency, Measure, Measurement
from kcmodel.rules import (
    ASSETS,
    CASH,
    CASH_CHANGE,
    EPS,
    EPS_NUMERATOR,
    EPS_SHARES,
    LIABILITIES_AND_EQUITY,
    RULES,
    STATEMENT_DECIMALS,
    footed_from,
)

FORMULA_NS = {
    "gen": "http://xbrl.org/2008/generic",
    "label": "http://xbrl.org/2008/label",
    "variable": "http://xbrl.org/2008/variable",
    "va": "http://xbrl.org/2008/assertion/value",
    "cf": "http://xbrl.org/2008/filter/concept",
    "pf": "http://xbrl.org/2008/filter/period",
    "uf": "http://xbrl.org/2008/filter/unit",
    "mf": "http://xbrl.org/2008/filter/match",
    "acf": "http://xbrl.org/2010/filter/aspect-cover",
    "gf": "http://xbrl.org/2008/filter/general",
    "xfi": "http://www.xbrl.org/2008/function/instance",
    "xs": "http://www.w3.org/2001/XMLSchema",
}
_NAMES = {**NS, **FORMULA_NS}

SCHEMA_LOCATIONS = {
    NS["link"]: "http://www.xbrl.org/2003/xbrl-linkbase-2003-12-31.xsd",
    FORMULA_NS["gen"]: "http://www.xbrl.org/2008/generic-link.xsd",
    FORMULA_NS["label"]: "http://www.xbrl.org/2008/generic-label.xsd",
    FORMULA_NS["variable"]: "http://www.xbrl.org/2008/variable.xsd",
    FORMULA_NS["va"]: "http://www.xbrl.org/2008/value-assertion.xsd",
    FORMULA_NS["cf"]: "http://www.xbrl.org/2008/concept-filter.xsd",
    FORMULA_NS["pf"]: "http://www.xbrl.org/2008/period-filter.xsd",
    FORMULA_NS["uf"]: "http://www.xbrl.org/2008/unit-filter.xsd",
    FORMULA_NS["mf"]: "http://www.xbrl.org/2008/match-filter.xsd",
    FORMULA_NS["acf"]: "http://www.xbrl.org/2010/aspect-cover-filter.xsd",
    FORMULA_NS["gf"]: "http://www.xbrl.org/2008/general-filter.xsd",
}

VARIABLE_SET = "http://xbrl.org/arcrole/2008/variable-set"
VARIABLE_FILTER = "http://xbrl.org/arcrole/2008/variable-filter"
PRECONDITION = "http://xbrl.org/arcrole/2008/variable-set-precondition"
ELEMENT_LABEL = "http://xbrl.org/arcrole/2008/element-label"
ARCROLES = {
    VARIABLE_SET: "http://www.xbrl.org/2008/variable.xsd#variable-set",
    VARIABLE_FILTER: "http://www.xbrl.org/2008/variable.xsd#variable-filter",
    PRECONDITION: "http://www.xbrl.org/2008/variable.xsd#variable-set-precondition",
    ELEMENT_LABEL: "http://www.xbrl.org/2008/generic-label.xsd#element-label",
}
GENERIC_LABEL_ROLE = "http://www.xbrl.org/2008/role/label"
STANDARD_LINK_ROLE = "http://www.xbrl.org/2003/role/link"

# A filter resource: its element, its attributes, and (child path, text) for its content.
Filter = tuple[str, dict[str, str], list[tuple[str, str]]]

# The fact variable of each rule that binds the fact evaluate() judges (Evaluation.subject).
SUBJECTS = {
    "usd-translation": "usd",
    "cash-rollforward": "end",
    "balance-sheet-identity": "assets",
    "loss-per-share": "eps",
    "margin": "margin",
}

ISO4217 = NS["iso4217"]


def _currency_qname(currency: Currency) -> str:
    """An XPath QName literal of the currency's measure."""
    return f"QName('{ISO4217}', '{currency.value}')"


CNY = _currency_qname(Currency.CNY)
USD = _currency_qname(Currency.USD)


def rule_of(assertion_id: str) -> str:
    """The rule an assertion id states: ``usd-translation-n3`` -> ``usd-translation``."""
    return next(rule for rule in RULES if assertion_id == rule or assertion_id.startswith(rule + "-"))


# --- XPath pieces -------------------------------------------------------------------------------


def unit_xpath(decimals: str) -> str:
    """XPath for u = 10^-decimals as an exact xs:decimal (``decimals`` is an xs:integer expression,
    negative for thousands): 10^|d| written out, inverted when d > 0."""
    power = f"xs:decimal(concat('1', string-join(for $digit in 1 to abs({decimals}) return '0', '')))"
    return f"(if ({decimals} le 0) then {power} else 1 div {power})"


def _numerator_is(currency: str) -> str:
    return f"xfi:measure-name(xfi:unit-numerator(.)) eq {currency}"


def _same_denominator_as(variable: str) -> str:
    """The unit in context has the denominator measures of the unit of ``$variable``."""
    theirs = f"xfi:unit-denominator(xfi:unit(${variable}))"
    return (f"count(xfi:unit-denominator(.)) eq count({theirs}) and "
            f"(every $m in xfi:unit-denominator(.) satisfies "
            f"(some $n in {theirs} satisfies xfi:measure-name($m) eq xfi:measure-name($n)))")


def _decimal(value: Decimal) -> str:
    """An XPath xs:decimal literal: ``2.5``, ``1.0``."""
    text = format(value, "f")
    return text if "." in text else text + ".0"


# --- building -----------------------------------------------------------------------------------


def _q(name: str) -> str:
    prefix, local = name.split(":", 1)
    return f"{{{_NAMES[prefix]}}}{local}"


def _element(parent: etree._Element, name: str, text: str | None = None, /, **attrs: str) -> etree._Element:
    """A child element; attribute names may be prefixed with ``__`` for ``:`` (xlink__href)."""
    node = etree.SubElement(parent, _q(name), {_q(k.replace("__", ":")) if "__" in k else k: v for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


class _Assertion:
    """One value assertion in a generic link of its own (XLink labels are local to a link)."""

    def __init__(self, linkbase: etree._Element, ident: str, test: str, description: str) -> None:
        self.ident = ident
        self.link = _element(linkbase, "gen:link", xlink__type="extended", xlink__role=STANDARD_LINK_ROLE)
        _element(self.link, "va:valueAssertion", xlink__type="resource", xlink__label=ident, id=ident,
                 aspectModel="dimensional", implicitFiltering="true", test=test)
        _element(self.link, "label:label", description, xlink__type="resource", xlink__label=f"{ident}_label",
                 xlink__role=GENERIC_LABEL_ROLE, xml__lang="en")
        _element(self.link, "gen:arc", xlink__type="arc", xlink__arcrole=ELEMENT_LABEL, xlink__from=ident,
                 xlink__to=f"{ident}_label")

    def variable(self, name: str, *filters: Filter) -> None:
        """A fact variable ``$name`` (nils excluded, one fact per evaluation) with covering filters:
        each (element, attributes, [(child path, text)])."""
        label = f"{self.ident}_{name}"
        _element(self.link, "variable:factVariable", xlink__type="resource", xlink__label=label, bindAsSequence="false")
        _element(self.link, "variable:variableArc", xlink__type="arc", xlink__arcrole=VARIABLE_SET,
                 xlink__from=self.ident, xlink__to=label, name=name)
        for number, (tag, attrs, children) in enumerate(filters, start=1):
            filter_label = f"{label}_filter{number}"
            node = _element(self.link, tag, xlink__type="resource", xlink__label=filter_label, **attrs)
            for path, text in children:
                parent = node
                *ancestors, leaf = path.split("/")
                for step in ancestors:
                    parent = _element(parent, step)
                _element(parent, leaf, text)
            _element(self.link, "variable:variableFilterArc", xlink__type="arc", xlink__arcrole=VARIABLE_FILTER,
                     xlink__from=label, xlink__to=filter_label, complement="false", cover="true")

    def general(self, name: str, select: str) -> None:
        """A general variable ``$name``: one value per evaluation, computed from the fact variables."""
        label = f"{self.ident}_{name}"
        _element(self.link, "variable:generalVariable", xlink__type="resource", xlink__label=label, select=select,
                 bindAsSequence="false")
        _element(self.link, "variable:variableArc", xlink__type="arc", xlink__arcrole=VARIABLE_SET,
                 xlink__from=self.ident, xlink__to=label, name=name)

    def precondition(self, test: str) -> None:
        label = f"{self.ident}_precondition"
        _element(self.link, "variable:precondition", xlink__type="resource", xlink__label=label, test=test)
        _element(self.link, "gen:arc", xlink__type="arc", xlink__arcrole=PRECONDITION, xlink__from=self.ident,
                 xlink__to=label)


def _concepts(*names: str) -> Filter:
    return "cf:conceptName", {}, [("cf:concept/cf:qname", f"{PREFIX}:{name}") for name in names]


def _single_measure(measure: Measurement) -> Filter:
    return "uf:singleMeasure", {}, [("uf:measure/uf:qname", measure.qname)]


def _measures(test: str) -> Filter:
    return "uf:generalMeasures", {"test": test}, []


def _instant_at(boundary: str, variable: str) -> Filter:
    return "pf:instantDuration", {"variable": variable, "boundary": boundary}, []


def _same_concept_as(variable: str) -> Filter:
    return "mf:matchConcept", {"variable": variable}, []


def _statement_precision() -> Filter:
    """Facts printed at the statements' precision (assertions.py: STATEMENT_DECIMALS), which leaves
    out the coarser prose printings of the same fact (consistent duplicates) and prose-only amounts."""
    return "gf:general", {"test": f"xfi:decimals(.) ge {STATEMENT_DECIMALS}"}, []


def _covering(*aspects: str) -> Filter:
    return "acf:aspectCover", {}, [("acf:aspect", aspect) for aspect in aspects]


def translation_groups(taxonomy: Taxonomy) -> dict[int, list[str]]:
    """The concepts a US$ translation can have, by n (``kcmodel.rules.footed_from``): the tolerance
    is u * (1 + n/2) (``kcmodel.rules.translation_tolerance``)."""
    groups: dict[int, list[str]] = {}
    for concept in taxonomy.concepts.values():
        if concept.kind != "item" or concept.type not in (ItemType.monetary, ItemType.perShare):
            continue
        groups.setdefault(footed_from(taxonomy, concept.name), []).append(concept.name)
    return dict(sorted(groups.items()))


def _translation(linkbase: etree._Element, n: int, concepts: list[str]) -> None:
    factor = _decimal(1 + Decimal(n) / 2)
    a = _Assertion(linkbase, f"usd-translation-n{n}", f"abs($usd - $rmb div $rate) le $u * {factor}",
                   f"{RULES['usd-translation']}: |usd - rmb / rate| <= {factor} u, u = 10^-decimals of the US$ fact, "
                   f"for the figures that can be footed from n = {n} others")
    a.variable("usd", _concepts(*concepts), _measures(_numerator_is(USD)), _statement_precision())
    a.variable("rmb", _same_concept_as("usd"), _measures(f"{_numerator_is(CNY)} and {_same_denominator_as('usd')}"),
               _statement_precision())
    a.variable("rate", _concepts(RATE_CONCEPT), _covering("period", "unit", "dimensions"))
    a.general("u", unit_xpath("xfi:decimals($usd)"))


def _rollforward(linkbase: etree._Element) -> None:
    decimals = "min((xfi:decimals($begin), xfi:decimals($change), xfi:decimals($end)))"
    a = _Assertion(linkbase, "cash-rollforward", "abs($begin + $change - $end) le $u * 1.5",
                   f"{RULES['cash-rollforward']}: |begin + change - end| <= 1.5 u, u of the least precise of the three")
    a.variable("change", _concepts(CASH_CHANGE), _statement_precision())
    a.variable("begin", _concepts(CASH), _instant_at("start", "change"), _statement_precision())
    a.variable("end", _concepts(CASH), _instant_at("end", "change"), _statement_precision())
    a.general("u", unit_xpath(decimals))


def _balance_sheet(linkbase: etree._Element) -> None:
    decimals = "min((xfi:decimals($assets), xfi:decimals($liabilitiesAndEquity)))"
    a = _Assertion(linkbase, "balance-sheet-identity", "abs($liabilitiesAndEquity - $assets) le $u",
                   f"{RULES['balance-sheet-identity']}: |assets - liabilities and equity| <= u, u of the less precise")
    a.variable("assets", _concepts(ASSETS), _statement_precision())
    a.variable("liabilitiesAndEquity", _concepts(LIABILITIES_AND_EQUITY), _statement_precision())
    a.general("u", unit_xpath(decimals))


def _per_share(linkbase: etree._Element) -> None:
    a = _Assertion(linkbase, "loss-per-share", "abs($netIncome div $shares - $eps) le $u * 0.6",
                   f"{RULES['loss-per-share']}: |eps - net loss / shares| <= 0.6 u, u of the per-share fact")
    a.variable("eps", _concepts(EPS), _measures(_numerator_is(CNY)), _statement_precision())
    a.variable("netIncome", _concepts(EPS_NUMERATOR), _single_measure(Currency.CNY), _statement_precision())
    a.variable("shares", _concepts(EPS_SHARES), _single_measure(Measure.shares), _statement_precision())
    a.general("u", unit_xpath("xfi:decimals($eps)"))
    a.precondition("$shares ne 0")


def _margin(linkbase: etree._Element, name: str, numerator: str, denominator: str) -> None:
    a = _Assertion(linkbase, f"margin-{name}", "abs($amount div $revenues - $margin) le $u * 0.6",
                   f"{RULES['margin']}: |{name} - {numerator} / {denominator}| <= 0.6 u, u of the margin")
    a.variable("margin", _concepts(name), _statement_precision())
    a.variable("amount", _concepts(numerator), _single_measure(Currency.CNY), _statement_precision())
    a.variable("revenues", _concepts(denominator), _single_measure(Currency.CNY), _statement_precision())
    a.general("u", unit_xpath("xfi:decimals($margin)"))
    a.precondition("$revenues ne 0")


def formula_linkbase(taxonomy: Taxonomy) -> etree._Element:
    """The value assertions of every rule of assertions.py, for the kc taxonomy."""
    prefixes = ["link", "xlink", "xsi", "xbrli", "iso4217", PREFIX, *FORMULA_NS]
    linkbase = etree.Element(_q("link:linkbase"), nsmap={p: _NAMES[p] for p in prefixes})
    linkbase.set(_q("xsi:schemaLocation"), " ".join(f"{ns} {loc}" for ns, loc in SCHEMA_LOCATIONS.items()))
    _element(linkbase, "link:roleRef", roleURI=GENERIC_LABEL_ROLE, xlink__type="simple",
             xlink__href="http://www.xbrl.org/2008/generic-label.xsd#standard-label")
    for arcrole, href in ARCROLES.items():
        _element(linkbase, "link:arcroleRef", arcroleURI=arcrole, xlink__type="simple", xlink__href=href)
    for n, concepts in translation_groups(taxonomy).items():
        _translation(linkbase, n, concepts)
    _rollforward(linkbase)
    _balance_sheet(linkbase)
    _per_share(linkbase)
    for concept in taxonomy.concepts.values():
        if concept.ratio is not None and concept.type is ItemType.percent:
            _margin(linkbase, concept.name, concept.ratio.numerator, concept.ratio.denominator)
    return linkbase


def formula_schemas() -> dict[str, str]:
    """The Formula 1.0 schemas the assertions' linkbase is written in (namespace -> location)."""
    return {ns: loc for ns, loc in SCHEMA_LOCATIONS.items() if ns.startswith("http://xbrl.org/20")}
