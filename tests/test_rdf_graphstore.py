"""A build's N-Quads split into one N-Triples body per named graph, streamed from the file
(exporters/rdf/graphstore.py): what ``EndpointStore.load`` sends, one PUT per graph."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph

from exporters.rdf import graphstore
from exporters.rdf.stores import rdf_file
from kcmodel.errors import KcError
from tests.test_rdf import REPORTS


@pytest.fixture(scope="module")
def build(examples_build):
    """The bundled examples' build (conftest): the split depends on the file, not on what it says."""
    return examples_build


@pytest.fixture(scope="module")
def nquads(build):
    return rdf_file(build.out)


def test_the_index_names_every_graph_with_its_quads_and_the_runs_cover_the_file_once(build, nquads):
    graphs = graphstore.index(nquads)
    expected = Counter(str(g) for *_, g in build.quads)
    assert {iri: g.quads for iri, g in graphs.items()} == dict(expected)
    assert sorted(iri.rsplit("/", 1)[1] for iri in graphs) == sorted([*REPORTS, "dataset", "taxonomy"])
    runs = sorted(run for g in graphs.values() for run in g.runs)
    assert runs[0][0] == 0 and runs[-1][1] == nquads.stat().st_size
    assert all(a[1] == b[0] for a, b in zip(runs, runs[1:]))  # adjacent, never overlapping


def test_a_graph_lies_in_one_run_per_stretch_of_its_lines_not_one_per_line(nquads):
    # N-Quads: "<s> <p> <o> <g> ." - the graph is the line's last term; a run is a stretch of lines of one graph
    graph_of_line = [line.rsplit(b" ", 2)[-2] for line in nquads.read_bytes().splitlines()]
    stretches = 1 + sum(a != b for a, b in zip(graph_of_line, graph_of_line[1:]))
    assert sum(len(g.runs) for g in graphstore.index(nquads).values()) == stretches < 50  # a graph is read in a few seeks


@pytest.mark.slow  # every graph parsed again, twice
@pytest.mark.parametrize("chunk", [4096, graphstore.CHUNK])
def test_each_graph_is_sent_as_exactly_its_triples_in_whole_lines_a_chunk_at_a_time(build, nquads, chunk):
    graphs = graphstore.index(nquads)
    longest = max(len(line) for line in nquads.read_bytes().splitlines(keepends=True))
    with nquads.open("rb") as handle:
        for iri, graph in graphs.items():
            blocks = list(graphstore.ntriples(handle, graph, chunk))
            body = b"".join(blocks)
            assert max(len(b) for b in blocks) < chunk + longest
            assert all(b.endswith(b" .\n") for b in blocks)
            assert len(body) == graph.size
            triples = set(Graph().parse(data=body.decode("utf-8"), format="nt"))
            assert triples == {(s, p, o) for s, p, o, g in build.quads if str(g) == iri}, iri


def test_a_triple_outside_a_named_graph_is_refused_with_its_line(tmp_path):
    path = tmp_path / "mixed.nq"
    path.write_text("<urn:s> <urn:p> <urn:o> <urn:g> .\n<urn:s> <urn:p> <urn:o> .\n", encoding="utf-8")
    with pytest.raises(KcError) as caught:
        graphstore.index(path)
    assert str(caught.value) == f"{path}:2: a quad outside a named graph: kcmodel's N-Quads put every triple in one"
