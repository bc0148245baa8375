"""Deterministic Turtle, TriG, N-Quads and JSON-LD for kcmodel's quads.

kcmodel's graphs have no blank nodes, so a canonical order is simply sorted: subjects by IRI,
``rdf:type`` first, then predicates and objects sorted. Two runs over the same model write the same
bytes, which general-purpose serializers do not promise. Instance IRIs are written relative to
``@base <https://kcmodel.org/data/>``; everything else with the prefixes of ``vocabulary.PREFIXES``.
The JSON-LD uses the context of :func:`jsonld_context`, published beside it as ``context.jsonld``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from exporters.rdf.terms import LITERALS
from exporters.rdf.vocabulary import KCD, KCV, PREFIXES

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]
BASE = str(KCD)
CONTEXT_FILE = "context.jsonld"

RDF_TYPE = RDF.type  # rdflib looks a DefinedNamespace's terms up anew on every access: once here
_TYPE_IRI = str(RDF_TYPE)


def _predicate_order(predicate: URIRef) -> tuple[bool, str]:
    """rdf:type first, then by IRI (compared as text: rdflib's term comparison is slow Python)."""
    iri = str(predicate)
    return iri != _TYPE_IRI, iri

_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_RELATIVE = re.compile(r"^[A-Za-z0-9_%\-][A-Za-z0-9_%.\-/]*$")
_PREFIX_ORDER = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))  # longest namespace wins


def _literal(term: object) -> bool:
    """``isinstance(term, Literal)``, without rdflib's abstract-class check for the kinds kcmodel makes."""
    kind = type(term)
    return kind in LITERALS or (kind is not URIRef and isinstance(term, Literal))


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


# -- N-Quads ---------------------------------------------------------------------------------------
# Each term's text is made once per call (a build writes ~70,000 quads over a few thousand terms):
# the caches are dicts local to one serialization, so nothing outlives it.

# Datatypes compared as text (``str.__eq__``): rdflib makes a DefinedNamespace's term anew at each
# access and compares terms in Python, for each of some 45,000 literals rendered in a build.
_STRING, _BOOLEAN, _INTEGER = str(XSD.string), str(XSD.boolean), str(XSD.integer)
_INTEGER_TEXT = re.compile(r"-?\d+")


def _typed(term: Literal) -> bool:
    """A literal with a datatype other than xsd:string (which is written as a plain string)."""
    return term.datatype is not None and not str.__eq__(term.datatype, _STRING)


def _nt_term(term: URIRef | Literal) -> str:
    if _literal(term):
        text = f'"{_escape(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if _typed(term):
            return f"{text}^^<{term.datatype}>"
        return text
    return f"<{term}>"


class _Texts(dict):
    """A memo of ``render`` over terms: ``texts[term]`` renders a term the first time it is asked. One
    class for all (a class made per call is a reference cycle, which would keep its memo and every
    text in it until the cycle collector ran)."""

    __slots__ = ("render",)

    def __init__(self, render: Callable[[object], object]) -> None:
        super().__init__()
        self.render = render

    def __missing__(self, term: object) -> object:
        text = self[term] = self.render(term)
        return text


def nquads(quads: Iterable[Quad]) -> str:
    """N-Quads, one line per quad, lines sorted."""
    return "".join(nquad_lines(quads))


def nquad_lines(quads: Iterable[Quad]) -> list[str]:
    """The N-Quads lines of some quads, each once, sorted: runs that ``heapq.merge`` joins into one file."""
    texts = _Texts(_nt_term)
    return sorted({f"{texts[s]} {texts[p]} {texts[o]} {texts[g]} .\n" for s, p, o, g in quads})


def ntriples(triples: Iterable[tuple]) -> str:
    texts = _Texts(_nt_term)
    return "".join(sorted({f"{texts[s]} {texts[p]} {texts[o]} .\n" for s, p, o, *_ in triples}))


# -- Turtle and TriG --------------------------------------------------------------------------------

