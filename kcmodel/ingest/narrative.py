"""The narrative's figures as facts, ledger entries and findings (issue 11; see docs/prose.md).

``prose.read_prose`` finds every figure of the prose and what it states; this module decides what
becomes of each one, against the facts the tables gave:

- a level is a fact: a new one where no table prints the quantity (a prose-only KPI), else the
  table's fact printed again — at the same precision one more provenance, at a coarser one a
  consistent duplicate (XBRL's rule: the two value intervals meet). A level that does not agree
  with the table at the prose's precision is a finding naming both places, and is not taken;
- a US$ (or HK$) translation is the same fact in that currency, linked to the level it translates
  and to the document's rate (and checked against them);
- a change is a fact of its own (kcmodel/changes.py: the changed quantity and the comparison are
  dimensions), checked first against the two levels it compares (each level ± half its unit);
- a share and an inexact bound ('over', 'approximately') are recorded with what they state; neither
  is an exact fact;
- dates, times, phone numbers, note references and the like are listed with their reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from pydantic import ValidationError

from kcmodel.changes import CHANGED_AXIS, Change, agrees, change_concept, change_context, change_range
from kcmodel.contexts import Context, Entity
from kcmodel.facts import Duplicate, Fact, FactRef, Provenance, Translation, consistent
from kcmodel.findings import Finding, Severity
from kcmodel.ingest.ledger import Entry, Reason
from kcmodel.ingest.prose import Kind, Mention
from kcmodel.ingest.source import Line
from kcmodel.rules import READING_DRIFT, footed_from, translates
from kcmodel.taxonomy import ItemType, Taxonomy
from kcmodel.units import CNY_PER_USD, PURE, SHARES, Currency, Unit, money, per_share

Place = Callable[[int, str, str], Provenance]  # (line number, label, printed text) -> where it was printed

_NOT_DATA = (("date", Reason.date), ("time", Reason.time), ("phone", Reason.phone_number),
             ("note", Reason.note_reference), ("footnote", Reason.note_reference))


@dataclass
class Narrative:
    """The facts so far (the tables'), and what the prose adds to them."""

    facts: dict[FactRef, Fact]
    lines: list[Line]
    place: Place
    taxonomy: Taxonomy
    rate: Fact | None
    entity: Entity  # the document's: every context the prose adds carries it
    entries: list[Entry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    taken: dict[int, FactRef] = field(default_factory=dict)  # mention index -> the fact it became
    # a fact printed again at its precision: the printings, added once at the end (one at a time is quadratic)
    again: dict[FactRef, list[Provenance]] = field(default_factory=dict)
    offsets: dict[tuple[int, str], int] = field(default_factory=dict)  # (line, sentence) -> where it starts

    def take(self, mentions: list[Mention]) -> None:
        self._take(mentions)
        for key in list(self.again):
            self._settle(key)

    def _settle(self, key: FactRef) -> None:
        """The printings of ``key`` waiting in ``again`` added to its fact."""
        places = self.again.pop(key, None)
        if places:
            self.facts[key] = self.facts[key].with_provenance(*places)

    def _take(self, mentions: list[Mention]) -> None:
        for index, mention in enumerate(mentions):
            at = self._provenance(mention)
            if mention.kind is Kind.level:
                self._level(index, mention, at)
            elif mention.kind is Kind.translation:
                self._translation(index, mention, mentions, at)
            elif mention.kind is Kind.change:
                self._change(index, mention, at)
            elif mention.kind is Kind.bound:
                self._bound(mention, at)
            elif mention.kind is Kind.share:
                self._entry(at, Reason.share, mention.reason or self._describe(mention))
            else:
                self._entry(at, _not_data_reason(mention.reason), mention.reason)

    # -- where ------------------------------------------------------------------------------------

    def _provenance(self, mention: Mention) -> Provenance:
        label = self.taxonomy.concepts[mention.concept].label if mention.concept in self.taxonomy.concepts else ""
        at = self.place(mention.line, label, mention.text)
        text = self.lines[mention.line - 1].text
        offset = self._offset(mention.line, mention.sentence)
        sentence = mention.sentence if offset >= 0 and offset <= mention.start else text
        start = mention.start - (offset if sentence is mention.sentence else 0)
        if sentence[start:start + len(mention.text)] != mention.text:
            return at  # the sentence as given does not hold the figure where the line does: keep the line only
        return at.model_copy(update={"sentence": sentence, "span": (start, start + len(mention.text))})

    def _offset(self, line: int, sentence: str) -> int:
        """Where ``sentence`` starts on ``line`` (-1: not on it); found once for all the sentence's figures."""
        key = (line, sentence)
        if key not in self.offsets:
            self.offsets[key] = self.lines[line - 1].text.find(sentence)
        return self.offsets[key]

    def _entry(self, at: Provenance, reason: Reason | None, detail: str = "", fact: FactRef | None = None) -> None:
        self.entries.append(Entry(at=at, fact=fact, reason=reason, detail=detail))

    # -- levels -----------------------------------------------------------------------------------

    def _unit(self, mention: Mention) -> Unit | None:
        concept = self.taxonomy.concepts.get(mention.concept or "")
        if concept is None:
            return None
        currency = mention.currency
        match concept.type:
            case ItemType.monetary:
                return money(currency) if currency else None
            case ItemType.perShare:
                return per_share(currency) if currency else None
            case ItemType.shares:
                return SHARES
            case ItemType.percent | ItemType.count:
                return PURE
            case ItemType.rate:
                return CNY_PER_USD
        return None

    def _lacking(self, mention: Mention) -> Reason:
        """The ledger's reason for a level ``_fact`` refuses, from the first thing it lacks, as its text
        words it: a quantity, a printing that fixes its size or currency, a period, a value; read whole,
        it is the taxonomy that refuses it (the concept takes no such period or members)."""
        if mention.concept is None:
            return Reason.unmapped_label
        if mention.reason:
            return Reason.misprinted
        if mention.period is None:
            return Reason.no_period
        if mention.value is None or mention.decimals is None:
            return Reason.unreadable_figure
        if self._unit(mention) is None:
            return Reason.misprinted
        return Reason.taxonomy_refuses

    def _fact(self, mention: Mention, at: Provenance, translation: Translation | None = None) -> Fact | str:
        """The fact a level states, or why it cannot be one."""
        if mention.concept is None or mention.period is None or mention.value is None or mention.decimals is None:
            return mention.reason or _unknown(mention)
        unit = self._unit(mention)
        if unit is None:
            return f"no unit for {mention.concept} printed as {mention.text!r}"
        try:
            return Fact.checked(self.taxonomy, concept=mention.concept, context=Context(entity=self.entity, period=mention.period, dimensions=mention.members),
                        unit=unit, value=mention.value, decimals=mention.decimals, provenance=(at,), translation=translation)
        except ValidationError as exc:
            return exc.errors()[0]["msg"].removeprefix("Value error, ")

    def _level(self, index: int, mention: Mention, at: Provenance) -> None:
        fact = self._fact(mention, at)
        if isinstance(fact, str):
            self._entry(at, self._lacking(mention), fact)
            return
        if mention.reason:  # printed defectively ('RMB265.1' without its scale): not a fact, checked all the same
            known = self.facts.get(fact.key)
            if known is not None and _with_printing(known, fact.value, fact.decimals, at) is None:
                self._disagree(at, fact, f"{mention.reason}; the table prints {known.value}", known.provenance[:1], known.key)
                return
            self._entry(at, Reason.misprinted, mention.reason)
            return
        self._merge(index, fact, at)

    def _translation(self, index: int, mention: Mention, mentions: list[Mention], at: Provenance) -> None:
        source = self.taken.get(mention.translates) if mention.translates is not None else None
        if self.rate is None:
            self._entry(at, Reason.missing_rate, "the document states no convenience-translation rate")
            return
        if source is None:
            stated = mentions[mention.translates] if mention.translates is not None else None
            self._entry(at, Reason.missing_rmb_source, "no RMB amount is printed before it" if stated is None else
                        f"the RMB amount it translates ('{stated.text}') is not a fact{self._refusal(stated)}")
            return
        fact = self._fact(mention, at, Translation(source=source, rate=self.rate.key))
        if isinstance(fact, str):
            self._entry(at, self._lacking(mention), fact)
            return
        rmb = self.facts[source]
        stated = mentions[mention.translates]
        if not self._translates(stated, fact):
            self._disagree(at, fact, f"US$ {fact.value} is not RMB {stated.value} at the document's rate {self.rate.value}",
                           rmb.provenance[:1], rmb.key)
            return
        self._merge(index, fact, at)

    def _translates(self, stated: Mention, usd: Fact) -> bool:
        """The printed US$ figure translates the printed RMB figure at the rate, by the rule the
        tables get (``kcmodel.rules.translates``); the prose's signs come from its words, so
        magnitudes are compared."""
        if stated.value is None or stated.decimals is None or usd.decimals is None:
            return True
        return translates(abs(stated.value), abs(usd.value), self.rate.value, Decimal(1).scaleb(-usd.decimals),
                          footed_from(self.taxonomy, usd.concept), READING_DRIFT)

    def _refusal(self, mention: Mention) -> str:
        """': <reason>' of the latest ledger entry that refused ``mention``'s printing, or ''."""
        refused = next((e for e in reversed(self.entries) if e.fact is None and e.text == mention.text), None)
        return f": {refused.reason.value}" if refused is not None and refused.reason is not None else ""

    def _merge(self, index: int, fact: Fact, at: Provenance) -> None:
        """The level into the facts: new, the same printing again, or a consistent duplicate."""
        key = fact.key
        known = self.facts.get(key)
        if known is None:
            self.facts[key] = fact
        elif _same_printing(known, fact):
            self.again.setdefault(key, []).append(at)
        else:
            self._settle(key)
            known = self.facts[key]
            merged = _with_printing(known, fact.value, fact.decimals, at)
            if merged is None:
                self._disagree(at, fact, f"printed as {fact.value} (decimals {fact.decimals}) in prose and as "
                                         f"{known.value} (decimals {known.decimals})", known.provenance[:1], known.key)
                return
            self.facts[key] = merged
        self.taken[index] = key
        self._entry(at, None, fact=key)

    def _disagree(self, at: Provenance, fact: Fact, what: str, others: tuple[Provenance, ...], about: FactRef) -> None:
        """A prose figure the facts contradict: a finding naming both places and the fact (``about``) it contradicts."""
        members = "".join(f" [{m}]" for _, m in fact.context.dimensions)
        self.findings.append(Finding(code="prose-disagrees", severity=Severity.warning,
                                     message=f"{fact.concept}{members} {fact.context.period.key} {fact.unit}: {what}",
                                     facts=(about,), lines=(at, *others)))
        self._entry(at, Reason.conflicting_duplicate, what)

    # -- changes and bounds -----------------------------------------------------------------------

    def _level_fact(self, mention: Mention, period) -> Fact | None:
        if mention.concept is None or period is None:
            return None
        unit = self._unit(replace(mention, currency=mention.currency or Currency.CNY))
        context = Context(entity=self.entity, period=period, dimensions=mention.members)
        fact = self.facts.get(FactRef(concept=mention.concept, context=context, unit=unit))
        return fact if fact is not None and isinstance(fact.value, Decimal) and fact.decimals is not None else None

    def _change(self, index: int, mention: Mention, at: Provenance) -> None:
        """A change is a fact (kcmodel/changes.py) unless the levels it compares contradict it."""
        what = self._describe(mention)
        later, earlier = self._level_fact(mention, mention.period), self._level_fact(mention, mention.compared)
        allowed = None
        if mention.value is not None and mention.decimals is not None and later is not None and earlier is not None:
            allowed = change_range((later.value, later.decimals), (earlier.value, earlier.decimals), mention.points)
        if allowed is not None and not agrees(mention.value, mention.decimals, allowed):
            low, high = allowed
            self.findings.append(Finding(
                code="prose-change-disagrees", severity=Severity.warning,
                message=f"{what}: the levels ({later.value} against {earlier.value}) allow {low:.4f} to {high:.4f}",
                facts=(later.key, earlier.key), lines=(at, *later.provenance[:1], *earlier.provenance[:1])))
            self._entry(at, Reason.change, f"{what}; does not agree with the levels it compares")
            return
        fact = self._change_fact(mention, at)
        if isinstance(fact, str):
            self._entry(at, Reason.change, f"{what}; {fact}")
            return
        self._merge(index, fact, at)

    def _change_fact(self, mention: Mention, at: Provenance) -> Fact | str:
        if mention.concept is None or mention.period is None or mention.compared is None or mention.value is None \
                or mention.decimals is None:
            return _unknown(mention)
        change = Change(mention.concept, mention.members, mention.period, mention.compared, mention.points, self.entity)
        context = change_context(change)
        if context is None:
            return f"no comparison member names {mention.compared.key} against {mention.period.key}: not a fact"
        if self.taxonomy.axes[CHANGED_AXIS].member_for(mention.concept) is None:
            return f"{mention.concept} is not a quantity a change can be reported for"
        try:
            return Fact.checked(self.taxonomy, concept=change_concept(mention.points), context=context, unit=PURE, value=mention.value,
                        decimals=mention.decimals, provenance=(at,))
        except ValidationError as exc:
            return exc.errors()[0]["msg"].removeprefix("Value error, ")

    def _bound(self, mention: Mention, at: Provenance) -> None:
        what = self._describe(mention)
        fact = self._level_fact(mention, mention.period) if mention.stated in (None, Kind.level) else None
        if fact is not None and mention.value is not None and not _within(fact.value, mention.bound, mention.value):
            self.findings.append(Finding(code="prose-bound-disagrees", severity=Severity.warning,
                                         message=f"{what}, but the fact is {fact.value}",
                                         facts=(fact.key,), lines=(at, *fact.provenance[:1])))
        self._entry(at, Reason.inexact_bound, what)

    def _describe(self, mention: Mention) -> str:
        parts = [mention.kind.value, mention.bound or "", str(mention.value) if mention.value is not None else "",
                 mention.concept or "", mention.period.key if mention.period else "",
                 f"against {mention.compared.key}" if mention.compared else ""]
        return " ".join(p for p in parts if p)


def _same_printing(known: Fact, fact: Fact) -> bool:
    """``fact`` is ``known`` printed again: the same value at the same precision."""
    return isinstance(known.value, Decimal) and known.decimals is not None and (
        fact.decimals == known.decimals and fact.value == known.value)


def _with_printing(known: Fact, value: Decimal, decimals: int, at: Provenance) -> Fact | None:
    """``known`` also printed as ``value`` at ``decimals``; None when the two disagree."""
    if not isinstance(known.value, Decimal) or known.decimals is None:
        return None
    if decimals == known.decimals:
        return known.with_provenance(at) if value == known.value else None
    if decimals > known.decimals:  # the prose is the more precise: it becomes the fact, the known its duplicate
        again = Duplicate(value=known.value, decimals=known.decimals, provenance=known.provenance)
        try:
            return Fact.model_validate({**dict(known), "value": value, "decimals": decimals, "provenance": (at,),
                                        "duplicates": tuple(sorted((*known.duplicates, again), key=lambda d: -d.decimals))})
        except ValidationError:
            return None
    if not consistent(known.value, known.decimals, value, decimals):
        return None
    duplicates = list(known.duplicates)
    same = next((d for d in duplicates if d.decimals == decimals), None)
    if same is not None:
        if same.value != value:
            return None
        duplicates[duplicates.index(same)] = same.model_copy(update={"provenance": (*same.provenance, at)})
    else:
        duplicates.append(Duplicate(value=value, decimals=decimals, provenance=(at,)))
    return Fact.model_validate({**dict(known), "duplicates": tuple(sorted(duplicates, key=lambda d: -d.decimals))})


def _unknown(mention: Mention) -> str:
    """What a figure lacks to be a fact: the first of its quantity, its period(s) and its value that its
    sentence does not give."""
    if mention.concept is None:
        return "its sentence names no quantity of the taxonomy"
    if mention.period is None:
        return f"its sentence names no period for {mention.concept}"
    if mention.kind is Kind.change and mention.compared is None:
        return f"its sentence names no period the change of {mention.concept} is against"
    return f"no value can be read from {mention.text!r}"


def _within(value: Decimal, bound: str | None, stated: Decimal) -> bool:
    if bound == "above":
        return value >= stated
    if bound == "below":
        return value <= stated
    return True  # 'approximately' states no direction to check


def _not_data_reason(reason: str) -> Reason:
    text = reason.lower()
    if "could not read its sentence" in text:  # it may state a value: data not taken, never 'no quantity'
        return Reason.unread_sentence
    return next((r for word, r in _NOT_DATA if word in text), Reason.not_company_quantity)
