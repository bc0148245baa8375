"""Where ``kcmodel sparql`` runs a query: rdflib in process, an embedded Oxigraph store, or a server.

- :class:`MemoryStore`: rdflib, the dataset parsed into memory (the default; fine for a few reports).
- :class:`OxigraphStore`: ``pyoxigraph`` on disk, kept in the build directory (``DIR/oxigraph``) and
  reloaded only when the build's N-Quads change.
- :class:`EndpointStore`: any SPARQL 1.1 server. The dataset is put with the Graph Store HTTP
  Protocol (one ``PUT ?graph=`` per named graph, so a reload replaces, never duplicates) and queried
  with the SPARQL 1.1 Protocol, naming kcmodel's graphs as ``default-graph-uri`` and
  ``named-graph-uri``: the default graph is their merge on every server, without server settings.

On each store the default graph is the union of kcmodel's named graphs, so the example queries
need no ``GRAPH`` clause; ``GRAPH ?g`` still reaches each graph. Each ``query`` first passes the
query through :func:`exporters.rdf.confine.check` (parsed, not run): no store loads a ``FROM``
address, and ``SERVICE`` runs only when the caller allows it.
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from exporters.rdf import graphstore, oxiload, stamp
from exporters.rdf.confine import check, forbid_loading, rejected_by_rdflib
from exporters.rdf.sparql import QueryError, Results, Term, from_json
from exporters.rdf.terms import GRAPH_BASE
from kcmodel.errors import KcError

MANIFEST = "manifest.json"
STORE_DIR = Path("oxigraph")  # the embedded store, beside the build's outputs (not one of them)
STAMP = Path("oxigraph.loaded")  # what the store was loaded from (exporters/rdf/stamp.py)
TIMEOUT = 60.0  # seconds: a query's time limit, and the longest wait for an HTTP server (kcmodel sparql --timeout)


def rdf_file(data: Path, kind: str = "rdf-nquads") -> Path:
    """The build's RDF file of a kind, from DIR/manifest.json."""
    manifest = data / MANIFEST
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8"))["artifacts"]
    except FileNotFoundError:
        raise KcError("no manifest.json: not a kcmodel build directory (kcmodel build --out DIR)", file=str(data)) from None
    except (ValueError, KeyError, TypeError):
        raise KcError("manifest.json is not a kcmodel manifest", file=str(manifest)) from None
    paths = [data / a["path"] for a in listed if a.get("kind") == kind]
    if not paths:
        raise KcError(f"the build lists no {kind} output: rebuild it with a kcmodel that writes RDF", file=str(manifest))
    if not paths[0].is_file():
        raise KcError("listed in manifest.json but missing", file=str(paths[0]))
    return paths[0]


def _location(message: str) -> tuple[int | None, int | None, str]:
    """(line, column, message) from a parser message such as 'error at 3:2: expected OPTIONAL'."""
    found = re.search(r"\bat (\d+):(\d+)(?::\s*|\s+)", message)
    if found:
        before = message[:found.start()].strip(" :")
        rest = message[found.end():].strip(" :")
        text = rest if before.lower() in ("", "error", "parse error", "syntax error") else f"{before}: {rest}"
        return int(found.group(1)), int(found.group(2)), text
    return None, None, message


def _graph_results(ntriples: str) -> Results:
    return Results(triples=sorted(line + "\n" for line in ntriples.splitlines() if line.strip()))


class MemoryStore:
    """rdflib in process."""

    name = "memory"

    def __init__(self, dataset) -> None:
        from exporters.rdf.planner import register

        self.dataset = dataset
        register(dataset)

    @classmethod
    def from_quads(cls, quads) -> MemoryStore:
        from rdflib import Dataset

        dataset = Dataset(default_union=True)
        dataset.addN(quads)
        return cls(dataset)

    @classmethod
    def from_build(cls, data: Path) -> MemoryStore:
        from rdflib import Dataset

        path = rdf_file(data, "rdf-nquads")
        dataset = Dataset(default_union=True)
        dataset.parse(str(path), format="nquads")
        return cls(dataset)

    def query(self, query: str, name: str = "<query>", allow_service: bool = False) -> Results:
        from pyparsing import ParseException

        inspected = check(query, name, allow_service)
        forbid_loading()
        try:  # rdflib evaluates as the results are read: all of it belongs in here
            result = self.dataset.query(query)
            if result.type == "ASK":
                return Results(boolean=bool(result.askAnswer))
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                return _graph_results(result.graph.serialize(format="nt"))
            return from_json(json.loads(result.serialize(format="json")))
        except ParseException as exc:
            raise QueryError(exc.msg, file=name, line=exc.lineno, column=exc.col) from None
        except Exception as exc:  # rdflib reports unknown prefixes and the like as plain exceptions
            if rejected_by_rdflib(exc):
                raise QueryError(str(exc) or type(exc).__name__, file=name) from None
            if inspected.services and isinstance(exc, (OSError, http.client.HTTPException, ValueError)):
                raise KcError(f"SERVICE failed: {exc}", file=name) from None  # the other server's doing
            raise


