"""Calculations 1.1 over every calculation network, per context and unit, with its rounding rule;
and kcmodel's own sums that no calculation arc can state: the taxonomy's cross-dimension checks,
and each complete breakdown along an axis adding up to its total.

Calculations 1.1 (round-to-nearest, Arelle's ``--calc c11r``): every fact stands for the interval
of values that round to it, v ± ½·10^-decimals; a summation is inconsistent only when the total's
interval and the weighted sum of the items' intervals cannot meet. A summation is checked when its
total and at least one item are reported in the context and unit.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from kcmodel.contexts import Context
from kcmodel.facts import Fact
from kcmodel.findings import Finding, Severity
from kcmodel.report import Report
from kcmodel.taxonomy import Taxonomy
from kcmodel.units import Unit

Bucket = dict[str, Fact]  # concept -> fact, for one context and unit


@dataclass(frozen=True)
class Summation:
    """One checked sum: its total and weighted items, and whether they are consistent."""

    source: str  # the network role, or 'check' / the axis for kcmodel's own sums
    total: Fact
    items: tuple[tuple[Fact, int], ...]
    consistent: bool

    def finding(self) -> Finding:
        total = self.total
        items = " ".join(f"{'+' if w > 0 else '-'} {f.concept}{_members(f.context)} {f.value}" for f, w in self.items)
        computed = sum(w * f.value for f, w in self.items)
        return Finding(
            code="calculation-inconsistent" if self.source.startswith("calculation") else "sum-inconsistent",
            severity=Severity.error,
            message=(f"{total.concept}{_members(total.context)} {total.context.period.key} {total.unit}: printed "
                     f"{total.value}, its items add up to {computed} ({items}) [{self.source}]"),
            facts=(total.key, *(f.key for f, _ in self.items)),
            lines=tuple(p for f in (total, *(f for f, _ in self.items)) for p in f.provenance[:1]))


def _members(context: Context) -> str:
    return "".join(f"[{m}]" for _, m in context.dimensions)


Index = dict[tuple[str, Context, Unit | None], Fact]  # (concept, context, unit) -> fact, as Report.index


def index_of(facts: Iterable[Fact]) -> Index:
    return {(f.concept, f.context, f.unit): f for f in facts}


Flat = dict[tuple, Fact]  # (concept, where, members) -> fact; where = (scheme, id, start, end, unit numerator, denominator)


def flat_index(facts: Iterable[Fact] | Index | Flat) -> Flat:
    """Checkable facts keyed by plain tuples: sums move between contexts, and hashing plain tuples
    is far cheaper than building and hashing Context objects for every lookup."""
    if isinstance(facts, FlatIndex):
        return facts
    every = facts if isinstance(facts, dict) else index_of(facts)
    flat = FlatIndex()
    for (concept, context, unit), fact in every.items():
        if _checkable(fact):
            where = (context.entity.scheme, context.entity.identifier, context.period.start, context.period.end,
                     unit.numerator if unit else None, unit.denominator if unit else None)
            flat[(concept, where, context.dimensions)] = fact
    return flat


class FlatIndex(dict):
    """A Flat index, marked as already built."""


def _checkable(fact: Fact) -> bool:
    """Reported numbers: a derived fact is kcmodel's arithmetic, which an XBRL processor never sees."""
    return isinstance(fact.value, Decimal) and fact.decimals is not None and not fact.derived


@functools.lru_cache(maxsize=64)
def half_unit(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals) / 2


def summation(source: str, total: Fact, items: list[tuple[Fact, int]]) -> Summation:
    """Calculations 1.1 with rounding: each fact is the interval v ± ½·10^-decimals; consistent when
    the weighted sum of the items' intervals meets the total's (added up inline: this runs a
    hundred thousand times a second)."""
    low = high = Decimal(0)
    for fact, weight in items:
        half = half_unit(fact.decimals)
        a, b = (fact.value - half) * weight, (fact.value + half) * weight
        low, high = (low + a, high + b) if a <= b else (low + b, high + a)
    half = half_unit(total.decimals)
    return Summation(source, total, tuple(items), total.value - half <= high and low <= total.value + half)


def calculations(facts: Iterable[Fact] | Index | Flat, taxonomy: Taxonomy) -> Iterator[Summation]:
    """Calculations 1.1: every summation-item relationship, in every context and unit."""
    relationships = [(net.role, total, items) for net in taxonomy.networks for total, items in net.calculation.items()]
    buckets: dict[tuple, Bucket] = {}
    for (concept, where, dimensions), fact in flat_index(facts).items():
        buckets.setdefault((where, dimensions), {})[concept] = fact
    for bucket in buckets.values():
        for role, total, items in relationships:
            if total in bucket:
                bound = [(bucket[i], w) for i, w in items.items() if i in bucket]
                if bound:
                    yield summation(f"calculation {role}", bucket[total], bound)


def own_sums(facts: Iterable[Fact] | Index | Flat, taxonomy: Taxonomy) -> Iterator[Summation]:
    """Sums across contexts: the taxonomy's checks, and complete breakdowns along an axis.

    Facts are looked up by flat keys (concept, entity, period, members, unit): these sums move
    between contexts, and building a Context per lookup would cost more than the check itself.
    """
    flat = flat_index(facts)
    checked = {total.concept for net in taxonomy.networks for total, _ in net.check_terms()}
    by_concept: dict[str, list[tuple[tuple, Fact]]] = {}
    for (concept, where, dimensions), fact in flat.items():
        if concept in checked:
            by_concept.setdefault(concept, []).append((where, fact))
    for net in taxonomy.networks:
        for total, items in net.check_terms():
            for where, fact in by_concept.get(total.concept, []):
                if fact.context.dimensions != total.members:
                    continue
                bound = [(flat[(t.concept, where, t.members)], w) for t, w in items if (t.concept, where, t.members) in flat]
                if len(bound) == len(items):  # unlike Calculations 1.1, an own check needs every item
                    yield summation(f"check in {net.role}", fact, bound)
    complete = {name: [m.name for m in axis.members] for name, axis in taxonomy.axes.items() if axis.complete}
    breakdowns: dict[tuple, dict[str, Fact]] = {}  # (concept, where, other members, axis) -> member -> fact
    for (concept, where, dimensions), fact in flat.items():
        for i, (axis, member) in enumerate(dimensions):
            if axis in complete:
                breakdowns.setdefault((concept, where, dimensions[:i] + dimensions[i + 1:], axis), {})[member] = fact
    for (concept, where, others, axis), parts in breakdowns.items():
        total = flat.get((concept, where, others))
        if total is not None and len(parts) == len(complete[axis]):
            yield summation(f"sum across {axis}", total, [(parts[m], 1) for m in complete[axis]])


def check(report: Report, taxonomy: Taxonomy) -> list[Finding]:
    flat = flat_index(report.index)
    sums = [*calculations(flat, taxonomy), *own_sums(flat, taxonomy)]
    return [s.finding() for s in sums if not s.consistent]
