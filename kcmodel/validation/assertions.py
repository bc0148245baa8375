"""The rules XBRL Formula 1.0 can also state, evaluated on a report.

Each rule is exact about its tolerance, because the taxonomy package publishes the same rules as
formula value assertions and Arelle must reach the same verdict on every evaluation:

- ``usd-translation``: a US$ fact and its RMB fact (same concept and context) at the document's
  rate: |usd - rmb / rate| <= u * (1 + n/2), u = 10^-decimals of the US$ fact, n = the number of
  other figures it can be footed from (``kcmodel.rules.footed_from``), because US$ totals, and balancing
  lines, are often footed from the already-translated lines (docs/conventions.md §4). A figure footed through a
  chain of totals can drift further: kcmodel's finding then also accepts it when the US$ figures
  it is footed from add up to it (``translations.py``); the assertion stays the strict rule.
- ``cash-rollforward``: cash at the start of a period + the net change = cash at its end:
  |begin + change - end| <= 1.5 u (u of the least precise of the three).
- ``balance-sheet-identity``: total assets = total liabilities and equity: |a - l| <= u.
- ``loss-per-share``: per-share loss = net loss attributable / weighted shares:
  |eps - ni / shares| <= 0.6 u (u = 10^-decimals of the per-share fact).
- ``margin``: a margin = its amount / revenues: |margin - amount / revenues| <= 0.6 u.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from kcmodel.contexts import Context, Period
from kcmodel.facts import Fact, FactRef
from kcmodel.report import Report
from kcmodel.taxonomy import ItemType, Taxonomy
from kcmodel.rules import (ASSETS, CASH, CASH_CHANGE, EPS, EPS_NUMERATOR, EPS_SHARES, LIABILITIES_AND_EQUITY,
                           STATEMENT_DECIMALS, footed_from, translation_tolerance, unit_of)
from kcmodel.units import CNY, SHARES, Currency, Unit


@dataclass(frozen=True)
class Evaluation:
    rule: str
    satisfied: bool
    expected: Decimal
    actual: Decimal
    tolerance: Decimal
    facts: tuple[Fact, ...]  # every fact the evaluation used, the judged one first

    @property
    def subject(self) -> FactRef:
        """The fact the rule judges: the US$ fact, the closing balance, assets, the per-share or margin fact."""
        return self.facts[0].key


def _evaluation(rule: str, subject: Fact, expected: Decimal, actual: Decimal, tolerance: Decimal, *facts: Fact) -> Evaluation:
    return Evaluation(rule, abs(expected - actual) <= tolerance, expected, actual, tolerance, (subject, *facts))


class _Statements:
    """The statements' part of a checked report: its figures stated to the thousand or finer, as its
    instance states them. Looked up through the whole report's index, filtered, rather than made a
    report of its own: that would index its facts again (100,000 keys in the benchmark) to find
    what the whole report's index already finds. A part of a checked report still has each key once
    and one rate; a translation whose RMB fact is not in the part is skipped, as is any translation
    whose source is missing."""

    def __init__(self, whole: Report) -> None:
        self.whole = whole
        self.facts = [f for f in whole.facts if _stated(f)]

    @property
    def rate(self) -> Fact | None:
        rate = self.whole.rate
        return rate if rate is not None and _stated(rate) else None

    def fact(self, ref: FactRef) -> Fact | None:
        fact = self.whole.fact(ref)
        return fact if fact is not None and _stated(fact) else None


def _stated(fact: Fact) -> bool:
    return fact.decimals is None or fact.decimals >= STATEMENT_DECIMALS


def evaluate(report: Report, taxonomy: Taxonomy | None = None) -> list[Evaluation]:
    """The formula-expressible rules over the report as its instance carries it (what Arelle evaluates)."""
    taxonomy = taxonomy or Taxonomy.load()
    statements = _Statements(report.as_reported())
    by_concept: dict[str, list[Fact]] = {}
    for fact in statements.facts:
        if isinstance(fact.value, Decimal) and not fact.derived:
            by_concept.setdefault(fact.concept, []).append(fact)
    return [*_translations(statements, by_concept, taxonomy), *_rollforwards(statements, by_concept),
            *_balance_sheet(statements, by_concept), *_per_share(statements, by_concept),
            *_margins(statements, by_concept, taxonomy)]


def _translations(report: _Statements, by_concept: dict[str, list[Fact]], taxonomy: Taxonomy) -> Iterator[Evaluation]:
    rate = report.rate
    if rate is None:
        return
    for fact in (f for facts in by_concept.values() for f in facts):
        if fact.translation is None:
            continue
        source = report.fact(fact.translation.source)
        if source is None or not isinstance(source.value, Decimal):
            continue
        yield _evaluation("usd-translation", fact, source.value / rate.value, fact.value,
                          translation_tolerance(unit_of(fact), footed_from(taxonomy, fact.concept)), source, rate)


def _at(report: _Statements, concept: str, context: Context, unit: Unit | None) -> Fact | None:
    fact = report.fact(FactRef(concept=concept, context=context, unit=unit))
    return fact if fact is not None and isinstance(fact.value, Decimal) else None


def _rollforwards(report: _Statements, by_concept: dict[str, list[Fact]]) -> Iterator[Evaluation]:
    for change in by_concept.get(CASH_CHANGE, []):
        period = change.context.period
        begin = _at(report, CASH, change.context.model_copy(update={"period": Period.instant(period.start - dt.timedelta(days=1))}), change.unit)
        end = _at(report, CASH, change.context.model_copy(update={"period": Period.instant(period.end)}), change.unit)
        if begin is None or end is None:
            continue
        u = max(unit_of(f) for f in (begin, change, end))
        yield _evaluation("cash-rollforward", end, begin.value + change.value, end.value, u * Decimal("1.5"), begin, change)


def _balance_sheet(report: _Statements, by_concept: dict[str, list[Fact]]) -> Iterator[Evaluation]:
    for assets in by_concept.get(ASSETS, []):
        other = _at(report, LIABILITIES_AND_EQUITY, assets.context, assets.unit)
        if other is not None:
            yield _evaluation("balance-sheet-identity", assets, other.value, assets.value,
                              max(unit_of(assets), unit_of(other)), other)


def _per_share(report: _Statements, by_concept: dict[str, list[Fact]]) -> Iterator[Evaluation]:
    for eps in by_concept.get(EPS, []):
        if eps.unit is None or eps.unit.per_share_currency is not Currency.CNY:
            continue
        numerator = _at(report, EPS_NUMERATOR, eps.context, CNY)
        shares = _at(report, EPS_SHARES, eps.context, SHARES)
        if numerator is None or shares is None or not shares.value:
            continue
        yield _evaluation("loss-per-share", eps, numerator.value / shares.value, eps.value,
                          unit_of(eps) * Decimal("0.6"), numerator, shares)


def _margins(report: _Statements, by_concept: dict[str, list[Fact]], taxonomy: Taxonomy) -> Iterator[Evaluation]:
    ratios = [c for c in by_concept if taxonomy.concepts[c].ratio and taxonomy.concepts[c].type is ItemType.percent]
    for margin in (f for concept in ratios for f in by_concept[concept]):
        ratio = taxonomy.concepts[margin.concept].ratio
        amount = _at(report, ratio.numerator, margin.context, CNY)
        revenues = _at(report, ratio.denominator, margin.context, CNY)
        if amount is None or revenues is None or not revenues.value:
            continue
        yield _evaluation("margin", margin, amount.value / revenues.value, margin.value,
                          unit_of(margin) * Decimal("0.6"), amount, revenues)
