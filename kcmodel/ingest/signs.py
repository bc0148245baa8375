"""Which printed rows show their concept's value negated (docs/conventions.md §3), decided by arithmetic.

Every printed row is a node with an unknown sign s (+1: printed as is, -1: printed negated).
Arithmetic fixes signs relative to each other: a calculation or a sum across dimension members
that holds in every column for exactly one pattern of signs; the same fact printed in two places;
a ratio (margin, per-share) and its numerator, which share a sign. Those relations join nodes into
groups whose signs are known up to one flip. The flip is the one that agrees best with how the
taxonomy usually presents the concepts (its presentation links' preferred labels). Words in labels
play no part.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

Node = Hashable


@dataclass
class SignedSets:
    """Union-find where each node also knows its sign relative to its set's root."""

    parent: dict[Node, Node] = field(default_factory=dict)
    parity: dict[Node, int] = field(default_factory=dict)  # sign relative to parent
    conflicts: list[tuple[Node, Node, str]] = field(default_factory=list)

    def add(self, node: Node) -> None:
        self.parent.setdefault(node, node)
        self.parity.setdefault(node, 1)

    def find(self, node: Node) -> tuple[Node, int]:
        self.add(node)
        sign = 1
        while self.parent[node] != node:
            sign *= self.parity[node]
            node = self.parent[node]
        return node, sign

    def relate(self, a: Node, b: Node, sign: int, why: str) -> None:
        """Record s_a = sign * s_b."""
        root_a, sa = self.find(a)
        root_b, sb = self.find(b)
        if root_a == root_b:
            if sa * sb != sign:
                self.conflicts.append((a, b, why))
            return
        self.parent[root_a] = root_b
        self.parity[root_a] = sign * sa * sb

    def groups(self) -> dict[Node, list[tuple[Node, int]]]:
        out: dict[Node, list[tuple[Node, int]]] = {}
        for node in self.parent:
            root, sign = self.find(node)
            out.setdefault(root, []).append((node, sign))
        return out


@dataclass(frozen=True)
class Sum:
    """total = sum(weight * item) for the printed values of each column (a column is any hashable)."""

    total: Node
    items: tuple[tuple[Node, int], ...]
    why: str


# Every sign pattern of a sum's items is tried (2^n); a printed sum has at most a handful of items that
# are not zero, and 12 bounds the search at 4,096 patterns per relation: a longer sum's signs come
# from the other evidence (its rows printed elsewhere, the layout of the table).
MAX_SIGNED_ITEMS = 12


def sign_patterns(values: dict[Node, dict[Hashable, Decimal]], relation: Sum, tolerance: dict[Hashable, Decimal]) -> list[dict[Node, int]]:
    """The sign patterns of the items (relative to the total) under which the sum holds in every column.

    Items printed as zero everywhere are left out: their sign is free. A sum holds in a column when it
    misses the printed total by at most half the column's unit per printed figure (the items and the
    total), each being rounded to its last digit (``tolerance``: a column's unit).
    """
    total = values[relation.total]
    items = [(n, w) for n, w in relation.items if any(v != 0 for v in values[n].values())]
    columns = [c for c in total if all(c in values[n] for n, _ in items)]
    if not items or not columns or len(items) > MAX_SIGNED_ITEMS:
        return []
    bounds = [(c, total[c], tolerance.get(c, Decimal(1)) * (len(items) + 1) / 2) for c in columns]  # per column, once
    found = []
    for signs in itertools.product((1, -1), repeat=len(items)):
        if all(abs(sum(w * s * values[n][c] for (n, w), s in zip(items, signs)) - printed) <= bound
               for c, printed, bound in bounds):
            found.append({n: s for (n, _), s in zip(items, signs)})
    return found


def decide(nodes: Iterable[Node], sums: Iterable[Sum], equal: Iterable[tuple[Node, Node, int, str]],
           values: dict[Node, dict[Hashable, Decimal]], tolerance: dict[Hashable, Decimal],
           prior: dict[Node, int]) -> tuple[dict[Node, int], list[str]]:
    """Each node's sign, and notes on what could not be reconciled."""
    sets = SignedSets()
    for node in nodes:
        sets.add(node)
    notes: list[str] = []
    for relation in sums:
        patterns = sign_patterns(values, relation, tolerance)
        if len(patterns) == 1:
            for item, sign in patterns[0].items():
                sets.relate(item, relation.total, sign, relation.why)
    for a, b, sign, why in equal:
        sets.relate(a, b, sign, why)
    notes += [f"{why}: the printed signs of {a} and {b} cannot both hold" for a, b, why in sets.conflicts]
    signs: dict[Node, int] = {}
    for members in sets.groups().values():
        agreement = sum(prior.get(node, 1) * sign for node, sign in members)
        flip = 1 if agreement >= 0 else -1
        for node, sign in members:
            signs[node] = sign * flip
    return signs, notes
