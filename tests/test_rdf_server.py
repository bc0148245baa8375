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
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from exporters.rdf.sparql import from_json
from exporters.rdf.stores import EndpointStore, MemoryStore
from tests.conftest import require
from tests.test_rdf import QUERIES, ROOT, seed_build

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
def build(seeds, tmp_path_factory):
    return seed_build(seeds, tmp_path_factory)


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
