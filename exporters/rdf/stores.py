"""Where ``kcmodel sparql`` runs a query: rdflib in process, an embedded Oxigraph store, or a server.

- :class:`MemoryStore`: rdflib, the dataset parsed into memory (the default; fine for a few reports).
- :class:`OxigraphStore`: ``pyoxigraph`` on disk, kept in the build directory (``DIR/oxigraph``) and
  reloaded only when the build's N-Quads change.
- :class:`EndpointStore`: any SPARQL 1.1 server. The dataset is put with the Graph Store HTTP
  Protocol (one ``PUT ?graph=`` per named graph, so a reload replaces, never duplicates) and queried
  with the SPARQL 1.1 Protocol, naming kcmodel's graphs as ``default-graph-uri`` and
  ``named-graph-uri``: the default graph is their merge on every server, without server settings.

On each store the default graph is the union of kcmodel's named graphs, so the example queries
need no ``GRAPH`` clause; ``GRAPH ?g`` still reaches each graph.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

from exporters.rdf.sparql import QueryError, Results, from_json
from exporters.rdf.vocabulary import GRAPH_BASE
from kcmodel.errors import KcError

MANIFEST = "manifest.json"
STORE_DIR = Path("oxigraph")  # the embedded store, beside the build's outputs (not one of them)
STAMP = Path("oxigraph.loaded")  # the SHA-256 of the N-Quads the store holds
TIMEOUT = 300  # seconds, for one HTTP request


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


def _rejected(exc: Exception) -> bool:
    """rdflib's way of rejecting a query: a plain Exception, or one of its own (not a bug elsewhere)."""
    return type(exc) is Exception or type(exc).__module__.startswith(("rdflib.", "pyparsing"))


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

    def query(self, query: str, name: str = "<query>") -> Results:
        from pyparsing import ParseException

        try:
            result = self.dataset.query(query)
        except ParseException as exc:
            raise QueryError(exc.msg, file=name, line=exc.lineno, column=exc.col) from None
        except Exception as exc:  # rdflib reports unknown prefixes and the like as plain exceptions
            if _rejected(exc):
                raise QueryError(str(exc) or type(exc).__name__, file=name) from None
            raise
        if result.type == "ASK":
            return Results(boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return _graph_results(result.graph.serialize(format="nt"))
        return from_json(json.loads(result.serialize(format="json")))


class OxigraphStore:
    """The embedded pyoxigraph store kept in the build directory."""

    name = "oxigraph"

    def __init__(self, store) -> None:
        self.store = store

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
        pyoxigraph = _pyoxigraph()
        source = rdf_file(data, "rdf-nquads")
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        stamp, location = data / STAMP, data / STORE_DIR
        current = stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == digest and location.is_dir()
        try:
            if current:
                return cls(pyoxigraph.Store.read_only(str(location)))
            if stamp.exists():
                stamp.unlink()
            store = pyoxigraph.Store(str(location))
            store.clear()
            store.bulk_load(path=str(source), format=pyoxigraph.RdfFormat.N_QUADS)
            store.flush()
            stamp.write_text(digest + "\n", encoding="utf-8")
            return cls(store)
        except OSError as exc:
            raise KcError(f"cannot open the Oxigraph store: {exc}", file=str(location)) from None

    def query(self, query: str, name: str = "<query>") -> Results:
        import pyoxigraph

        try:
            result = self.store.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            line, column, message = _location(str(exc))
            raise QueryError(message, file=name, line=line, column=column) from None
        if isinstance(result, pyoxigraph.QueryBoolean):
            return Results(boolean=bool(result))
        if isinstance(result, pyoxigraph.QueryTriples):
            return _graph_results(result.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES).decode("utf-8"))
        return from_json(json.loads(result.serialize(format=pyoxigraph.QueryResultsFormat.JSON)))


def _pyoxigraph():
    try:
        import pyoxigraph
    except ImportError:
        raise KcError("the oxigraph store needs the pyoxigraph package (pip install pyoxigraph)") from None
    return pyoxigraph


