"""RDF: the model as linked data (docs/conventions.md §8; docs/rdf.md).

- ``write_rdf(dataset, findings, out)``: the build's writer (Turtle per named graph, TriG, N-Quads,
  JSON-LD and its context, under ``out/rdf``), returning the manifest's artifacts;
- ``dataset_quads``: the quads themselves; ``load_reports`` / ``read_reports``: RDF back into Reports;
- ``exporters.rdf.stores``: the SPARQL stores of ``kcmodel sparql`` (rdflib, Oxigraph, an endpoint).

The names above load their modules when first used: ``kcmodel sparql`` on a store needs none of
them, nor the model they are made from (a third of its start-up).
"""

from importlib import import_module

_HOMES = {"dataset_quads": "exporters.rdf.graph", "load_reports": "exporters.rdf.reader",
          "read_reports": "exporters.rdf.reader", "write_rdf": "exporters.rdf.writer"}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> object:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
