"""The RDF outputs of a build: Turtle per named graph, and the whole dataset as TriG, N-Quads and JSON-LD.

``rdf/<report id>.ttl`` (one per report), ``rdf/taxonomy.ttl``, ``rdf/dataset.ttl``, and
``rdf/kcmodel.trig``, ``rdf/kcmodel.nq``, ``rdf/kcmodel.jsonld`` with its ``rdf/context.jsonld``.
Manifest kinds: ``rdf-turtle``, ``rdf-trig``, ``rdf-nquads``, ``rdf-jsonld``, ``rdf-jsonld-context``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from exporters.outfolder import write_file
from exporters.rdf.graph import DatasetQuads
from exporters.rdf.serialize import CONTEXT_FILE, jsonld, jsonld_context, nquads, statements, trig, turtle
from exporters.rdf.vocabulary import DATASET_GRAPH, TAXONOMY_GRAPH, report_graph
from kcmodel.findings import Finding
from kcmodel.report import Dataset

RDF_DIR = "rdf"
NQUADS = "kcmodel.nq"
TRIG = "kcmodel.trig"
JSONLD = "kcmodel.jsonld"
KINDS = {"rdf-turtle", "rdf-trig", "rdf-nquads", "rdf-jsonld", "rdf-jsonld-context"}

_NOTE = ("kcmodel RDF (vocabulary: https://kcmodel.org/vocab#, see docs/rdf.md). Periods are inclusive xsd:dates.\n"
         "Named graph: {graph}")


def write_rdf(dataset: Dataset, findings: Sequence[Finding], out: Path) -> list:
    """Write the dataset's RDF under ``out/rdf`` and return the artifacts for the manifest."""
    from exporters.artifacts import Artifact  # late: artifacts lists this writer

    built = DatasetQuads(dataset, findings)
    quads = built.quads
    folder = out / RDF_DIR
    folder.mkdir(parents=True, exist_ok=True)
    by_graph = defaultdict(list)
    for quad in quads:
        by_graph[quad[3]].append(quad)

    artifacts = []

    def put(name: str, text: str, kind: str, report: str | None = None, source: str | None = None) -> None:
        write_file(folder / name, text)
        artifacts.append(Artifact(f"{RDF_DIR}/{name}", kind, report, source))

    blocks = {graph: statements(triples) for graph, triples in by_graph.items()}  # Turtle and TriG share them
    put("taxonomy.ttl", turtle((), _NOTE.format(graph=TAXONOMY_GRAPH), blocks[TAXONOMY_GRAPH]), "rdf-turtle")
    put("dataset.ttl", turtle((), _NOTE.format(graph=DATASET_GRAPH), blocks[DATASET_GRAPH]), "rdf-turtle")
    for report in built.reports:
        rid = built.ids[id(report)]
        graph = report_graph(rid)
        put(f"{rid}.ttl", turtle((), _NOTE.format(graph=graph), blocks[graph]), "rdf-turtle", rid, report.document.source)
    put(TRIG, trig(quads, _NOTE.format(graph="one block per named graph"), blocks), "rdf-trig")
    put(NQUADS, nquads(quads), "rdf-nquads")
    put(JSONLD, jsonld(quads), "rdf-jsonld")
    put(CONTEXT_FILE, json.dumps(jsonld_context(), indent=2) + "\n", "rdf-jsonld-context")
    return artifacts