class OxigraphStore:
    """The embedded pyoxigraph store kept in the build directory, opened read-only when first queried.

    Opening late lets ``kcmodel sparql`` open it in the process that runs the query (a forked child,
    :mod:`exporters.rdf.deadline`), never inheriting an open RocksDB across a fork.
    """

    name = "oxigraph"

    def __init__(self, store=None, location: Path | None = None) -> None:
        self._store = store
        self.location = location

    @property
    def store(self):
        if self._store is None:
            try:
                self._store = _pyoxigraph().Store.read_only(str(self.location))
            except OSError as exc:
                raise KcError(f"cannot open the Oxigraph store: {exc}", file=str(self.location)) from None
        return self._store

    @classmethod
    def from_quads(cls, quads) -> OxigraphStore:
        """An in-memory Oxigraph store (tests, benchmarks)."""
        import pyoxigraph

        from exporters.rdf.serialize import nquads

        store = pyoxigraph.Store()
        store.load(nquads(quads).encode("utf-8"), pyoxigraph.RdfFormat.N_QUADS)
        return cls(store)

    @classmethod
    def from_build(cls, data: Path) -> OxigraphStore:
        """The build's store, loaded first if it does not hold the build's N-Quads as they are now."""
        pyoxigraph = _pyoxigraph()
        source = rdf_file(data, "rdf-nquads")
        stamped, location = data / STAMP, data / STORE_DIR
        try:
            if not (location.is_dir() and stamp.holds(stamped, source)):
                stamped.unlink(missing_ok=True)
                loaded = stamp.measure(source)
                store = pyoxigraph.Store(str(location))
                store.clear()
                oxiload.bulk_load(store, source)  # in pieces: the load's memory has a bound
                store.flush()
                store.optimize()  # compacted once, before it is only read
                del store  # closed: the query opens it read-only
                stamp.record(stamped, loaded)
            return cls(location=location)
        except OSError as exc:
            raise KcError(f"cannot open the Oxigraph store: {exc}", file=str(location)) from None

    def query(self, query: str, name: str = "<query>", allow_service: bool = False) -> Results:
        import pyoxigraph

        inspected = check(query, name, allow_service)
        try:  # Oxigraph never loads FROM addresses; its union flag would override them, so FROM turns it off
            result = self.store.query(query, use_default_graph_as_union=not inspected.declares_dataset)
            if isinstance(result, pyoxigraph.QueryBoolean):
                return Results(boolean=bool(result))
            if isinstance(result, pyoxigraph.QueryTriples):
                return _graph_results(result.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES).decode("utf-8"))
            return _solutions(result, pyoxigraph)
        except SyntaxError as exc:
            line, column, message = _location(str(exc))
            raise QueryError(message, file=name, line=line, column=column) from None
        except OSError as exc:  # solutions are computed as they are read: a SERVICE may fail while serializing
            if inspected.services:
                raise KcError(f"SERVICE failed: {exc}", file=name) from None
            raise


def _solutions(result, pyoxigraph) -> Results:
    """A SELECT's rows read from Oxigraph's own terms, each distinct term made once. Writing them as
    SPARQL JSON to parse them back, cell by cell, took as long again as Oxigraph's answer (60 ms over
    its 56 ms for quarterly-revenue on a million facts; now 23 ms: docs/rdf.md, "Size and speed")."""
    kinds = {pyoxigraph.NamedNode: "uri", pyoxigraph.BlankNode: "bnode"}
    made: dict[object, Term] = {}

    def term(value) -> Term | None:
        if value is None:
            return None
        found = made.get(value)
        if found is None:
            found = made[value] = _term(value, kinds, pyoxigraph.Literal)
        return found

    variables = [variable.value for variable in result.variables]
    return Results(variables=variables, rows=[tuple(map(term, solution)) for solution in result])


def _term(value, kinds: dict, literal: type) -> Term:
    if type(value) is literal:
        return Term.literal(value.value, value.datatype.value, value.language)
    kind = kinds.get(type(value))
    if kind is None:  # a triple term (RDF 1.2), which no result format of kcmodel's can show
        raise KcError(f"a result of a kind kcmodel does not show: {type(value).__name__}")
    return Term(kind, value.value)


def _pyoxigraph():
    try:
        import pyoxigraph
    except ImportError:
        raise KcError("the oxigraph store needs the pyoxigraph package (pip install pyoxigraph)") from None
    return pyoxigraph


