"""Calculations 1.1 over every calculation network, per context and unit, with its rounding rule;
and kcmodel's own sums that no calculation arc can state: the taxonomy's cross-dimension checks,
and each complete breakdown along an axis adding up to its total.

Calculations 1.1 (round-to-nearest, Arelle's ``--calc c11r``): every fact stands for the interval
of values that round to it, v ± ½·10^-decimals; a summation is inconsistent only when the total's
interval and the weighted sum of the items' intervals cannot meet. A summation is checked when its
total and at least one item are reported in the context and unit.
"""

from __future__ import annotations

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
class Interval:
    low: Decimal
    high: Decimal

    @classmethod
    def of(cls, fact: Fact) -> Interval:
        half = Decimal(1).scaleb(-fact.decimals) / 2
        return cls(fact.value - half, fact.value + half)

    def scaled(self, weight: int) -> Interval:
        a, b = self.low * weight, self.high * weight
        return Interval(min(a, b), max(a, b))

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)

    def meets(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


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


def _buckets(facts: Iterable[Fact]) -> dict[tuple[Context, Unit | None], Bucket]:
    buckets: dict[tuple[Context, Unit | None], Bucket] = {}
    for fact in facts:
        if isinstance(fact.value, Decimal) and fact.decimals is not None:
            buckets.setdefault((fact.context, fact.unit), {})[fact.concept] = fact
    return buckets


def _sum(source: str, total: Fact, items: list[tuple[Fact, int]]) -> Summation:
    interval = Interval(Decimal(0), Decimal(0))
    for fact, weight in items:
        interval = interval + Interval.of(fact).scaled(weight)
    return Summation(source, total, tuple(items), Interval.of(total).meets(interval))


def calculations(facts: Iterable[Fact], taxonomy: Taxonomy) -> Iterator[Summation]:
    """Calculations 1.1: every summation-item relationship, in every context and unit."""
    relationships = [(net.role, total, items) for net in taxonomy.networks for total, items in net.calculation.items()]
    for bucket in _buckets(facts).values():
        for role, total, items in relationships:
            if total in bucket:
                bound = [(bucket[i], w) for i, w in items.items() if i in bucket]
                if bound:
                    yield _sum(f"calculation {role}", bucket[total], bound)


def own_sums(facts: Iterable[Fact], taxonomy: Taxonomy) -> Iterator[Summation]:
    """Sums across contexts: the taxonomy's checks, and complete breakdowns along an axis."""
    index = {(f.concept, f.context, f.unit): f for f in facts if isinstance(f.value, Decimal) and f.decimals is not None}
    by_concept: dict[str, list[tuple[Context, Unit | None, Fact]]] = {}
    for (concept, context, unit), fact in index.items():
        by_concept.setdefault(concept, []).append((context, unit, fact))
    for net in taxonomy.networks:
        for total, items in net.check_terms():
            for context, unit, fact in by_concept.get(total.concept, []):
                if context.dimensions != total.members:
                    continue
                bound = []
                for term, weight in items:
                    item = index.get((term.concept, _with(context, term.members), unit))
                    if item is not None:
                        bound.append((item, weight))
                if len(bound) == len(items):  # unlike Calculations 1.1, an own check needs every item
                    yield _sum(f"check in {net.role}", fact, bound)
    for (concept, context, unit), fact in index.items():
        axes = {a for cube in taxonomy.cubes_for(concept) for a in cube.axes if a not in context.axes}
        for axis_name in sorted(axes):
            axis = taxonomy.axes[axis_name]
            if not axis.complete:
                continue
            parts = [index.get((concept, _with(context, (*context.dimensions, (axis_name, m.name))), unit))
                     for m in axis.members]
            if all(p is not None for p in parts):
                yield _sum(f"sum across {axis_name}", fact, [(p, 1) for p in parts])


def _with(context: Context, dimensions: tuple) -> Context:
    return Context(entity=context.entity, period=context.period, dimensions=dimensions)


def check(report: Report, taxonomy: Taxonomy) -> list[Finding]:
    sums = [*calculations(report.facts, taxonomy), *own_sums(report.facts, taxonomy)]
    return [s.finding() for s in sums if not s.consistent]
