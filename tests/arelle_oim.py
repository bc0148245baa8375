"""One Arelle run over many files, and the normalised fact list Arelle reads from each.

``run_arelle_batch`` validates several files in one Arelle process (``-f "a|b|c"``, offline,
``-v --calc c11r --validationExitCode``) and, through ``arelle_factlist_plugin.py``, records every
loaded file's facts by their OIM aspects, so facts read from an XML instance, an Inline XBRL
document, xBRL-JSON and xBRL-CSV compare directly (unit ids, context ids and fact ids play no
part). ``model_fact_list`` gives our model's facts in the same form, computed independently of the
exporters. Reuse both for any format Arelle loads.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from exporters.xbrl.instance import FACT_FOOTNOTE, provenance_text
from kcmodel.facts import Fact, FactRef
from kcmodel.taxonomy import NAMESPACE, TRANSLATION_RATE_ARCROLE, TRANSLATION_SOURCE_ARCROLE
from kcmodel.units import MEASURE_NAMESPACES, Unit
from tests.arelle import ArelleRun, invoke, messages_of

PLUGIN = Path(__file__).with_name("arelle_factlist_plugin.py")
ONE_DAY = __import__("datetime").timedelta(days=1)

# (concept, entity, period, unit, dimensions, decimals, value): a fact as both sides compare it
FactRow = tuple[str, tuple[str, str], str, str | None, tuple[tuple[str, str], ...], str | None, str | None]


@dataclass(frozen=True)
class BatchRun(ArelleRun):
    facts: dict[str, list[dict]] = field(default_factory=dict)  # by the file's resolved path
    log: list[dict] = field(default_factory=list)

    def fact_list(self, path: Path) -> list[FactRow]:
        return normalised(self.facts[str(Path(path).resolve())])

    def links(self, path: Path) -> dict[FactRow, tuple]:
        """Per fact: its notes' texts in order, and its links to facts (sorted: OIM links have no order)."""
        return {_row(f): _links([_link(link) for link in f["links"]]) for f in self.facts[str(Path(path).resolve())]}


def run_arelle_batch(files: Sequence[Path], *, packages: Sequence[Path] = (), plugins: Sequence[str] = (),
                     extra: Sequence[str] = (), validate: bool = True, calc: bool = True) -> BatchRun:
    """Load (and by default validate) ``files`` in one Arelle process; messages and fact lists."""
    with tempfile.TemporaryDirectory(prefix="arelle-") as scratch:
        listing = Path(scratch) / "facts.jsonl"
        args = ["--workOffline", "-f", "|".join(str(Path(f).resolve()) for f in files), "--validationExitCode",
                "--plugins", "|".join([str(PLUGIN), *plugins]), "--kcFactList", str(listing), *extra]
        if validate:
            args.append("-v")
        if validate and calc:
            args += ["--calc", "c11r"]
        if packages:
            args += ["--packages", "|".join(str(p) for p in packages)]
        returncode, entries = invoke(args, Path(scratch))
        facts = {}
        if listing.exists():
            for line in listing.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                facts[str(Path(record["file"]).resolve())] = record["facts"]
    return BatchRun(returncode, messages_of(entries), facts, entries)


def _number(text: str) -> str:
    """A decimal's canonical text (no exponent, no trailing zeros), so 1.0 and 1 compare equal."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    if not value.is_finite():
        return text
    return "0" if value == 0 else format(value.normalize(), "f")


def _row(fact: dict) -> FactRow:
    value = fact["value"]
    if value is not None and fact.get("numeric"):
        value = _number(value)
    decimals = fact["decimals"]
    return (fact["concept"], tuple(fact["entity"]), fact["period"], fact["unit"],
            tuple(tuple(d) for d in fact["dimensions"]), None if decimals is None else str(decimals), value)


def _link(link: list) -> tuple:
    arcrole, kind, target = link
    if kind == "note":
        return (arcrole, "note", target)
    return (arcrole, "fact", target["concept"], tuple(target["entity"]), target["period"], target["unit"],
            tuple(tuple(d) for d in target["dimensions"]))


def _links(links: list[tuple]) -> tuple:
    return (tuple(link for link in links if link[1] == "note"), tuple(sorted((link for link in links if link[1] == "fact"), key=repr)))


def normalised(facts: Iterable[dict]) -> list[FactRow]:
    return sorted((_row(f) for f in facts), key=repr)


# --- our side ------------------------------------------------------------------------------------


def _clark(prefixed: str) -> str:
    prefix, local = prefixed.split(":", 1)
    return f"{{{MEASURE_NAMESPACES[prefix]}}}{local}"


def _unit(unit: Unit | None) -> str | None:
    if unit is None:
        return None
    return _clark(unit.numerator.qname) + (f"/{_clark(unit.denominator.qname)}" if unit.denominator else "")


def _aspects(concept: str, context, unit: Unit | None) -> tuple:
    period = context.period
    end = f"{(period.end + ONE_DAY).isoformat()}T00:00:00"
    when = end if period.start is None else f"{period.start.isoformat()}T00:00:00/{end}"
    dims = tuple(sorted((f"{{{NAMESPACE}}}{axis}", f"{{{NAMESPACE}}}{member}") for axis, member in context.dimensions))
    return (f"{{{NAMESPACE}}}{concept}", (context.entity.scheme, context.entity.identifier), when, _unit(unit), dims)


def _model_row(fact: Fact) -> FactRow:
    value = _number(str(fact.value)) if isinstance(fact.value, Decimal) else fact.text  # a date as its xs:date text
    return (*_aspects(fact.concept, fact.context, fact.unit), None if fact.decimals is None else str(fact.decimals), value)


def model_fact_list(facts: Iterable[Fact]) -> list[FactRow]:
    """Our facts as ``BatchRun.fact_list`` gives Arelle's."""
    return sorted((_model_row(f) for f in facts), key=repr)


def model_links(facts: Iterable[Fact]) -> dict[FactRow, tuple]:
    """Each fact's provenance notes (in order) and translation links, as ``BatchRun.links`` gives them."""

    def ref(arcrole: str, target: FactRef) -> tuple:
        return (arcrole, "fact", *_aspects(target.concept, target.context, target.unit))

    links = {}
    for fact in facts:
        found = [(FACT_FOOTNOTE, "note", provenance_text(p)) for p in fact.provenance]
        if fact.translation is not None:
            found += [ref(TRANSLATION_SOURCE_ARCROLE, fact.translation.source), ref(TRANSLATION_RATE_ARCROLE, fact.translation.rate)]
        links[_model_row(fact)] = _links(found)
    return links
