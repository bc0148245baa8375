"""An Arelle plug-in (test use only): after each entry point loads, append its facts, normalised,
as one JSON line to the file named by ``--kcFactList``.

Loaded by path (``--plugins /…/tests/arelle_factlist_plugin.py``) in the Arelle subprocess that
``tests.arelle_oim.run_arelle_batch`` starts; it imports nothing from kcmodel. A fact is written
as its OIM aspects, whatever syntax it was read from (XML, Inline XBRL, xBRL-JSON, xBRL-CSV):

- ``concept``, dimension names and members in Clark notation ``{namespace}local``;
- ``entity`` as [scheme, identifier];
- ``period`` as OIM writes it: ``start/end`` dateTimes, or the instant's dateTime (an XBRL
  date-only end or instant is the following midnight);
- ``unit`` as sorted numerator measures ``*``-joined, then ``/`` and the denominators, in Clark
  notation (``xbrli:pure`` included), or null;
- ``decimals`` as written, ``value`` as Arelle's text (null when nil);
- ``links``: the fact's footnote relationships in Arelle's order, as [arcrole, "note", text] or
  [arcrole, "fact", the target fact's aspects].
"""

from __future__ import annotations

import json
from typing import Any

from arelle.ModelInstanceObject import ModelFact


def _datetime(value: Any) -> str:
    return f"{value.year:04}-{value.month:02}-{value.day:02}T{value.hour:02}:{value.minute:02}:{value.second:02}"


def _key(fact: ModelFact) -> dict[str, Any]:
    context = fact.context
    if context is None:
        period = None
    elif context.isInstantPeriod:
        period = _datetime(context.instantDatetime)
    elif context.isStartEndPeriod:
        period = f"{_datetime(context.startDatetime)}/{_datetime(context.endDatetime)}"
    else:
        period = "forever"
    unit = None
    if fact.unit is not None:
        numerators, denominators = fact.unit.measures
        unit = "*".join(sorted(m.clarkNotation for m in numerators))
        if denominators:
            unit += "/" + "*".join(sorted(m.clarkNotation for m in denominators))
    dimensions = sorted(
        [dim.dimensionQname.clarkNotation, dim.memberQname.clarkNotation if dim.isExplicit else dim.typedMember.stringValue]
        for dim in (context.qnameDims.values() if context is not None else ())
    )
    return {
        "concept": fact.qname.clarkNotation,
        "entity": list(context.entityIdentifier) if context is not None else None,
        "period": period,
        "unit": unit,
        "dimensions": dimensions,
    }


def _fact(fact: ModelFact, footnotes: Any) -> dict[str, Any]:
    links = []
    for rel in footnotes.fromModelObject(fact):
        target = rel.toModelObject
        if isinstance(target, ModelFact):
            links.append([rel.arcrole, "fact", _key(target)])
        else:
            links.append([rel.arcrole, "note", target.stringValue])
    return {
        **_key(fact),
        "numeric": bool(fact.isNumeric),
        "decimals": fact.decimals,
        "value": None if fact.isNil else fact.value,
        "links": links,
    }


def options(parser: Any, *args: Any, **kwargs: Any) -> None:
    parser.add_option("--kcFactList", action="store", dest="kcFactList",
                      help="Append each loaded entry point's normalised facts to this JSON-lines file")


def loaded(cntlr: Any, options: Any, modelXbrl: Any, entrypoint: Any = None, *args: Any, **kwargs: Any) -> None:
    target = getattr(options, "kcFactList", None)
    if not target or modelXbrl is None:
        return
    file = entrypoint.get("file") if isinstance(entrypoint, dict) else entrypoint
    footnotes = modelXbrl.relationshipSet("XBRL-footnotes")
    facts = [_fact(f, footnotes) for f in modelXbrl.factsInInstance]
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"file": file, "facts": facts}, ensure_ascii=False) + "\n")


__pluginInfo__ = {
    "name": "kcmodel fact list (tests)",
    "version": "1.0",
    "description": "Writes each loaded report's facts, normalised to their OIM aspects, as JSON lines.",
    "license": "Apache-2",
    "CntlrCmdLine.Options": options,
    "CntlrCmdLine.Xbrl.Loaded": loaded,
}
