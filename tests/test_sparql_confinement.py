"""``kcmodel sparql`` keeps to the data: nothing leaks out of the machine, nothing is read from it
beyond the build, and no query runs unbounded.

- FROM / FROM NAMED select graphs of the store; an address is never loaded (a secret file stays unread).
- SERVICE is refused (one line, exit 2) unless ``--allow-service``; a loopback listener proves that
  nothing was sent, also when the query is only checked.
- ``--timeout`` ends a query, a SERVICE call and a wait for ``--endpoint``; Ctrl-C ends it too (130).
- An endpoint's broken reply is one line naming it, exit 2, never a traceback.

Every server here is a thread on 127.0.0.1, port 0, stopped when its test ends.
"""

from __future__ import annotations

import http.server
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from exporters.rdf.confine import check
from exporters.rdf.terms import GRAPH_BASE
from tests.conftest import require
from tests.test_rdf import ROOT
from tests.test_rdf_queries import _stores


@pytest.fixture(scope="module")
def build(examples_build):
    """The bundled examples' build (conftest): confinement depends on the query, not on the data."""
    return examples_build


@pytest.fixture(scope="module")
def stores(build):
    return _stores(build)

WAIT = 120  # seconds: the longest any command here may take before the test fails instead of hanging
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 56,404³ rows: never ends
SECRET = '<https://attacker.example/s> <https://attacker.example/p> "the secret" .\n'


def kcmodel(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kcmodel.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          check=False, timeout=WAIT)


def refusal(name: str, line: int, service: str) -> str:
    return (f"kcmodel: {name}:{line}: SERVICE <{service}> would send the query to another server; "
            "kcmodel sparql keeps to the data unless run with --allow-service\n")


@pytest.fixture(scope="module")
def store_args(build) -> dict[str, list[str]]:
    return {"memory": ["--data", str(build.out)], "oxigraph": ["--data", str(build.out), "--store", "oxigraph"]}


class Listener:
    """A TCP port on loopback that counts connections and never answers them (or hangs up at once)."""

    def __init__(self, hang_up: bool = False) -> None:
        self.hang_up = hang_up
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.socket.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"
        self.connections: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                self.connections.append(self.socket.accept()[0])
            except OSError:
                continue
            if self.hang_up:
                self.connections[-1].close()

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        for connection in self.connections:
            connection.close()
        self.socket.close()


@pytest.fixture
def listener():
    made = Listener()
    yield made
    made.close()


@pytest.fixture
def secret_file(tmp_path) -> str:
    path = tmp_path / "secret.ttl"
    path.write_text(SECRET, encoding="utf-8")
    return path.as_uri()


# -- FROM and FROM NAMED select, never load -------------------------------------------------------

