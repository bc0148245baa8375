"""RDF: the model as linked data (docs/conventions.md §8; docs/rdf.md).

- ``write_rdf(dataset, findings, out)``: the build's writer (Turtle per named graph, TriG, N-Quads,
  JSON-LD and its context, under ``out/rdf``), returning the manifest's artifacts;
- ``dataset_quads``: the quads themselves; ``load_reports`` / ``read_reports``: RDF back into Reports;
- ``exporters.rdf.stores``: the SPARQL stores of ``kcmodel sparql`` (rdflib, Oxigraph, an endpoint).
"""

from exporters.rdf.graph import dataset_quads
from exporters.rdf.reader import load_reports, read_reports
from exporters.rdf.writer import write_rdf

__all__ = ["dataset_quads", "load_reports", "read_reports", "write_rdf"]
