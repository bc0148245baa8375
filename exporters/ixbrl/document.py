"""A Report as an Inline XBRL 1.1 document: the filing a person reads.

Every table of the announcement is rendered from the report's layout as a statement (periods as
columns, RMB and US$, indentation by depth, ruled totals, parentheses where the row prints its
value negated, dashes for nil) and every figure is an ``ix:nonFraction`` whose displayed text is
the printed one (transformation registry 4: ``ixt:num-dot-decimal``, ``ixt:fixed-zero`` for
dashes; ``scale`` 3 for thousands, -2 for percentages; ``sign="-"`` only when the stored value is
negative, parentheses outside the tag, docs/conventions.md §3 and §7). Facts the layout does not show (the
cover, the rate, anything not printed in a table) are tagged in a cover section and a closing
table, so the document holds exactly the report's facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jinja2 import Environment, PackageLoader, select_autoescape
from lxml import etree
from markupsafe import Markup

from exporters.xbrl.instance import context_id, format_value, instance_facts, write_context, write_unit
from exporters.xmlutil import NS, element, q
from kcmodel.facts import Fact, FactRef
from kcmodel.printed import parse_figure
from kcmodel.layout import LayoutCell, Table
from kcmodel.report import Report
from kcmodel.taxonomy import ENTRY_POINT, PREFIX, ItemType, Taxonomy

NAMESPACES = {p: NS[p] for p in ("ix", "ixt", "xbrli", "link", "xlink", "xbrldi", "iso4217", "xsi", PREFIX)}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")

_env = Environment(loader=PackageLoader("exporters.ixbrl", "templates"), autoescape=select_autoescape(default=True),
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


@dataclass
class Tagger:
    """Hands out fact ids and remembers which facts were tagged."""

    report: Report
    taxonomy: Taxonomy
    tagged: set[tuple[FactRef, int | None]] = field(default_factory=set)  # (key, decimals): a duplicate is its own fact
    count: int = 0

    def attributes(self, fact: Fact) -> dict[str, str]:
        self.count += 1
        self.tagged.add((fact.key, fact.decimals))
        attrs = {"name": f"{PREFIX}:{fact.concept}", "contextRef": context_id(fact.context), "id": f"ixf{self.count}"}
        if fact.unit is not None:
            attrs["unitRef"] = fact.unit.id
        if fact.decimals is not None:
            attrs["decimals"] = str(fact.decimals)
        return attrs

    def scale(self, fact: Fact) -> int:
        kind = self.taxonomy.concepts[fact.concept].type
        if kind is ItemType.percent:
            return -2
        return -fact.decimals if kind is ItemType.monetary and fact.decimals is not None and fact.decimals < 0 else 0

    def number(self, fact: Fact, printed_text: str) -> Markup:
        """The printed figure with its number tagged: '(<ix:nonFraction …>6,444,254</ix:nonFraction>)'."""
        printed = parse_figure(printed_text)
        scale = self.scale(fact)
        attrs = self.attributes(fact)
        if printed is not None and printed.dash and fact.value == 0:
            return _tag("ix:nonFraction", printed_text.strip(), attrs | {"format": "ixt:fixed-zero"})
        match = _NUMBER.search(printed_text) if printed is not None else None
        if match is None or Decimal(match.group(0).replace(",", "")).scaleb(scale) != abs(fact.value):
            return self.value(fact, attrs, scale)  # the printed text does not carry this value: show the fact's own
        attrs |= {"format": "ixt:num-dot-decimal", "scale": str(scale)}
        if fact.value < 0:
            attrs["sign"] = "-"
        before, after = printed_text[: match.start()], printed_text[match.end():]
        return Markup(before.replace("-", "").replace("−", "").strip() if fact.value < 0 else before) \
            + _tag("ix:nonFraction", match.group(0), attrs) + Markup(after)

    def value(self, fact: Fact, attrs: dict[str, str] | None = None, scale: int | None = None) -> Markup:
        """A fact shown in its own canonical form (cover, rate, facts no table printed)."""
        attrs = attrs or self.attributes(fact)
        if fact.value is None:
            return _tag("ix:nonFraction", "", attrs | {"{%s}nil" % NS["xsi"]: "true"})
        if fact.text is not None:
            return _tag("ix:nonNumeric", fact.text, attrs)
        scale = self.scale(fact) if scale is None else scale
        shown = format_value(abs(fact.value).scaleb(-scale))
        whole, _, fraction = shown.partition(".")
        text = f"{int(whole):,}" + (f".{fraction}" if fraction else "")
        attrs |= {"format": "ixt:num-dot-decimal", "scale": str(scale)}
        if fact.value < 0:
            attrs["sign"] = "-"
        return Markup("(" if fact.value < 0 else "") + _tag("ix:nonFraction", text, attrs) + Markup(")" if fact.value < 0 else "")


def _tag(name: str, text: str, attrs: dict[str, str]) -> Markup:
    node = etree.Element(q(name), nsmap=NAMESPACES)
    for key, value in attrs.items():
        node.set(key, value)
    node.text = text
    return Markup(_fragment(node))


def _fragment(node: etree._Element) -> str:
    """Serialise without repeating namespace declarations the document root makes."""
    text = etree.tostring(node, encoding="unicode")
    return re.sub(r' xmlns:\w+="[^"]*"', "", text)


def header(report: Report) -> Markup:
    """ix:header: the schema reference, and every context and unit the facts use."""
    facts = instance_facts(report)
    head = etree.Element(q("ix:header"), nsmap=NAMESPACES)
    element(element(head, "ix:references"), "link:schemaRef", xlink__type="simple", xlink__href=ENTRY_POINT)
    resources = element(head, "ix:resources")
    for context in dict.fromkeys(f.context for f in facts):
        write_context(resources, context)
    for unit in dict.fromkeys(f.unit for f in facts if f.unit is not None):
        write_unit(resources, unit)
    etree.indent(head, space="  ", level=2)
    return Markup(_fragment(head))


def _cell(tagger: Tagger, cell: LayoutCell | None) -> Markup:
    if cell is None:
        return Markup("")
    fact = tagger.report.fact(cell.fact) if cell.fact is not None else None
    if fact is None or not isinstance(fact.value, Decimal):
        return Markup.escape(cell.text)
    return tagger.number(fact, cell.text)


def _printed_number(fact: Fact, text: str) -> tuple[re.Match, int] | None:
    """Where the number stands in a prose figure ('RMB2,349.2 million') and the scale that makes it
    the fact's value (6 here; -2 for a percentage); None when the printout does not carry the value."""
    match = _NUMBER.search(text)
    if match is None or not isinstance(fact.value, Decimal) or not fact.value:
        return None
    shown = Decimal(match.group(0).replace(",", ""))
    for scale in (-2, 0, 3, 6, 9):
        if shown.scaleb(scale) == abs(fact.value):
            return match, scale
    return None


