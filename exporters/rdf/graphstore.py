"""A build's N-Quads as one N-Triples body per named graph, read from the file as it is sent.

The Graph Store HTTP Protocol puts one graph per request (``PUT ?graph=``), so the quads must be
grouped by graph; a million facts are gigabytes of N-Quads, so neither the file nor a graph may be
held in memory. kcmodel writes its N-Quads sorted by line, i.e. by subject, and a report's subjects
share its IRI prefix: each graph's lines lie in a few long runs of the file. One pass finds the runs
(byte ranges) and each graph's N-Triples size; a graph's body is then read run by run, in chunks,
while it is sent, with a Content-Length (servers need not accept chunked uploads).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kcmodel.errors import KcError

CHUNK = 1 << 20  # bytes read at a time: what a body holds in memory


@dataclass
class GraphRuns:
    """Where one named graph's lines are in the N-Quads file, and how big its N-Triples are."""

    term: bytes  # the graph as written, b"<iri>"
    runs: list[tuple[int, int]] = field(default_factory=list)  # [start, end) byte offsets
    size: int = 0  # bytes of N-Triples: each line without " <graph>"
    quads: int = 0

    @property
    def iri(self) -> str:
        return self.term[1:-1].decode("utf-8")


def index(path: Path) -> dict[str, GraphRuns]:
    """Every named graph of an N-Quads file with its runs, in one streamed pass."""
    graphs: dict[bytes, GraphRuns] = {}
    offset, current = 0, None
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            term = _graph_term(line, path, number)
            if current is None or current.term != term:
                current = graphs.get(term) or graphs.setdefault(term, GraphRuns(term))
                current.runs.append((offset, offset))
            offset += len(line)
            current.runs[-1] = (current.runs[-1][0], offset)
            current.size += len(line) - len(term) - 1
            current.quads += 1
    return {g.iri: g for g in graphs.values()}


def _graph_term(line: bytes, path: Path, number: int) -> bytes:
    """The graph of an N-Quads line ``s p o <g> .``: kcmodel writes no triple outside a named graph."""
    if not line.endswith(b" .\n"):
        raise KcError("not an N-Quads line ending in ' .' and a line feed", file=f"{path}:{number}")
    rest, _, term = line[:-3].rpartition(b" ")
    # subject and predicate hold no space: "s p o" has two, a triple's "s p" only one
    if not (term.startswith(b"<") and term.endswith(b">")) or rest.find(b" ", rest.find(b" ") + 1) < 1:
        raise KcError("a quad outside a named graph: kcmodel's N-Quads put every triple in one", file=f"{path}:{number}")
    return term


def ntriples(handle: BinaryIO, graph: GraphRuns, chunk: int = CHUNK) -> Iterator[bytes]:
    """The graph's N-Triples, about ``chunk`` bytes at a time (whole lines), read from its runs."""
    suffix, end = b" " + graph.term + b" .\n", b" .\n"
    for start, stop in graph.runs:
        handle.seek(start)
        left, carry = stop - start, b""
        while left:
            block = handle.read(min(chunk, left))
            if not block:
                raise KcError("the N-Quads file changed while it was being sent", file=handle.name)
            left -= len(block)
            block = carry + block
            if left:  # keep a partial last line for the next block
                cut = block.rfind(b"\n") + 1
                block, carry = block[:cut], block[cut:]
            if block:
                yield block.replace(suffix, end)
