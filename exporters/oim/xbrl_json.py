"""xBRL-JSON 1.0: a Report out (``json_bytes``) and back in (``read_json``).

One JSON object: ``documentInfo`` (documentType ``https://xbrl.org/2021/xbrl-json``, features,
linkGroups, linkTypes, namespaces, taxonomy) and ``facts``, an object of facts by id in report
order, each provenance note right after its fact. Within a fact, keys are sorted: ``decimals``
(an integer), ``dimensions``, ``links`` (link type -> group -> target ids), ``value`` (a string,
or null for nil). Values are the XML instance's canonical decimal text; the
``xbrl:canonicalValues`` feature is not claimed, as Arelle reads it as XML Schema 1.0's form
(``7785180000.0``) where the instance writes XML Schema 1.1's (``7785180000``).
"""

from __future__ import annotations

from typing import Any

from exporters.oim import jsonio
from exporters.oim.aspects import JSON_DOCUMENT_TYPE, OimFact, OimLink, OimReport, Where, from_oim, to_oim
from kcmodel.lexical import check_decimals, shown
from kcmodel.report import Report
from kcmodel.taxonomy import Taxonomy


def json_document(oim: OimReport) -> dict[str, Any]:
    links: dict[str, dict[str, dict[str, list[str]]]] = {}
    for link in oim.links:
        links.setdefault(link.source, {}).setdefault(link.link_type, {})[link.group] = list(link.targets)
    facts: dict[str, dict[str, Any]] = {}
    for fact in oim.facts:
        body: dict[str, Any] = {}
        if fact.decimals is not None:
            body["decimals"] = fact.decimals
        body["dimensions"] = dict(sorted(fact.dimensions.items()))
        if fact.id in links:
            body["links"] = {kind: dict(sorted(groups.items())) for kind, groups in sorted(links[fact.id].items())}
        body["value"] = fact.value
        facts[fact.id] = body
    return {"documentInfo": oim.document_info(JSON_DOCUMENT_TYPE), "facts": facts}


def json_bytes(report: Report, oim: OimReport | None = None) -> bytes:
    """The report as xBRL-JSON: the same report gives the same bytes (``oim``: its OIM view, if made already)."""
    return jsonio.dump(json_document(oim or to_oim(report)))


def read_json(document: Any, text: str, source: str, taxonomy: Taxonomy | None = None) -> Report:
    """The Report an xBRL-JSON document (parsed, with its text for line numbers) holds."""
    return from_oim(json_report(document, text, source), source, taxonomy)


def json_report(document: Any, text: str, source: str) -> OimReport:
    here = Where(source)
    lines = jsonio.object_key_lines(text)
    if not isinstance(document, dict):
        raise here.error("not an xBRL-JSON report: the document is not a JSON object")
    info = jsonio.expect_object(document.get("documentInfo"), "documentInfo", here)
    if info.get("documentType") != JSON_DOCUMENT_TYPE:
        raise here.error(f"not an xBRL-JSON report: documentType {info.get('documentType')!r}, expected {JSON_DOCUMENT_TYPE!r}")
    for key in document:
        if key not in ("documentInfo", "facts") and ":" not in key:
            raise here.error(f"not an xBRL-JSON report: unknown property {key!r} (only documentInfo, facts and prefixed extensions)")
    facts: list[OimFact] = []
    links: list[OimLink] = []
    for ident, body in jsonio.expect_object(document.get("facts", {}), "facts", here).items():
        where = Where(source, lines.get(ident))
        body = jsonio.expect_object(body, f"fact {ident}", where)
        dimensions = jsonio.expect_object(body.get("dimensions"), f"fact {ident}: dimensions", where)
        for name, value in dimensions.items():
            if value is not None and not isinstance(value, str):
                raise where.error(f"fact {ident}: dimension {name} is not a string")
        if "value" not in body:
            raise where.error(f"fact {ident} has no value")
        value = body["value"]
        if value is not None and not isinstance(value, str):
            raise where.error(f"fact {ident}: the value must be a string or null, not {type(value).__name__}")
        decimals = body.get("decimals")
        if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals, int)):
            raise where.error(f"fact {ident}: decimals must be an integer, not {shown(str(decimals))}")
        if decimals is not None:
            try:
                check_decimals(decimals)
            except ValueError as exc:
                raise where.error(f"fact {ident}: {exc}") from None
        facts.append(OimFact(ident, dict(dimensions), value, decimals, where))
        for link_type, groups in jsonio.expect_object(body.get("links", {}), f"fact {ident}: links", where).items():
            for group, targets in jsonio.expect_object(groups, f"fact {ident}: links {link_type}", where).items():
                if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
                    raise where.error(f"fact {ident}: links {link_type} {group} is not a list of fact ids")
                links.append(OimLink(ident, link_type, group, tuple(targets), where))
    return OimReport(facts=facts, links=links, **jsonio.document_info_fields(info, here))