def _sentence(tagger: Tagger, sentence: str, figures: list[tuple[tuple[int, int], Fact | None]]) -> Markup:
    """A sentence of the narrative with the figures it prints tagged: each fact (or duplicate) once."""
    out, at = Markup(""), 0
    for (start, end), fact in sorted(figures, key=lambda f: f[0]):
        if start < at:
            continue
        text = sentence[start:end]
        out += Markup.escape(sentence[at:start])
        found = _printed_number(fact, text) if fact is not None and (fact.key, fact.decimals) not in tagger.tagged else None
        if found is None:
            out += Markup.escape(text)
        else:
            match, scale = found
            attrs = tagger.attributes(fact) | {"format": "ixt:num-dot-decimal", "scale": str(scale)}
            if fact.value < 0:
                attrs["sign"] = "-"  # a loss or a decrease stated as a positive figure
            before = text[:match.start()]
            out += Markup.escape(before.replace("-", "") if fact.value < 0 else before) \
                + _tag("ix:nonFraction", match.group(0), attrs) + Markup.escape(text[match.end():])
        at = end
    return out + Markup.escape(sentence[at:])


def _narrative(tagger: Tagger, facts: list[Fact]) -> list[dict]:
    """The sentences that print facts, in document order, with their figures tagged."""
    sentences: dict[tuple, list[tuple[tuple[int, int], Fact | None]]] = {}
    for fact in facts:
        for place in fact.provenance:
            if place.sentence is not None and place.span is not None:
                key = (place.page or 0, place.line, place.sentence)
                sentences.setdefault(key, []).append((place.span, fact))
    return [{"where": f"page {page}, line {line}" if page else f"line {line}", "text": _sentence(tagger, sentence, figures)}
            for (page, line, sentence), figures in sorted(sentences.items(), key=lambda s: s[0][:2])]


def _table_view(tagger: Tagger, table: Table) -> dict:
    return {
        "title": table.title,
        "lines": table.span,
        "columns": [c.label or (c.period.key if c.period else "") for c in table.columns],
        "rows": [{"label": row.label, "section": row.kind == "section", "depth": row.depth, "total": row.total,
                  "line": row.line, "cells": [_cell(tagger, c) for c in row.cells]} for row in table.rows],
    }


def ixbrl_document(report: Report, taxonomy: Taxonomy | None = None) -> str:
    taxonomy = taxonomy or Taxonomy.load()
    tagger = Tagger(report, taxonomy)
    facts = instance_facts(report)
    cover_facts = [f for f in facts if f.text is not None]
    cover = [(taxonomy.concepts[f.concept].label, tagger.value(f)) for f in cover_facts]
    tables = [_table_view(tagger, t) for t in report.tables]
    narrative = _narrative(tagger, [f for f in facts if f.text is None])
    rest = [f for f in facts if (f.key, f.decimals) not in tagger.tagged]
    others = [{"label": taxonomy.concepts[f.concept].label, "members": ", ".join(taxonomy.concepts[m].label for _, m in f.context.dimensions),
               "period": f.context.period.key, "unit": str(f.unit) if f.unit else "", "value": tagger.value(f)} for f in rest]
    return _env.get_template("report.xhtml.j2").render(
        title=report.document.title or report.document.document_type, document=report.document,
        namespaces=NAMESPACES, header=header(report), cover=cover, narrative=narrative, tables=tables, others=others)


def ixbrl_bytes(report: Report, taxonomy: Taxonomy | None = None) -> bytes:
    text = ixbrl_document(report, taxonomy)
    etree.fromstring(text.encode("utf-8"))  # well-formed XHTML, or a bug: fail loudly here, not in a filer's hands
    return text.encode("utf-8")