@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_from_a_file_address_selects_an_empty_graph_and_the_file_is_not_read(stores, secret_file, store):
    found = stores[store].query(f"SELECT ?s ?o FROM <{secret_file}> WHERE {{ ?s ?p ?o }}")
    assert found.rows == []


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_from_named_a_file_address_selects_no_graph_and_the_file_is_not_read(stores, secret_file, store):
    found = stores[store].query(f"SELECT ?g ?o FROM NAMED <{secret_file}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert found.rows == []


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_from_a_graph_of_the_store_selects_that_graph_alone(stores, build, store):
    taxonomy = GRAPH_BASE + "taxonomy"
    found = stores[store].query(f"SELECT (COUNT(*) AS ?n) FROM <{taxonomy}> WHERE {{ ?s ?p ?o }}")
    assert found.records() == [{"n": sum(1 for q in build.quads if str(q[3]) == taxonomy)}]


def test_the_command_does_not_read_a_file_named_by_from(store_args, secret_file):
    done = kcmodel("sparql", f"SELECT ?o FROM <{secret_file}> WHERE {{ ?s ?p ?o }}", *store_args["memory"],
                   "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "o\n"  # the header alone: no row


# -- SERVICE is refused unless allowed ------------------------------------------------------------

def test_service_is_found_in_the_parsed_query_not_in_its_text():
    quiet = ('PREFIX ex: <https://example.org/SERVICE#>\n# SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }\n'
             'SELECT * WHERE { ?s ex:SERVICE "SERVICE <http://127.0.0.1:9/sparql> {}" }\n')
    assert check(quiet).services == ()
    nested = "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SELECT * { service silent ?where { ?a ?b ?c } } } }"
    assert check(nested, allow_service=True).services == ("?where",)


@pytest.fixture
def service_query(tmp_path, listener) -> Path:
    query = tmp_path / "service.rq"
    query.write_text(f"# asks another server (SERVICE)\nSELECT * WHERE {{\n  SERVICE <{listener.url}> {{ ?s ?p ?o }}\n}}\n",
                     encoding="utf-8")
    return query


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_service_is_refused_in_one_line_and_nothing_is_sent(store_args, service_query, listener, store):
    done = kcmodel("sparql", str(service_query), *store_args[store])
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == refusal(str(service_query), 3, listener.url)
    assert listener.connections == []


def test_service_is_refused_before_an_endpoint_is_asked(service_query, listener):
    endpoint = Listener()
    try:
        done = kcmodel("sparql", str(service_query), "--endpoint", endpoint.url)
        assert endpoint.connections == []
    finally:
        endpoint.close()
    assert (done.returncode, done.stderr) == (2, refusal(str(service_query), 3, listener.url))
    assert listener.connections == []


def test_checking_an_allowed_service_query_sends_nothing(service_query, listener, replies):
    # before it goes to the endpoint the query is checked; the check parses it and never runs it
    done = kcmodel("sparql", str(service_query), "--allow-service", "--endpoint", f"{replies}/empty", "--format", "csv")
    assert (done.returncode, done.stdout, done.stderr) == (0, "s,p,o\n", "")
    assert listener.connections == []


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_an_allowed_service_that_never_answers_ends_after_the_timeout(store_args, service_query, listener, store):
    done = kcmodel("sparql", str(service_query), *store_args[store], "--allow-service", "--timeout", "2")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"kcmodel: {service_query}: no answer within 2 s (--timeout)\n"
    assert len(listener.connections) == 1  # allowed, it did go out


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_an_allowed_service_that_hangs_up_is_one_line_and_exit_2(store_args, tmp_path, store):
    server = Listener(hang_up=True)
    query = tmp_path / "service.rq"
    query.write_text(f"SELECT * WHERE {{ SERVICE <{server.url}> {{ ?s ?p ?o }} }}\n", encoding="utf-8")
    try:
        done = kcmodel("sparql", str(query), *store_args[store], "--allow-service", "--timeout", "10")
    finally:
        server.close()
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"kcmodel: {query}: SERVICE failed: ") and done.stderr.count("\n") == 1


# -- time limits and Ctrl-C -----------------------------------------------------------------------

def test_a_cross_join_over_the_bundled_examples_ends_after_the_timeout():
    done = kcmodel("sparql", CROSS_JOIN, "--timeout", "1")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "kcmodel: <query>: no answer within 1 s (--timeout)\n"


def test_a_cross_join_on_oxigraph_ends_after_the_timeout(store_args):
    done = kcmodel("sparql", CROSS_JOIN, *store_args["oxigraph"], "--timeout", "1")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "kcmodel: <query>: no answer within 1 s (--timeout)\n"


def children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_ctrl_c_stops_a_running_query_in_one_line_with_exit_130(store_args, store):
    require("Linux's /proc (it finds the query's process there)", Path("/proc/self/task").is_dir())
    command = subprocess.Popen([sys.executable, "-m", "kcmodel.cli", "sparql", CROSS_JOIN, *store_args[store]],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               # Ctrl-C as at a terminal, even where the tests run with it ignored (a background job)
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + WAIT
        while not children(command.pid):  # the query runs in a child process once the store is loaded
            assert command.poll() is None and time.monotonic() < deadline, command.stderr.read()
            time.sleep(0.05)
        query = children(command.pid)[0]
        time.sleep(0.5)
        command.send_signal(signal.SIGINT)
        out, err = command.communicate(timeout=WAIT)
    finally:
        if command.poll() is None:
            command.kill()
            command.communicate()
    assert (command.returncode, out, err) == (130, "", "kcmodel: interrupted\n")
    assert not Path(f"/proc/{query}").exists()  # the query process was stopped too


# -- an endpoint's broken replies -----------------------------------------------------------------

class _Replies(http.server.BaseHTTPRequestHandler):
    """One broken reply per path (and /empty, a correct empty result)."""

    hold = threading.Event()  # /silent waits on it until the server stops

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        path = self.path.split("?")[0]
        if path == "/silent":
            self.hold.wait(WAIT)
            return
        if path == "/500":
            self._reply(500, "text/plain", b"the store is on fire\n")
        elif path == "/truncated":
            self._reply(200, "application/sparql-results+json", b'{"head": {"vars": ["s"]}, "results": {"bindi')
        elif path == "/shape":
            self._reply(200, "application/sparql-results+json", b'["s", "p", "o"]')
        elif path == "/html":
            self._reply(200, "text/html", b"<html><body>Welcome</body></html>")
        elif path == "/cut":  # promises more than it sends, then hangs up
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"head": {"vars"')
        else:
            self._reply(200, "application/sparql-results+json",
                        b'{"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": []}}')

    def _reply(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def replies():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Replies)
    server.daemon_threads = True
    _Replies.hold.clear()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Replies.hold.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(("path", "expected"), [
    ("/truncated", "{url} answered malformed application/sparql-results+json: Unterminated string starting at"),
    ("/shape", "{url} answered malformed application/sparql-results+json: not a JSON object\n"),
    ("/html", "{url} answered text/html, not SPARQL JSON results or N-Triples\n"),
    ("/500", "POST {url}: HTTP 500: the store is on fire\n"),
    ("/cut", "{url}: the reply broke off (IncompleteRead: "),
    ("/silent", "{url}: no answer within 2 s (--timeout)\n"),
])
def test_a_broken_endpoint_reply_is_one_line_naming_the_endpoint_and_exit_2(replies, path, expected):
    url = replies + path
    done = kcmodel("sparql", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", url, "--timeout", "2")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("kcmodel: " + expected.format(url=url)), done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_an_endpoint_that_refuses_the_connection_is_one_line_and_exit_2():
    url = f"http://127.0.0.1:{closed_port()}/query"
    done = kcmodel("sparql", "ASK {}", "--endpoint", url, "--timeout", "2")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"kcmodel: cannot reach {url}: ") and done.stderr.count("\n") == 1


def test_a_query_checked_twice_in_a_process_is_parsed_once(monkeypatch):
    """The command checks a query before loading, and the store again before running it."""
    import rdflib.plugins.sparql.parser as parser

    parsed = []
    real = parser.parseQuery
    monkeypatch.setattr(parser, "parseQuery", lambda text: parsed.append(text) or real(text))
    query = f"SELECT ?s WHERE {{ ?s ?p {time.time_ns()} }}"  # a text no other test has checked
    assert check(query) == check(query, "again.rq")
    assert parsed == [query]


def test_the_parent_works_meanwhile_while_the_child_runs_the_query(tmp_path):
    """What the answer needs is prepared during the query, not after it: here the child waits for it."""
    from exporters.rdf.deadline import run_within

    marker = tmp_path / "prepared"

    def query() -> str:
        while not marker.exists():
            time.sleep(0.01)
        return "answered"

    assert run_within(30, query, "<query>", meanwhile=marker.touch) == "answered"
