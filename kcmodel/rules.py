"""The rules kcmodel's figures obey beyond the calculation links, with their exact tolerances.

The validator evaluates them (``kcmodel.validation.assertions``) and the taxonomy package
publishes them as XBRL Formula value assertions (``exporters.formula``); both read the names,
scope and tolerances from here, so Arelle and kcmodel judge the same rule the same way.
Tolerances are in units of the judged fact's last printed digit (10^-decimals); a figure that can
be footed from n others may drift by n/2 units more (see ``components``).
"""

from __future__ import annotations

import functools
from decimal import Decimal

from kcmodel.facts import Fact
from kcmodel.taxonomy import ItemType, Taxonomy

CASH = "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents"
CASH_CHANGE = "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalentsPeriodIncreaseDecreaseIncludingExchangeRateEffect"
ASSETS, LIABILITIES_AND_EQUITY = "Assets", "LiabilitiesAndStockholdersEquity"
EPS, EPS_NUMERATOR, EPS_SHARES = "EarningsPerShareBasicAndDiluted", "NetIncomeLoss", "WeightedAverageNumberOfShareOutstandingBasicAndDiluted"

# The rules judge the figures of the statements: a fact at least as precise as thousands. The prose
# prints the same facts again more coarsely ('RMB2,349.2 million', consistent duplicates) and adds
# amounts of its own; those are checked against the tables by the reader (docs/prose.md).
STATEMENT_DECIMALS = -3

RULES = {
    "usd-translation": "A US$ convenience translation equals its RMB fact at the document's rate",
    "cash-rollforward": "Cash at the start of a period plus the net change equals cash at its end",
    "balance-sheet-identity": "Total assets equal total liabilities, non-controlling interests and equity",
    "loss-per-share": "Loss per share equals net loss attributable to shareholders over weighted shares",
    "margin": "A margin equals its amount over total revenues",
}


def unit_of(fact: Fact) -> Decimal:
    return _unit(fact.decimals)


@functools.lru_cache(maxsize=64)
def _unit(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


@functools.lru_cache(maxsize=64)
def footing(n: int) -> Decimal:
    return 1 + Decimal(n) / 2


# -- a US$ figure translates its RMB figure (docs/conventions.md §4) ------------------------------------
# One definition, which the validator's ``usd-translation`` assertion, its Formula linkbase, and the
# reader (placing a damaged row's figures, deriving a missing RMB source, checking the prose) share.
# Why u * (1 + n/2): the US$ figure is RMB / rate rounded to its printed unit u, off by half a unit,
# and the RMB figure it was computed from is itself rounded; a unit either way covers both. A US$
# total or balancing line is often footed from the already-translated lines instead of translated
# itself, and then carries half a unit more per figure it is footed from (n).


def footed_from(taxonomy: Taxonomy, concept: str) -> int:
    """n for a US$ figure of ``concept``: the figures an amount can be footed from (``components``);
    0 for a per-share amount, which no announcement foots."""
    item = taxonomy.concepts.get(concept)
    return components(taxonomy, concept) if item is not None and item.type is ItemType.monetary else 0


def translation_tolerance(unit: Decimal, n: int) -> Decimal:
    """How far a US$ figure printed to ``unit`` may stand from RMB / rate when footed from ``n`` others."""
    return unit * footing(n)


# The reader judges a printed pair before anything is footed: placing a damaged row's figures it must
# not reject the right reading because a US$ total is footed through a chain of totals (net loss
# from loss before tax from operating loss...), each adding half a unit per figure. The validator
# accepts such a total when its US$ items add up to it (``validation.translations``); the reader
# allows it 5 in 10,000 of its size more. The largest drift in the announcements is about 2.5 in
# 100,000 (a comprehensive loss of US$100,570 thousand, 2.5 units off RMB / rate), and a figure read
# into the wrong column (another period, the RMB figure itself) is off by percents, not by this.
READING_DRIFT = Decimal("0.0005")


def translates(rmb: Decimal, usd: Decimal, rate: Decimal, unit: Decimal, n: int, drift: Decimal = Decimal(0)) -> bool:
    """``usd`` (printed to ``unit``, footed from ``n`` others) is ``rmb`` at ``rate``; ``drift``, a
    share of the figure, is what the reader allows a total footed through a chain (``READING_DRIFT``)."""
    return abs(usd - rmb / rate) <= translation_tolerance(unit, n) + abs(usd) * drift


def components(taxonomy: Taxonomy, concept: str) -> int:
    """See ``_components``; computed once per taxonomy and concept."""
    cache = _COMPONENTS.setdefault(id(taxonomy), {})
    if concept not in cache:
        cache[concept] = _components(taxonomy, concept)
    return cache[concept]


_COMPONENTS: dict[int, dict[str, int]] = {}


def _components(taxonomy: Taxonomy, concept: str) -> int:
    """How many other figures a figure of ``concept`` can be footed from: the size of the largest
    calculation or check it takes part in (as total or item), or the members of an axis that
    breaks it down. A total is footed from its items; a balancing item ('Others') from the rest."""
    counts = [0]
    for net in taxonomy.networks:
        for total, items in net.calculation.items():
            if concept == total or concept in items:
                counts.append(len(items))
        for total, items in net.check_terms():
            if concept in {total.concept, *(t.concept for t, _ in items)}:
                counts.append(len(items))
    for cube in taxonomy.cubes_for(concept):
        counts += [len(taxonomy.axes[a].members) for a in cube.axes]
    return max(counts)
