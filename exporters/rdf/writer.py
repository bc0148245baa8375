"""The RDF outputs of a build: Turtle per named graph, and the whole dataset as TriG, N-Quads and JSON-LD.

``rdf/<report id>.ttl`` (one per report), ``rdf/taxonomy.ttl``, ``rdf/dataset.ttl``, and
``rdf/kcmodel.trig``, ``rdf/kcmodel.nq``, ``rdf/kcmodel.jsonld`` with its ``rdf/context.jsonld``.
Manifest kinds: ``rdf-turtle``, ``rdf-trig``, ``rdf-nquads``, ``rdf-jsonld``, ``rdf-jsonld-context``.

The graphs are made and written one at a time, so a build of many reports holds one report's
triples, not the dataset's: each graph's Turtle file is written at once, and its parts of the
three whole-dataset files go to a scratch folder, which is joined in graph order at the end
(the N-Quads lines by merging each graph's sorted run). The bytes are those of serializing
everything at once.
"""

from __future__ import annotations

import heapq
import json
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from exporters.manifest import Artifact
from exporters.outfolder import write_chunks, write_file
from exporters.rdf.graph import DatasetQuads
from exporters.rdf.serialize import (CONTEXT_FILE, canonical, jsonld_context, jsonld_document, jsonld_graph, nquad_lines,
                                     statements, trig_graph, trig_head, turtle)
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


def write_rdf(dataset: Dataset, findings: Sequence[Finding], out: Path) -> list[Artifact]:
    """Write the dataset's RDF under ``out/rdf`` and return the artifacts for the manifest."""
    built = DatasetQuads(dataset, findings)
    folder = out / RDF_DIR
    folder.mkdir(parents=True, exist_ok=True)
    sources = {built.ids[id(r)]: r.document.source for r in built.reports}
    files = {TAXONOMY_GRAPH: ("taxonomy.ttl", None), DATASET_GRAPH: ("dataset.ttl", None),
             **{report_graph(rid): (f"{rid}.ttl", rid) for rid in sources}}  # each graph's Turtle file and report
    turtles: dict[str, Artifact] = {}
    scratch = Path(tempfile.mkdtemp(prefix=".rdf-parts-", dir=folder))
    try:
        parts: dict[str, Path] = {}  # graph IRI -> its scratch files' stem
        for number, (graph, quads) in enumerate(built.graphs()):
            stem = parts[str(graph)] = scratch / f"{number:06d}"
            made = canonical(quads)
            blocks = statements(quads, made)
            name, rid = files[graph]
            write_file(folder / name, turtle((), _NOTE.format(graph=graph), blocks))
            turtles[name] = Artifact(f"{RDF_DIR}/{name}", "rdf-turtle", rid, sources.get(rid) if rid else None)
            stem.with_suffix(".trig").write_text(trig_graph(graph, blocks), encoding="utf-8")
            stem.with_suffix(".jsonld").write_text(jsonld_graph(graph, quads, made), encoding="utf-8")
            stem.with_suffix(".nq").write_text("".join(nquad_lines(quads)), encoding="utf-8")
            del quads, made, blocks
        order = [parts[name] for name in sorted(parts)]
        write_chunks(folder / TRIG, [trig_head(_NOTE.format(graph="one block per named graph")),
                                     *_texts(order, ".trig")])
        write_chunks(folder / NQUADS, heapq.merge(*(_lines(stem.with_suffix(".nq")) for stem in order)))
        write_chunks(folder / JSONLD, jsonld_document(_texts(order, ".jsonld")))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    write_file(folder / CONTEXT_FILE, json.dumps(jsonld_context(), indent=2) + "\n")
    artifacts = [turtles.pop("taxonomy.ttl"), turtles.pop("dataset.ttl")]
    artifacts += [turtles[f"{built.ids[id(r)]}.ttl"] for r in built.reports]
    artifacts += [Artifact(f"{RDF_DIR}/{TRIG}", "rdf-trig", None, None),
                  Artifact(f"{RDF_DIR}/{NQUADS}", "rdf-nquads", None, None),
                  Artifact(f"{RDF_DIR}/{JSONLD}", "rdf-jsonld", None, None),
                  Artifact(f"{RDF_DIR}/{CONTEXT_FILE}", "rdf-jsonld-context", None, None)]
    return artifacts


def _texts(stems: list[Path], suffix: str) -> Iterator[str]:
    for stem in stems:
        yield stem.with_suffix(suffix).read_text(encoding="utf-8")


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from handle
