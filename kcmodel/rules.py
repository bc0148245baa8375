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
from kcmodel.taxonomy import Taxonomy

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
