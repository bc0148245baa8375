"""A real SPARQL 1.1 server: Oxigraph (PyPI ``oxigraph``, ``oxigraph serve``) on a loopback port.

``kcmodel sparql --data DIR --endpoint URL`` puts every named graph of the build into the server
(Graph Store HTTP Protocol) and queries it (SPARQL 1.1 Protocol); every example query must give the
same results there as in memory. The server binds 127.0.0.1 only, every wait is bounded, and the
server is stopped whatever happens.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph

from exporters.rdf.sparql import from_json
from exporters.rdf.stores import EndpointStore, MemoryStore
from kcmodel.errors import KcError
from tests.conftest import require
from tests.test_rdf import QUERIES, ROOT

START_TIMEOUT = 30  # seconds for the server to answer
STOP_TIMEOUT = 10


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    binary = oxigraph_binary()
    require("the oxigraph server (pip install oxigraph)", binary is not None)
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve exited with {process.returncode}: {process.stderr.read().decode()[:500]}")
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve did not answer on {base} within {START_TIMEOUT} s")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)
        process.stderr.close()


@pytest.fixture(scope="module")
def build(examples_build):
    """The bundled examples' build (conftest): a store serves any build alike."""
    return examples_build


def kcmodel(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kcmodel.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          check=False, timeout=300)


def test_the_dataset_is_pushed_with_the_graph_store_protocol_and_every_example_query_agrees(server, build):
    endpoint = f"{server}/query"
    memory = MemoryStore.from_quads(build.quads)
    first = QUERIES / "facts-per-report.rq"
    done = kcmodel("sparql", str(first), "--data", str(build.out), "--endpoint", endpoint, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert from_json(json.loads(done.stdout)).rows == memory.query(first.read_text(encoding="utf-8")).rows
    assert EndpointStore(endpoint).load(build.out) == len(build.quads)  # loading again replaces: nothing doubles
    store = EndpointStore(endpoint)  # no --data: it finds kcmodel's graphs on the server
    count = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert count.records() == [{"n": len(build.quads)}]
    for path in sorted(QUERIES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        there, here = store.query(text, str(path)), memory.query(text, str(path))
        assert there.variables == here.variables, path.name
        assert there.rows == here.rows, path.name


def test_the_command_queries_a_loaded_server_and_reports_rejected_queries(server, build, tmp_path):
    endpoint = f"{server}/query"
    EndpointStore(endpoint).load(build.out)
    done = kcmodel("sparql", str(QUERIES / "quarterly-revenue.rq"), "--endpoint", endpoint, "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:3] == ["2023-07-01,2023-09-30,1625208000,false",  # 003:222
                                             "2023-10-01,2023-12-31,1722450000,true"]  # 000:203 − 003:222
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s WHERE {\n  ?s ?p\n}\n", encoding="utf-8")
    done = kcmodel("sparql", str(bad), "--endpoint", endpoint)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert re.match(rf"kcmodel: {re.escape(str(bad))}:\d+:\d+: \S", done.stderr), done.stderr
    done = kcmodel("sparql", "ASK {}", "--endpoint", "http://127.0.0.1:9/query")
    assert done.returncode == 2 and done.stderr.startswith("kcmodel: cannot reach http://127.0.0.1:9/query")


@contextmanager
def graph_store_proxy(server: str, fail_on: int | None = None):
    """A loopback Graph Store in front of the server: it records each PUT (graph, headers, body) and
    forwards it, except the ``fail_on``-th, which it answers with HTTP 500 without forwarding."""
    puts: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802 - the http.server API
            body = self.rfile.read(int(self.headers["Content-Length"]))
            graph = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0]
            puts.append({"graph": graph, "body": body, "chunked": "Transfer-Encoding" in self.headers})
            if len(puts) == fail_on:
                self.send_response(500)
                self.end_headers()
                self.wfile.write(b"disk full\n")
                return
            forwarded = urllib.request.Request(f"{server}/store?{urllib.parse.urlsplit(self.path).query}", data=body,
                                               method="PUT", headers={"Content-Type": self.headers["Content-Type"]})
            with urllib.request.urlopen(forwarded, timeout=30) as reply:
                self.send_response(reply.status)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{proxy.server_address[1]}", puts
    finally:
        proxy.shutdown()
        proxy.server_close()
        thread.join(timeout=STOP_TIMEOUT)


def graph_triples(server: str, graph: str) -> set[tuple[str, ...]]:
    found = EndpointStore(f"{server}/query").query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return {tuple(str(term.value) for term in row) for row in found.rows}


def graph_size(server: str, graph: str) -> int:
    found = EndpointStore(f"{server}/query").query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return found.records()[0]["n"]


def build_triples(build, graph: str) -> set:
    return {(s, p, o) for s, p, o, g in build.quads if str(g) == graph}


def test_each_graph_is_one_put_in_iri_order_with_a_length_and_exactly_its_triples(server, build):
    with graph_store_proxy(server) as (proxy, puts):
        EndpointStore(f"{proxy}/query").load(build.out)
    graphs = sorted({str(g) for *_, g in build.quads})
    assert [p["graph"] for p in puts] == graphs
    assert not any(p["chunked"] for p in puts)
    for put in puts:
        sent = set(Graph().parse(data=put["body"].decode("utf-8"), format="nt"))
        assert sent == build_triples(build, put["graph"]), put["graph"]
        assert graph_size(server, put["graph"]) == len(sent), put["graph"]


def test_a_server_failing_midway_names_the_graph_and_leaves_the_rest_as_it_was(server, build):
    graphs = sorted({str(g) for *_, g in build.quads})
    old = "<urn:kcmodel-test:old> <urn:kcmodel-test:p> \"before\" .\n".encode("utf-8")
    for graph in graphs:  # every graph holds one old triple
        request = urllib.request.Request(f"{server}/store?{urllib.parse.urlencode({'graph': graph})}", data=old,
                                         method="PUT", headers={"Content-Type": "application/n-triples"})
        urllib.request.urlopen(request, timeout=30).close()
    with graph_store_proxy(server, fail_on=2) as (proxy, puts):
        with pytest.raises(KcError) as caught:
            EndpointStore(f"{proxy}/query").load(build.out)
    assert str(caught.value) == (
        f"graph {graphs[1]} was not loaded into {proxy}/store (PUT {proxy}/store: HTTP 500: disk full); "
        "the graphs before it are replaced, it and those after are as they were")
    assert len(puts) == 2  # nothing is sent after the failure
    assert graph_size(server, graphs[0]) == len(build_triples(build, graphs[0]))  # replaced: no old triple
    before = {("urn:kcmodel-test:old", "urn:kcmodel-test:p", "before")}
    assert all(graph_triples(server, graph) == before for graph in graphs[1:])
    EndpointStore(f"{server}/query").load(build.out)  # the other tests' data back