def graph_store_url(endpoint: str) -> str:
    """The Graph Store endpoint beside a query endpoint, as Oxigraph lays them out (/query -> /store)."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rsplit("/", 1)[0] + "/store" if parts.path.rstrip("/") else "/store"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class EndpointStore:
    """A SPARQL 1.1 server, spoken to over HTTP with urllib."""

    name = "endpoint"

    def __init__(self, endpoint: str, graph_store: str | None = None, timeout: float = TIMEOUT) -> None:
        scheme = urllib.parse.urlsplit(endpoint).scheme
        if scheme not in ("http", "https"):
            raise KcError(f"the endpoint must be an http(s) URL, not {endpoint!r}")
        self.endpoint = endpoint
        self.graph_store = graph_store or graph_store_url(endpoint)
        self.graphs: list[str] | None = None
        self.timeout = timeout  # bounds the connection and every read of a reply

    def _request(self, request: urllib.request.Request) -> tuple[bytes, str]:
        """The reply's body and content type; whatever goes wrong on the way is one KcError naming the URL."""
        url = request.full_url.split("?")[0]
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            raise _HttpError(exc.code, f"{request.get_method()} {url}: HTTP {exc.code}" + _detail(exc)) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise KcError(f"{url}: no answer within {self.timeout:g} s (--timeout)") from None
            raise KcError(f"cannot reach {url}: {exc.reason}") from None
        except TimeoutError:
            raise KcError(f"{url}: no answer within {self.timeout:g} s (--timeout)") from None
        except (http.client.HTTPException, OSError) as exc:
            raise KcError(f"{url}: the reply broke off ({type(exc).__name__}: {exc})") from None

    def load(self, data: Path) -> int:
        """Put every named graph of the build into the server, one ``PUT`` each, streamed from the file.

        Graphs are replaced one at a time in IRI order: if one fails, those before it are replaced and
        it and those after are as they were (a PUT replaces its graph or not, on a server that
        honours the protocol); the error names the graph and the Graph Store.
        """
        path = rdf_file(data, "rdf-nquads")
        graphs = graphstore.index(path)
        with path.open("rb") as handle:
            for iri in sorted(graphs):
                self._put(graphs[iri], handle)
        self.graphs = sorted(graphs)
        return sum(g.quads for g in graphs.values())

    def _put(self, graph: graphstore.GraphRuns, handle) -> None:
        url = f"{self.graph_store}?{urllib.parse.urlencode({'graph': graph.iri})}"
        request = urllib.request.Request(url, data=graphstore.ntriples(handle, graph), method="PUT", headers={
            "Content-Type": "application/n-triples", "Content-Length": str(graph.size)})
        try:
            self._request(request)
        except KcError as exc:
            raise KcError(f"graph {graph.iri} was not loaded into {self.graph_store} ({exc}); the graphs before it "
                          "are replaced, it and those after are as they were") from None

    def _kcmodel_graphs(self) -> list[str]:
        if self.graphs is None:
            found = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", [])
            self.graphs = sorted(row[0].value for row in found.rows if row[0] is not None and row[0].value.startswith(GRAPH_BASE))
        return self.graphs

    def _select(self, query: str, graphs: list[str], name: str = "<query>") -> Results:
        params = [("query", query)]
        params += [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]
        request = urllib.request.Request(
            self.endpoint, data=urllib.parse.urlencode(params).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
        try:
            body, content_type = self._request(request)
        except _HttpError as exc:
            if exc.status == 400:
                line, column, message = _location(str(exc))
                raise QueryError(f"the server rejects the query: {message}", file=name, line=line, column=column) from None
            raise KcError(str(exc)) from None
        kind = content_type.split(";")[0].strip().lower()
        try:
            if kind in ("application/n-triples", "text/turtle"):
                return _graph_results(_as_ntriples(body, kind))
            if kind in ("application/sparql-results+json", "application/json"):
                return from_json(json.loads(body))
        except Exception as exc:  # noqa: BLE001 - any reply the parsers choke on is the server's fault
            if isinstance(exc, ValueError) or rejected_by_rdflib(exc):
                raise KcError(f"{self.endpoint} answered malformed {kind}: {str(exc)[:200]}") from None
            raise
        raise KcError(f"{self.endpoint} answered {kind or 'no content type'}, not SPARQL JSON results or N-Triples")

    def query(self, query: str, name: str = "<query>", allow_service: bool = False) -> Results:
        inspected = check(query, name, allow_service)
        graphs = [] if inspected.declares_dataset else self._kcmodel_graphs()
        return self._select(query, graphs, name)


class _HttpError(KcError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _detail(error: urllib.error.HTTPError) -> str:
    """': ' and the first line of an HTTP error's body, if it can be read."""
    try:
        lines = error.read().decode("utf-8", "replace").strip().splitlines()
    except (OSError, http.client.HTTPException):
        return ""
    return f": {lines[0][:300]}" if lines else ""


def _as_ntriples(body: bytes, kind: str) -> str:
    text = body.decode("utf-8")
    if kind == "application/n-triples":
        return text
    from rdflib import Graph

    return Graph().parse(data=text, format="turtle").serialize(format="nt")
