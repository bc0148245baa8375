"""The RDF outputs of a build: Turtle per named graph, and the whole dataset as TriG, N-Quads and JSON-LD.

``rdf/<report id>.ttl`` (one per report), ``rdf/taxonomy.ttl``, ``rdf/dataset.ttl``, and
``rdf/kcmodel.trig``, ``rdf/kcmodel.nq``, ``rdf/kcmodel.jsonld`` with its ``rdf/context.jsonld``.
Manifest kinds: ``rdf-turtle``, ``rdf-trig``, ``rdf-nquads``, ``rdf-jsonld``, ``rdf-jsonld-context``.

The graphs are made and written one at a time, so a build of many reports holds one report's
triples, not the dataset's: each graph's Turtle file is written at once, and its parts of the
three whole-dataset files are kept (in memory up to a bound, then in a scratch folder) and joined
in graph order at the end (the N-Quads lines by merging each graph's sorted run). The bytes are
those of serializing everything at once.
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
    with _Parts(folder) as parts:
        for graph, quads in built.graphs():
            made = canonical(quads)
            blocks = statements(quads, made)
            name, rid = files[graph]
            write_file(folder / name, turtle((), _NOTE.format(graph=graph), blocks))
            turtles[name] = Artifact(f"{RDF_DIR}/{name}", "rdf-turtle", rid, sources.get(rid) if rid else None)
            parts.add(str(graph), trig_graph(graph, blocks), jsonld_graph(graph, quads, made), nquad_lines(quads))
            del quads, made, blocks
        write_chunks(folder / TRIG, [trig_head(_NOTE.format(graph="one block per named graph")), *parts.texts(".trig")])
        write_chunks(folder / NQUADS, parts.lines())
        write_chunks(folder / JSONLD, jsonld_document(parts.texts(".jsonld")))
    write_file(folder / CONTEXT_FILE, json.dumps(jsonld_context(), indent=2) + "\n")
    artifacts = [turtles.pop("taxonomy.ttl"), turtles.pop("dataset.ttl")]
    artifacts += [turtles[f"{built.ids[id(r)]}.ttl"] for r in built.reports]
    artifacts += [Artifact(f"{RDF_DIR}/{TRIG}", "rdf-trig", None, None),
                  Artifact(f"{RDF_DIR}/{NQUADS}", "rdf-nquads", None, None),
                  Artifact(f"{RDF_DIR}/{JSONLD}", "rdf-jsonld", None, None),
                  Artifact(f"{RDF_DIR}/{CONTEXT_FILE}", "rdf-jsonld-context", None, None)]
    return artifacts


class _Parts:
    """Each graph's parts of the three whole-dataset files (TriG, JSON-LD, its sorted N-Quads lines),
    given in any order and read back in graph order. They are held in memory up to ``HELD``
    characters, and past that written to a scratch folder: a build of a few reports joins them
    without a second write and read, and a long history still holds one graph's at a time."""

    HELD = 32 << 20  # characters: the five announcements' parts are about 30 million

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.held: dict[str, dict[str, str | list[str]]] = {}  # graph -> its parts by suffix
        self.size = 0
        self.scratch: Path | None = None
        self.stored: dict[str, Path] = {}  # graph -> its scratch files' stem

    def __enter__(self) -> _Parts:
        return self

    def __exit__(self, *_: object) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def add(self, graph: str, trig: str, jsonld: str, nquads: list[str]) -> None:
        parts = {".trig": trig, ".jsonld": jsonld, ".nq": nquads}
        size = len(trig) + len(jsonld) + sum(map(len, nquads))
        if self.size + size <= self.HELD:
            self.held[graph] = parts
            self.size += size
            return
        if self.scratch is None:
            self.scratch = Path(tempfile.mkdtemp(prefix=".rdf-parts-", dir=self.folder))
        stem = self.stored[graph] = self.scratch / f"{len(self.stored):06d}"
        for suffix, text in parts.items():
            stem.with_suffix(suffix).write_text(text if isinstance(text, str) else "".join(text), encoding="utf-8")

    def _order(self) -> list[str]:
        return sorted([*self.held, *self.stored])

    def texts(self, suffix: str) -> Iterator[str]:
        """Every graph's TriG (``.trig``) or JSON-LD (``.jsonld``) part, in graph order."""
        for graph in self._order():
            held = self.held.get(graph)
            yield held[suffix] if held else self.stored[graph].with_suffix(suffix).read_text(encoding="utf-8")

    def lines(self) -> Iterator[str]:
        """Every graph's N-Quads lines as one sorted run (the graphs' own runs merged)."""
        if not self.stored:  # sorting the runs joined merges them, in C
            yield from sorted(line for parts in self.held.values() for line in parts[".nq"])
            return
        runs = [iter(self.held[g][".nq"]) if g in self.held else _lines(self.stored[g].with_suffix(".nq"))
                for g in self._order()]
        yield from heapq.merge(*runs)


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from handle
