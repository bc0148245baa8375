"""A join-order planner for rdflib's SPARQL engine, plugged in through ``rdflib.plugins.sparql.CUSTOM_EVALS``.

rdflib orders the triple patterns of a basic graph pattern once, before evaluating it, by how many
terms each has bound *statically*; variables that earlier patterns bind while evaluating do not
count. On kcmodel's graph that can turn a join of facts on their period into the cross product of
every fact with every other. This planner evaluates a basic graph pattern the same way rdflib does
(same bindings, same results) but picks the next pattern at each step: the one expected to match
fewest triples given what is bound now, estimated from per-predicate counts of the store.

It is used only for the datasets :func:`register` was given (the memory store of ``kcmodel
sparql``); any other rdflib graph in the process is evaluated by rdflib as before.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from rdflib import BNode, URIRef, Variable
from rdflib.plugins.sparql import CUSTOM_EVALS
from rdflib.plugins.sparql.sparql import AlreadyBound

_KEY = "kcmodel-join-order"
_ATTRIBUTE = "_kcmodel_planner_stats"


class _Stats:
    """Triples per predicate, and distinct subjects and objects per predicate."""

    def __init__(self, graph) -> None:
        count: Counter = Counter()
        subjects: dict = defaultdict(set)
        objects: dict = defaultdict(set)
        for s, p, o in graph.triples((None, None, None)):
            count[p] += 1
            subjects[p].add(s)
            objects[p].add(o)
        self.total = max(sum(count.values()), 1)
        self.count = count
        self.per_subject = {p: count[p] / len(subjects[p]) for p in count}
        self.per_object = {p: count[p] / len(objects[p]) for p in count}

    def cost(self, bound: tuple[bool, bool, bool], predicate) -> float:
        s_bound, p_bound, o_bound = bound
        if s_bound and p_bound and o_bound:
            return 0.0
        if not p_bound:
            return 1.0 if (s_bound and o_bound) else (50.0 if (s_bound or o_bound) else float(self.total))
        if not isinstance(predicate, URIRef):  # a property path
            return 100.0 if (s_bound or o_bound) else float(self.total)
        n = self.count.get(predicate, 0)
        if s_bound:
            return self.per_subject.get(predicate, 1.0) if n else 0.0
        if o_bound:
            return self.per_object.get(predicate, 1.0) if n else 0.0
        return float(n)


def register(dataset) -> None:
    """Plan the basic graph patterns of queries over ``dataset`` (an rdflib Dataset)."""
    setattr(dataset, _ATTRIBUTE, _Stats(dataset))
    CUSTOM_EVALS[_KEY] = _evaluate


def _is_var(term) -> bool:
    return isinstance(term, (Variable, BNode))


def _evaluate(ctx, part):
    if part.name != "BGP":
        raise NotImplementedError
    stats = getattr(getattr(ctx, "_dataset", None), _ATTRIBUTE, None)  # ctx.dataset raises on a plain graph
    if stats is None:
        raise NotImplementedError
    patterns = [(s, p, o, _is_var(s), _is_var(p), _is_var(o)) for s, p, o in part.triples]
    return _bgp(ctx, patterns, stats)


def _bgp(ctx, patterns: list, stats: _Stats) -> Iterator:
    if not patterns:
        yield ctx.solution()
        return
    best, best_cost = 0, None
    if len(patterns) > 1:
        for i, (s, p, o, sv, pv, ov) in enumerate(patterns):
            p_bound = not pv or ctx[p] is not None
            cost = stats.cost((not sv or ctx[s] is not None, p_bound, not ov or ctx[o] is not None),
                              ctx[p] if p_bound else p)
            if best_cost is None or cost < best_cost:
                best, best_cost = i, cost
                if cost == 0.0:
                    break
    s, p, o = patterns[best][:3]
    rest = patterns[:best] + patterns[best + 1:]
    _s, _p, _o = ctx[s], ctx[p], ctx[o]
    for ss, sp, so in ctx.graph.triples((_s, _p, _o)):
        c = ctx.push() if None in (_s, _p, _o) else ctx
        try:
            if _s is None:
                c[s] = ss
            if _p is None:
                c[p] = sp
            if _o is None:
                c[o] = so
        except AlreadyBound:
            continue
        yield from _bgp(c, rest, stats)