def check_syntax(query: str, name: str, parser: str = "oxigraph") -> None:
    """Parse the query without running it; a rejected query is a QueryError with line and column.

    ``parser`` is the store's own: "rdflib" for the memory store, "oxigraph" otherwise (rdflib's when
    pyoxigraph is not installed). Run before loading any data, so a typo is reported at once.
    """
    if parser == "oxigraph":
        try:
            import pyoxigraph
        except ImportError:
            parser = "rdflib"
    if parser == "rdflib":
        from pyparsing import ParseException
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepareQuery(query)
        except ParseException as exc:
            raise QueryError(exc.msg, file=name, line=exc.lineno, column=exc.col) from None
        except Exception as exc:  # unknown prefixes and the like
            if _rejected(exc):
                raise QueryError(str(exc) or type(exc).__name__, file=name) from None
            raise
        return
    try:
        pyoxigraph.Store().query(query)
    except SyntaxError as exc:
        line, column, message = _location(str(exc))
        raise QueryError(message, file=name, line=line, column=column) from None


def graph_store_url(endpoint: str) -> str:
    """The Graph Store endpoint beside a query endpoint, as Oxigraph lays them out (/query -> /store)."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rsplit("/", 1)[0] + "/store" if parts.path.rstrip("/") else "/store"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class EndpointStore:
    """A SPARQL 1.1 server, spoken to over HTTP with urllib."""

    name = "endpoint"

    def __init__(self, endpoint: str, graph_store: str | None = None) -> None:
        scheme = urllib.parse.urlsplit(endpoint).scheme
        if scheme not in ("http", "https"):
            raise KcError(f"the endpoint must be an http(s) URL, not {endpoint!r}")
        self.endpoint = endpoint
        self.graph_store = graph_store or graph_store_url(endpoint)
        self.graphs: list[str] | None = None

    def _request(self, request: urllib.request.Request) -> tuple[bytes, str]:
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            raise _HttpError(exc.code, f"{request.get_method()} {request.full_url.split('?')[0]}: HTTP {exc.code}"
                             + (f": {detail[0][:300]}" if detail else "")) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise KcError(f"cannot reach {request.full_url.split('?')[0]}: {reason}") from None

    def load(self, data: Path) -> int:
        """Put every named graph of the build into the server (replacing graphs of the same name)."""
        by_graph: dict[str, list[str]] = defaultdict(list)
        with rdf_file(data, "rdf-nquads").open(encoding="utf-8") as handle:
            for line in handle:
                head, _, graph = line.rstrip().rstrip(".").rstrip().rpartition(" ")
                by_graph[graph.strip("<>")].append(head + " .\n")
        for graph, lines in sorted(by_graph.items()):
            url = f"{self.graph_store}?{urllib.parse.urlencode({'graph': graph})}"
            body = "".join(lines).encode("utf-8")
            request = urllib.request.Request(url, data=body, method="PUT",
                                             headers={"Content-Type": "application/n-triples"})
            try:
                self._request(request)
            except _HttpError as exc:
                raise KcError(f"the Graph Store refused graph {graph}: {exc}") from None
        self.graphs = sorted(by_graph)
        return sum(len(v) for v in by_graph.values())

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
        if "n-triples" in content_type or "turtle" in content_type:
            return _graph_results(_as_ntriples(body, content_type))
        try:
            return from_json(json.loads(body))
        except ValueError:
            raise KcError(f"{self.endpoint} answered {content_type or 'no content type'}, not SPARQL JSON results") from None

    def query(self, query: str, name: str = "<query>") -> Results:
        from exporters.rdf.sparql import declares_dataset

        check_syntax(query, name)
        graphs = [] if declares_dataset(query) else self._kcmodel_graphs()
        return self._select(query, graphs, name)


class _HttpError(KcError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _as_ntriples(body: bytes, content_type: str) -> str:
    text = body.decode("utf-8")
    if "n-triples" in content_type:
        return text
    from rdflib import Graph

    return Graph().parse(data=text, format="turtle").serialize(format="nt")