def _iri(term: URIRef) -> str:
    iri = str(term)
    if iri.startswith(BASE) and _RELATIVE.match(iri[len(BASE):]):
        return f"<{iri[len(BASE):]}>"
    for prefix, namespace in _PREFIX_ORDER:
        if iri.startswith(namespace) and _LOCAL.match(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def _ttl_term(term: URIRef | Literal) -> str:
    if not _literal(term):
        return _iri(term)
    text = f'"{_escape(str(term))}"'
    if term.language:
        return f"{text}@{term.language}"
    datatype = term.datatype
    if datatype is not None and (str.__eq__(datatype, _BOOLEAN) or (str.__eq__(datatype, _INTEGER)
                                                                    and _INTEGER_TEXT.fullmatch(term))):
        return str(term)
    if _typed(term):
        return f"{text}^^{_iri(term.datatype)}"
    return text


def _object_key(term: URIRef | Literal) -> tuple:
    return (_literal(term), str(term), str(getattr(term, "datatype", "") or ""), getattr(term, "language", "") or "")


Canonical = list[tuple[URIRef, list[tuple[URIRef, list]]]]


def canonical(triples: Iterable[tuple]) -> Canonical:
    """The canonical order every serialization shares: subjects by IRI, each with its predicates
    (rdf:type first, then by IRI) and each predicate's distinct objects in order. Made once per
    graph and handed to :func:`statements` and :func:`jsonld_graph`, which both follow it."""
    subjects: dict[URIRef, dict[URIRef, list]] = {}
    for s, p, o, *_ in triples:
        predicates = subjects.get(s)
        if predicates is None:
            subjects[s] = {p: [o]}
        elif p in predicates:
            predicates[p].append(o)
        else:
            predicates[p] = [o]
    keys = _Texts(_object_key)
    orders = _Texts(_predicate_order)
    made = []
    for subject in sorted(subjects, key=str):
        predicates = subjects[subject]
        made.append((subject, [(p, _distinct(predicates[p], keys)) for p in sorted(predicates, key=orders.__getitem__)]))
    return made


def _distinct(objects: list, keys: dict) -> list:
    """A predicate's objects, each once, in order (a graph states a triple once, so one object needs no sorting)."""
    return objects if len(objects) == 1 else sorted(set(objects), key=keys.__getitem__)


def statements(triples: Iterable[tuple], made: Canonical | None = None) -> list[str]:
    """The Turtle statements of some triples (or of their ``canonical`` order, already made), one
    block per subject, sorted: the body of a Turtle file, and (indented) of a TriG graph."""
    texts = _Texts(_ttl_term)
    names = _Texts(lambda predicate: "a" if str(predicate) == _TYPE_IRI else texts[predicate])
    blocks = []
    for subject, predicates in canonical(triples) if made is None else made:
        lines = []
        for predicate, objects in predicates:
            name = names[predicate]
            if len(objects) == 1:
                lines.append(f"{name} {texts[objects[0]]}")
                continue
            terms = [texts[o] for o in objects]
            listed = ", ".join(terms)
            if len(listed) + len(name) > 100:  # one object a line
                listed = " ,\n        ".join(terms)
            lines.append(f"{name} {listed}")
        body = " ;\n    ".join(lines)
        blocks.append(f"{texts[subject]} {body} .\n")
    return blocks


def _indented(block: str, indent: str) -> str:
    """A statement block with every line indented (a literal never holds a raw line break: they are escaped)."""
    return indent + block[:-1].replace("\n", "\n" + indent) + "\n"


def _header() -> str:
    lines = [f"@base <{BASE}> .\n"]
    lines += [f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(PREFIXES.items())]
    return "".join(lines)


def _comment(comment: str | None) -> str:
    return "".join(f"# {line}\n" for line in comment.splitlines()) if comment else ""


def turtle(triples: Iterable[tuple], comment: str | None = None, blocks: list[str] | None = None) -> str:
    """Turtle of ``triples`` (or of their ``statements``, already made)."""
    return _comment(comment) + _header() + "\n" + "\n".join(statements(triples) if blocks is None else blocks)


def trig(quads: Sequence[Quad], comment: str | None = None, blocks: dict[URIRef, list[str]] | None = None) -> str:
    """TriG of ``quads``, one block per named graph (or of each graph's ``statements``, already made)."""
    if blocks is None:
        graphs: dict[URIRef, list[Quad]] = defaultdict(list)
        for quad in quads:
            graphs[quad[3]].append(quad)
        blocks = {name: statements(triples) for name, triples in graphs.items()}
    return trig_head(comment) + "".join(trig_graph(name, blocks[name]) for name in sorted(blocks, key=str))


def trig_head(comment: str | None = None) -> str:
    return _comment(comment) + _header()


def trig_graph(name: URIRef, blocks: list[str]) -> str:
    """One named graph of a TriG document, from its ``statements``; graphs follow the head in IRI order."""
    body = "\n".join(_indented(block, "    ") for block in blocks)
    return f"\n{_iri(name)} {{\n{body}}}\n"


# -- JSON-LD ----------------------------------------------------------------------------------------

# kcv properties whose values are IRIs, or literals of one datatype: the context coerces them, so
# the JSON reads as plain names and strings. Properties not listed take explicit value objects.
_IRI_VALUED = (
    "balance child citedAt concerns concept contributor dimensionProperty document domain entity hasAxis "
    "hasMember itemType lineItem minuend namedGraph network numerator denominator parent period periodKind periodType "
    "preferredLabel presentationRoot printedAt ratioNumerator ratioDenominator report series severity standsFor subtrahend total "
    "translationOf translationRate unit totalMember contributorMember hypercube yearBefore"
).split()
_TYPED = {
    "decimals": "xsd:integer", "line": "xsd:integer", "order": "xsd:integer", "fiscalYear": "xsd:integer",
    "derived": "xsd:boolean", "nil": "xsd:boolean", "abstract": "xsd:boolean", "complete": "xsd:boolean",
    "startDate": "xsd:date", "endDate": "xsd:date", "instant": "xsd:date", "weight": "xsd:decimal",
    "scheme": "xsd:anyURI", "sequence": "xsd:integer", "depth": "xsd:integer",
}
_STRING_VALUED = ("aspectKey code message printedLabel printedText sourceFile documentType fiscalPeriod reportId roleName "
                  "identifier").split()
_CLASSES = ("Fact ConvenienceTranslation DerivedFact Report Dataset Document Ingestion SourceLocation Finding Entity "
            "Period Unit Measure Concept LineItem Axis Domain Member Hypercube AxisProperty Network PresentationArc "
            "SummationArc CalculationArc CheckArc LabelRole Series").split()
_OTHER_TERMS = ("terseLabel totalLabel negatedLabel periodStartLabel periodEndLabel value").split()


def jsonld_context() -> dict:
    """The JSON-LD 1.1 context of kcmodel's RDF (written as ``context.jsonld``)."""
    terms: dict[str, object] = {"@version": 1.1}
    terms.update({prefix: namespace for prefix, namespace in sorted(PREFIXES.items()) if prefix != "kcd"})
    for name in _CLASSES:
        terms[name] = f"kcv:{name}"
    for name in sorted(_IRI_VALUED):
        terms[name] = {"@id": f"kcv:{name}", "@type": "@id"}
    for name, datatype in sorted(_TYPED.items()):
        terms[name] = {"@id": f"kcv:{name}", "@type": datatype}
    for name in sorted(_STRING_VALUED + _OTHER_TERMS):
        terms[name] = f"kcv:{name}"
    return {"@context": terms}


def _context_terms() -> dict[str, tuple[str, str | None]]:
    """IRI -> (term, coercion) for the kcv terms of the context."""
    out = {}
    for name, definition in jsonld_context()["@context"].items():
        if isinstance(definition, dict):
            out[str(KCV) + name] = (name, definition["@type"])
        elif isinstance(definition, str) and definition == f"kcv:{name}":
            out[str(KCV) + name] = (name, None)
    return out


def _json_iri(term: URIRef) -> str:
    text = _iri(term)
    return text[1:-1] if text.startswith("<") else text


def _json_value(term: URIRef | Literal, coercion: str | None, iris: dict) -> object:
    if not _literal(term):
        return iris[term] if coercion == "@id" else {"@id": iris[term]}
    if term.language:
        return {"@value": str(term), "@language": term.language}
    datatype = iris[term.datatype] if term.datatype is not None else None
    if coercion is not None and coercion == datatype:
        return str(term)
    if datatype in (None, "xsd:string"):
        return str(term)
    return {"@value": str(term), "@type": datatype}


# Where json.dumps(document, indent=1) puts a graph object's parts: the graph's members, a node's, a node's values.
_MEMBER, _NODE, _FIELD = "   ", "    ", "     "


def jsonld_graph(name: URIRef, quads: Iterable[tuple], made: Canonical | None = None) -> str:
    """One named graph's object of the JSON-LD document, as :func:`jsonld_document` places it: the
    bytes ``json.dumps`` with ``indent=1`` writes for it there, written node by node."""
    terms = _context_terms()
    classes = {str(KCV) + name: name for name in _CLASSES}
    iris = _Texts(_json_iri)
    keys = _Texts(lambda predicate: _string(terms.get(str(predicate), (iris[predicate], None))[0]))
    coercions = _Texts(lambda predicate: terms.get(str(predicate), (None, None))[1])

    def field(predicate: URIRef, objects: list) -> str:
        if str(predicate) == _TYPE_IRI:
            types = [classes.get(str(o)) or iris[o] for o in objects]
            return f'{_FIELD}"@type": {_pretty(types[0] if len(types) == 1 else types, _FIELD)}'
        coercion = coercions[predicate]
        values = [_json_value(o, coercion, iris) for o in objects]
        return f"{_FIELD}{keys[predicate]}: {_pretty(values[0] if len(values) == 1 else values, _FIELD)}"

    # a predicate with one object, written once per pair: two thirds of a graph's triples repeat a
    # pair another node states (its type, concept, period, unit, a line number)
    single: dict[tuple, str] = {}
    nodes = []
    for subject, predicates in canonical(quads) if made is None else made:
        fields = [f'{_FIELD}"@id": {_string(iris[subject])}']
        for predicate, objects in predicates:
            if len(objects) == 1:
                pair = (predicate, objects[0])
                text = single.get(pair)
                if text is None:
                    text = single[pair] = field(predicate, objects)
                fields.append(text)
            else:
                fields.append(field(predicate, objects))
        nodes.append(_NODE + "{\n" + ",\n".join(fields) + f"\n{_NODE}}}")
    listed = "[\n" + ",\n".join(nodes) + f"\n{_MEMBER}]" if nodes else "[]"
    return f'{{\n{_MEMBER}"@id": {_string(_json_iri(name))},\n{_MEMBER}"@graph": {listed}\n  }}'


_string = json.encoder.encode_basestring  # (C) a str as json.dumps(ensure_ascii=False) writes it


def _pretty(value: object, indent: str) -> str:
    """``json.dumps(value, indent=1, ensure_ascii=False)``, its lines after the first indented by
    ``indent``: the same bytes, several times faster (json.dumps with an indent runs in Python)."""
    if type(value) is str or isinstance(value, str):
        return _string(value)
    inner = indent + " "
    if isinstance(value, dict) and value:
        items = ",\n".join(f"{inner}{_string(key)}: {_pretty(item, inner)}" for key, item in value.items())
        return f"{{\n{items}\n{indent}}}"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(inner + _pretty(item, inner) for item in value) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False)  # {}, [], numbers, true/false/null


def jsonld_document(graphs: Iterable[str]) -> Iterator[str]:
    """Compact JSON-LD in pieces: the context by reference, then each graph object (from
    :func:`jsonld_graph`, in graph order) — the bytes ``json.dumps(document, indent=1)`` gives."""
    head, tail = json.dumps({"@context": [CONTEXT_FILE, {"@base": BASE}], "@graph": [_SLOT]}, indent=1,
                            ensure_ascii=False).split(json.dumps(_SLOT))
    yield head
    for n, graph in enumerate(graphs):
        yield (",\n  " if n else "") + graph
    yield tail + "\n"


_SLOT = "\x00"  # a placeholder no graph object contains (JSON escapes it)


def jsonld(quads: Sequence[Quad]) -> str:
    """Compact JSON-LD: one graph object per named graph, nodes sorted, the context by reference."""
    graphs: dict[URIRef, list] = defaultdict(list)
    for quad in quads:
        graphs[quad[3]].append(quad)
    return "".join(jsonld_document(jsonld_graph(name, graphs[name]) for name in sorted(graphs, key=str)))
