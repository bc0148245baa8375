"""The RDF terms kcmodel's graphs are made of: rdflib's, cheaper to hash and to compare.

A build puts every term in sets and dicts many times over (a graph states a triple once; each
serializer renders a term once), some 150,000 lookups for the five announcements:

- rdflib computes a literal's hash in Python at every lookup: :class:`Literal` keeps it once made;
- rdflib compares two IRIs in Python when they are equal but are not the same object: :func:`data_iri`
  gives the same object for the same instance IRI (of the most recent 65,536), so a lookup ends at
  the identity check.

Both are rdflib terms, equal to and hashed as rdflib's own: what holds for one holds for the other.
"""

from __future__ import annotations

import functools

from rdflib import Literal as RdfLiteral
from rdflib import Namespace, URIRef

KCD = Namespace("https://kcmodel.org/data/")  # instance data (docs/rdf.md, "IRIs")
GRAPH_BASE = str(KCD) + "graph/"  # every named graph of kcmodel's is under it


class Literal(RdfLiteral):
    """An rdflib literal whose hash is computed once (it cannot change: a literal is immutable)."""

    __slots__ = ("_hash",)

    def __hash__(self) -> int:
        try:
            return self._hash
        except AttributeError:
            self._hash = RdfLiteral.__hash__(self)
            return self._hash


LITERALS = frozenset({RdfLiteral, Literal})  # the literal classes, told apart without rdflib's abstract-class check


@functools.lru_cache(maxsize=1 << 16)
def data_iri(path: str) -> URIRef:
    """``kcd:<path>``, one object per path: a period's, a unit's, a series' IRI is named by thousands of facts."""
    return KCD[path]
