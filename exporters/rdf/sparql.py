"""SPARQL results the same whichever store answered, and written as a table, CSV or JSON.

Stores (rdflib, Oxigraph, a SPARQL 1.1 server) agree on what a result is but not on how they spell
numbers: one writes ``0.172000000000000000`` where another writes ``0.172``. :class:`Term` keeps
each value in a canonical lexical form, so results from different stores compare equal when they
mean the same, and print the same.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kcmodel.errors import KcError, printable

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                   "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
                                   "unsignedShort", "unsignedByte")}
DECIMAL = XSD + "decimal"
FLOAT_TYPES = {XSD + "double", XSD + "float"}
STRING = XSD + "string"


class QueryError(KcError):
    """A query the parser rejects: ``file:line:column: message``, exit status 2."""

    def __init__(self, message: str, *, file: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message, file=file, line=line)
        self.column = column

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        return printable(f"{where}: {self.message}")  # a query's text may hold what a terminal would act on


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term of a result: kind 'uri', 'literal' or 'bnode'; numbers in canonical form."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        if lang:
            return cls("literal", value, None, lang.lower())
        if datatype in (None, STRING):
            return cls("literal", value, None, None)
        if datatype in INTEGER_TYPES or datatype == DECIMAL:
            try:
                number = Decimal(value.strip())
            except InvalidOperation:
                return cls("literal", value, datatype)
            if datatype != DECIMAL:
                return cls("literal", str(int(number)), XSD + "integer")
            return cls("literal", canonical_decimal(number), DECIMAL)
        if datatype in FLOAT_TYPES:
            try:
                return cls("literal", repr(float(value)), XSD + "double")
            except ValueError:
                return cls("literal", value, datatype)
        if datatype == XSD + "boolean":
            return cls("literal", "true" if value.strip() in ("true", "1") else "false", datatype)
        return cls("literal", value, datatype)

    def python(self) -> object:
        """The value as Python: Decimal or int for numbers, bool, str otherwise (IRIs as str)."""
        if self.kind != "literal" or self.datatype is None:
            return self.value
        if self.datatype == DECIMAL:
            return Decimal(self.value)
        if self.datatype == XSD + "integer":
            return int(self.value)
        if self.datatype == XSD + "boolean":
            return self.value == "true"
        return self.value

    def n3(self) -> str:
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = json.dumps(self.value, ensure_ascii=False)
        if self.lang:
            return f"{text}@{self.lang}"
        return f"{text}^^<{self.datatype}>" if self.datatype else text


def canonical_decimal(number: Decimal) -> str:
    if number == 0:
        return "0"
    text = format(number.normalize(), "f")
    return text


@dataclass
class Results:
    """A SELECT's variables and rows, an ASK's boolean, or a CONSTRUCT/DESCRIBE's triples (N-Triples lines)."""

    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[str] | None = None

    def records(self) -> list[dict[str, object]]:
        """Rows as dicts of Python values (None where unbound): what tests compare."""
        return [{v: (t.python() if t is not None else None) for v, t in zip(self.variables, row)} for row in self.rows]


# -- reading queries ---------------------------------------------------------------------------

def read_query(text_or_path: str) -> tuple[str, str]:
    """(query text, name for messages): a path to an existing file, or ending in .rq, is read."""
    path = Path(text_or_path)
    if text_or_path.endswith(".rq") or (len(text_or_path) < 4096 and "\n" not in text_or_path and path.is_file()):
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except OSError as exc:
            raise KcError(f"cannot read the query: {exc.strerror}", file=str(path)) from None
        except UnicodeDecodeError:
            raise KcError("the query file is not UTF-8 text", file=str(path)) from None
    return text_or_path, "<query>"


# -- writing results ---------------------------------------------------------------------------

def _short(term: Term | None) -> str:
    from exporters.rdf.vocabulary import qname

    if term is None:
        return ""
    if term.kind == "uri":
        return qname(term.value)
    if term.kind == "bnode":
        return f"_:{term.value}"
    return f"{term.value}@{term.lang}" if term.lang else term.value


def as_table(results: Results) -> str:
    if results.triples is not None:
        return "".join(results.triples)
    if results.boolean is not None:
        return ("true" if results.boolean else "false") + "\n"
    cells = [[_short(t) for t in row] for row in results.rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(results.variables)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()
    out = [line(results.variables), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    out.append(f"({len(results.rows)} row{'s' if len(results.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def as_csv(results: Results) -> str:
    """SPARQL 1.1 Query Results CSV: IRIs in full, literals by their lexical form."""
    if results.triples is not None:
        return "".join(results.triples)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if results.boolean is not None:
        writer.writerow(["_askResult"])
        writer.writerow(["true" if results.boolean else "false"])
        return buffer.getvalue()
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow(["" if t is None else (f"_:{t.value}" if t.kind == "bnode" else t.value) for t in row])
    return buffer.getvalue()


def _json_term(term: Term) -> dict:
    out: dict[str, str] = {"type": term.kind, "value": term.value}
    if term.lang:
        out["xml:lang"] = term.lang
    elif term.datatype:
        out["datatype"] = term.datatype
    return out


def as_json(results: Results) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if results.triples is not None:
        return "".join(results.triples)
    if results.boolean is not None:
        return json.dumps({"head": {}, "boolean": results.boolean}) + "\n"
    bindings = [{v: _json_term(t) for v, t in zip(results.variables, row) if t is not None} for row in results.rows]
    document = {"head": {"vars": results.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


FORMATS = {"table": as_table, "csv": as_csv, "json": as_json}


def prepare(form: str) -> None:
    """Import what writing results as ``form`` needs: the table names IRIs by kcmodel's prefixes, whose
    module imports the model (0.1 s, taken while the query runs)."""
    if form == "table":
        import exporters.rdf.vocabulary  # noqa: F401


def from_json(document: object) -> Results:
    """Results from a SPARQL 1.1 Query Results JSON document (what a server answers).

    A document of another shape is a ValueError saying what is wrong with it: a server's reply is
    input, and a reply that is not results must not pass for empty ones.
    """
    if not isinstance(document, dict):
        raise ValueError("not a JSON object")
    if "boolean" in document:
        if not isinstance(document["boolean"], bool):
            raise ValueError('"boolean" is not true or false')
        return Results(boolean=document["boolean"])
    head, results = document.get("head"), document.get("results")
    variables = head.get("vars") if isinstance(head, dict) else None
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise ValueError('no "head": {"vars": [names]}')
    if not isinstance(bindings, list) or not all(isinstance(b, dict) for b in bindings):
        raise ValueError('no "results": {"bindings": [objects]}')
    return Results(variables=variables, rows=[tuple(_term(b.get(name)) for name in variables) for b in bindings])


def _term(cell: object) -> Term | None:
    if cell is None:
        return None
    if not isinstance(cell, dict) or not isinstance(cell.get("value"), str):
        raise ValueError(f"a binding without a string value: {json.dumps(cell)[:100]}")
    kind = cell.get("type")
    if kind in ("uri", "bnode"):
        return Term(kind, cell["value"])
    if kind in ("literal", "typed-literal"):
        datatype, lang = cell.get("datatype"), cell.get("xml:lang")
        if not isinstance(datatype, (str, type(None))) or not isinstance(lang, (str, type(None))):
            raise ValueError(f"a literal with a datatype or language that is not a string: {json.dumps(cell)[:100]}")
        return Term.literal(cell["value"], datatype, lang)
    raise ValueError(f"a binding of unknown type {kind!r}")
