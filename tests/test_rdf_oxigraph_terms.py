"""Oxigraph's answers read from its own terms are the answers its SPARQL 1.1 JSON results give, in the
store-independent form of exporters.rdf.sparql.Term (canonical numbers, lower-case language tags)."""

from __future__ import annotations

import json

import pytest

from exporters.rdf.sparql import Term, from_json
from exporters.rdf.stores import OxigraphStore, _solutions
from kcmodel.errors import KcError

XSD = "http://www.w3.org/2001/XMLSchema#"
EVERY_KIND = f"""SELECT ?term ?other WHERE {{ VALUES (?term ?other) {{
  (<https://kcmodel.org/data/f> UNDEF)
  ("1.50"^^<{XSD}decimal> "007"^^<{XSD}integer>)
  ("2.5E0"^^<{XSD}double> "1"^^<{XSD}boolean>)
  ("text" "Text"@EN-gb)
  ("2025-06-30"^^<{XSD}date> "plain"^^<{XSD}string>)
}} }}"""


def test_every_kind_of_term_reads_as_oxigraphs_json_gives_it():
    import pyoxigraph

    store = pyoxigraph.Store()
    direct = OxigraphStore(store).query(EVERY_KIND)
    written = store.query(EVERY_KIND, use_default_graph_as_union=True).serialize(format=pyoxigraph.QueryResultsFormat.JSON)
    assert direct == from_json(json.loads(written))
    assert direct.rows[1] == (Term("literal", "1.5", XSD + "decimal"), Term("literal", "7", XSD + "integer"))
    assert direct.rows[3][1] == Term("literal", "Text", None, "en-gb")
    assert direct.rows[0][1] is None  # unbound


def test_a_blank_node_is_a_bnode_term():
    import pyoxigraph

    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(pyoxigraph.BlankNode("b1"), pyoxigraph.NamedNode("https://kcmodel.org/p"),
                              pyoxigraph.Literal("x"), pyoxigraph.NamedNode("https://kcmodel.org/data/graph/g")))
    (row,) = OxigraphStore(store).query("SELECT ?s WHERE { ?s ?p ?o }").rows
    assert row[0].kind == "bnode"


def test_a_triple_term_is_an_error_not_a_traceback():
    """rdflib's parser refuses TRIPLE(), so no query of kcmodel's reaches this; Oxigraph would answer it."""
    import pyoxigraph

    answer = pyoxigraph.Store().query("SELECT ?t WHERE { BIND(TRIPLE(<http://a>, <http://b>, <http://c>) AS ?t) }")
    with pytest.raises(KcError, match="Triple"):
        _solutions(answer, pyoxigraph)
