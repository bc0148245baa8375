"""What a query may reach: the data in the store, and nothing else unless the user says so.

Every query is parsed (never run) with rdflib's parser before any store sees it, which gives a
tree to inspect rather than text to guess at:

- ``SERVICE`` sends the query's bindings to another server: refused unless the caller allows it.
- ``FROM`` / ``FROM NAMED`` name graphs of the store; the stores are told never to load an address
  (rdflib would otherwise fetch ``FROM <file:///…>`` or ``<http://…>``), and an IRI that names no
  graph of the store selects an empty graph.

A query rdflib's parser rejects is reported with its line and column, whichever store it is for.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from exporters.rdf.sparql import QueryError
from kcmodel.errors import KcError

ALLOW_SERVICE = "--allow-service"


@dataclass(frozen=True)
class Inspected:
    """What the parsed query reaches beyond its patterns: its dataset clause and its SERVICE calls."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    services: tuple[str, ...] = ()  # the IRI, or ?variable, of each SERVICE

    @property
    def declares_dataset(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


class ServiceRefused(KcError):
    """A query with SERVICE, run without the user's consent."""


def inspect(query: str, name: str = "<query>") -> Inspected:
    """Parse the query (nothing is evaluated) and say what it reaches; a rejected query is a QueryError."""
    from pyparsing import ParseException

    try:
        return _inspected(query)
    except ParseException as exc:
        raise QueryError(exc.msg, file=name, line=exc.lineno, column=exc.col) from None
    except Exception as exc:  # rdflib reports unknown prefixes and the like as plain exceptions
        if rejected_by_rdflib(exc):
            raise QueryError(str(exc) or type(exc).__name__, file=name) from None
        raise


@functools.lru_cache(maxsize=64)
def _inspected(query: str) -> Inspected:
    """A query is parsed once per process, though checked twice: by the command before it loads a
    store, and by the store that runs it (in a child forked after the first check). rdflib's parser
    takes 60 ms for an example query, more than Oxigraph takes to answer most of them."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    algebra = translateQuery(parseQuery(query)).algebra
    clauses = (algebra["datasetClause"] if "datasetClause" in algebra else None) or []
    return Inspected(
        default_graphs=tuple(str(c["default"]) for c in clauses if "default" in c),
        named_graphs=tuple(str(c["named"]) for c in clauses if "named" in c),
        services=tuple(_service_target(node) for node in _nodes(algebra) if node.name == "ServiceGraphPattern"),
    )


def check(query: str, name: str = "<query>", allow_service: bool = False) -> Inspected:
    """:func:`inspect`, refusing SERVICE unless allowed: one line naming the file and the line."""
    found = inspect(query, name)
    if found.services and not allow_service:
        raise ServiceRefused(f"SERVICE {found.services[0]} would send the query to another server; "
                             f"kcmodel sparql keeps to the data unless run with {ALLOW_SERVICE}",
                             file=name, line=keyword_line(query, "SERVICE"))
    return found


def rejected_by_rdflib(exc: Exception) -> bool:
    """rdflib's way of rejecting input: a plain Exception, or one of its own (not a bug elsewhere)."""
    return type(exc) is Exception or type(exc).__module__.startswith(("rdflib.", "pyparsing"))


def forbid_loading() -> None:
    """rdflib loads FROM / FROM NAMED addresses it has no graph for; kcmodel's queries select, never load."""
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


def _nodes(node: object) -> Iterator:
    """Every CompValue of a parse or algebra tree, including those under filters and sub-queries."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)) or type(item).__name__ == "ParseResults":
            stack.extend(item)


def _service_target(node) -> str:
    term = node["term"]
    return term.n3() if hasattr(term, "n3") else str(term)


def keyword_line(query: str, keyword: str) -> int | None:
    """The 1-based line of the first use of a keyword, outside comments, strings and IRIs (for messages only)."""
    blanked = _BLANKABLE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), query)
    found = re.search(rf"(?<![\w:?$]){keyword}(?![\w:-])", blanked, re.IGNORECASE)
    return blanked.count("\n", 0, found.start()) + 1 if found else None


_BLANKABLE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                        r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'" r"|#[^\n]*" r"|<[^<>\"{}|^`\\\s]*>", re.DOTALL)
