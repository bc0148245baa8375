"""The model as linked data (issue 6): named graphs, IRIs, the vocabulary, SHACL, and the round trip.

The data is the five announcements, ingested, validated and written as the build writes them (XBRL
instances and RDF, with the manifest): the bundled examples, and the seeds in ../shared/seeds where
present (the ``build`` fixture, tests/conftest.py). Expected values are typed from the announcements;
comments cite the seeds' file:line.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import require
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import Dataset as RdfDataset
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from exporters.rdf.reader import load_reports, read_reports
from exporters.rdf.serialize import jsonld_context
from exporters.rdf.vocabulary import (
    DATASET_GRAPH,
    KC,
    KCD,
    KCDIM,
    KCV,
    QB,
    TAXONOMY_GRAPH,
    report_graph,
)
from exporters.xbrl import load_instance

ROOT = Path(__file__).resolve().parent.parent
VOCAB = ROOT / "vocab"
QUERIES = ROOT / "examples" / "queries"
REPORTS = ["kc-2024-FY", "kc-2024-Q3", "kc-2025-FY", "kc-2025-H1", "kc-2025-Q2"]

def merged(quads) -> Graph:
    """Every named graph merged, with the vocabulary: what the SHACL shapes validate."""
    graph = Graph()
    for s, p, o, _ in quads:
        graph.add((s, p, o))
    graph.parse(VOCAB / "kcmodel.ttl")
    return graph


@pytest.fixture(scope="module")
def union(build) -> Graph:
    return merged(build.quads)


def by_graph(quads) -> dict[URIRef, set]:
    out: dict[URIRef, set] = defaultdict(set)
    for s, p, o, g in quads:
        out[g].add((s, p, o))
    return out


def fact(report: str, key: str) -> URIRef:
    return KCD[f"report/{report}/fact/{key}"]


# -- named graphs, IRIs, values ---------------------------------------------------------------------

def test_one_named_graph_per_report_plus_taxonomy_and_dataset_and_no_triple_twice(build, source):
    graphs = by_graph(build.quads)
    assert set(graphs) == {TAXONOMY_GRAPH, DATASET_GRAPH, *(report_graph(r) for r in REPORTS)}
    seen: Counter = Counter(t for triples in graphs.values() for t in triples)
    assert [t for t, n in seen.items() if n > 1] == []  # a union of graphs never counts a triple twice
    manifest = json.loads((build.out / "manifest.json").read_text(encoding="utf-8"))["artifacts"]
    kinds = Counter(a["kind"] for a in manifest if a["kind"].startswith("rdf"))
    assert kinds == {"rdf-turtle": 7, "rdf-trig": 1, "rdf-nquads": 1, "rdf-jsonld": 1, "rdf-jsonld-context": 1}
    turtles = {a["report"]: a["source"] for a in manifest if a["kind"] == "rdf-turtle"}
    assert turtles[None] is None and turtles["kc-2025-Q2"] == source.file("kc-2025-Q2").name


def test_iris_are_derived_from_content_and_apart_from_the_vocabulary(build):
    subjects = {s for s, *_ in build.quads}
    assert not any(isinstance(t, BNode) for q in build.quads for t in q)
    # total revenues for 2024 in RMB, as the FY2024 announcement prints it (000:203)
    assert fact("kc-2024-FY", "Revenues_2024-01-01_2024-12-31_CNY") in subjects
    assert fact("kc-2024-FY", "Revenues_2024-01-01_2024-12-31_ProductOrServiceAxis-PublicCloudServicesMember_USD") in subjects
    data = {str(s) for s in subjects if str(s).startswith(str(KCD))}
    assert data and not any(i.startswith(str(KCV)) for i in data)
    vocabulary_terms = {str(p) for _, p, *_ in build.quads if str(p).startswith(str(KCV))}
    assert vocabulary_terms and not any(t.startswith(str(KCD)) for t in vocabulary_terms)


@pytest.mark.slow  # a whole second ingest and RDF write, in another process
def test_two_runs_write_the_same_bytes(build, source, tmp_path):
    """IRIs and files are stable: another process, another hash seed, the same bytes."""
    script = (
        "import sys; from pathlib import Path\n"
        "from kcmodel.ingest.reader import ingest_file\nfrom kcmodel.report import Dataset\n"
        "from kcmodel.validation import sort, validate\nfrom exporters.rdf.writer import write_rdf\n"
        "done = [ingest_file(p) for p in sorted(Path(sys.argv[1]).glob('*.txt'))]\n"
        "d = Dataset(reports=tuple(r.report for r in done))\n"
        "write_rdf(d, sort([*(f for r in done for f in r.findings), *validate(d.reports)]), Path(sys.argv[2]))\n")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run([sys.executable, "-c", script, str(source.folder), str(tmp_path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    listed = [a.path for a in build.artifacts if a.kind.startswith("rdf")]
    assert len(listed) == 11
    assert {p: (build.out / p).read_bytes() for p in listed} == {p: (tmp_path / p).read_bytes() for p in listed}


@pytest.mark.parametrize("held", [0, 2_000_000])
def test_graphs_parts_past_what_is_held_in_memory_go_through_a_scratch_folder_to_the_same_bytes(build, held, tmp_path,
                                                                                                  monkeypatch):
    """A long history's parts of TriG, JSON-LD and N-Quads are written aside graph by graph (none held,
    or some held and the rest aside) and joined into the same files as a small build's; nothing is left."""
    from exporters.rdf import writer

    monkeypatch.setattr(writer._Parts, "HELD", held)
    writer.write_rdf(build.dataset, build.findings, tmp_path)
    listed = [a.path for a in build.artifacts if a.kind.startswith("rdf")]
    assert {p: (build.out / p).read_bytes() for p in listed} == {p: (tmp_path / p).read_bytes() for p in listed}
    assert sorted(p.name for p in (tmp_path / "rdf").iterdir()) == sorted(Path(p).name for p in listed)


def test_periods_are_inclusive_dates_and_values_exact_decimals(union):
    q3 = KCD["period/2024-07-01_2024-09-30"]  # "Three Months Ended Sep 30, 2024" (003:216)
    assert union.value(q3, KCV.startDate) == Literal("2024-07-01", datatype=XSD.date)
    assert union.value(q3, KCV.endDate) == Literal("2024-09-30", datatype=XSD.date)
    instant = KCD["period/2024-12-31"]
    assert union.value(instant, KCV.instant) == Literal("2024-12-31", datatype=XSD.date)
    assert union.value(instant, KCV.startDate) is None
    # RMB7.2993 = US$1.00 (000:503), decimals 4; total revenues 7,785,180 thousand (000:203), decimals -3
    rate = fact("kc-2024-FY", "ConvenienceTranslationExchangeRate_2024-12-31_CNY-per-USD")
    assert union.value(rate, KCV.value) == Literal("7.2993", datatype=XSD.decimal)
    assert union.value(rate, KCV.decimals) == Literal("4", datatype=XSD.integer)
    revenues = fact("kc-2024-FY", "Revenues_2024-01-01_2024-12-31_CNY")
    assert union.value(revenues, KCV.value).toPython() == Decimal("7785180000")
    assert union.value(revenues, KCV.decimals).toPython() == -3
    # net loss (1,979,042) is a real negative (000:79)
    net_loss = fact("kc-2024-FY", "ProfitLoss_2024-01-01_2024-12-31_CNY")
    assert union.value(net_loss, KCV.value) == Literal("-1979042000", datatype=XSD.decimal)
    numeric = [o for s, p, o in union.triples((None, KCV.value, None)) if (s, KCV.unit, None) in union]
    assert numeric and all(o.datatype == XSD.decimal for o in numeric)
    assert not any(getattr(o, "datatype", None) in (XSD.double, XSD.float) for _, _, o in union)


def test_a_period_names_its_kind(union):
    # the periods of "Three Months Ended", "Six Months Ended", "Nine Months Ended" and "Year Ended" columns
    # (003:215, 004:176, 003:215, 000:196), and a balance sheet's date, December 31, 2024
    kinds = {"2024-07-01_2024-09-30": KCV.quarter, "2025-01-01_2025-06-30": KCV.halfYear,
             "2024-01-01_2024-09-30": KCV.nineMonths, "2024-01-01_2024-12-31": KCV.year, "2024-12-31": KCV.pointInTime}
    assert {key: union.value(KCD[f"period/{key}"], KCV.periodKind) for key in kinds} == kinds


def test_a_period_links_the_same_days_a_year_before_where_the_dataset_has_them(union):
    # Q3 2024 beside Q3 2023 (003:215), 2024 beside 2023 (000:196), the balance sheet's 2024-12-31 beside 2023-12-31
    for later, earlier in (("2024-07-01_2024-09-30", "2023-07-01_2023-09-30"), ("2024-01-01_2024-12-31", "2023-01-01_2023-12-31"),
                           ("2024-12-31", "2023-12-31")):
        assert union.value(KCD[f"period/{later}"], KCV.yearBefore) == KCD[f"period/{earlier}"]
    assert union.value(KCD["period/2023-07-01_2023-09-30"], KCV.yearBefore) is None  # no announcement prints Q3 2022


def test_a_fact_belongs_to_the_series_of_its_aspects_but_the_period(build, union):
    series = KCD["series/Revenues_quarter_CNY"]
    assert (series, RDF.type, KCV.Series) in union and (series, RDF.type, QB.Slice) in union
    assert {p: union.value(series, p) for p in (KCV.concept, KCV.unit, KCV.periodKind)} == {
        KCV.concept: KC.Revenues, KCV.unit: KCD["unit/CNY"], KCV.periodKind: KCV.quarter}
    assert not [p for p in union.predicates(series) if str(p).startswith(str(KCDIM))]  # total revenues: no member
    # Q3 2024 total revenues printed by 003 (003:222), Q2 2024 by 003 and 004 (004:183), Q4 2024 derived
    observations = set(union.subjects(KCV.series, series))
    assert {fact("kc-2024-Q3", "Revenues_2024-07-01_2024-09-30_CNY"), fact("kc-2024-Q3", "Revenues_2024-04-01_2024-06-30_CNY"),
            fact("kc-2025-Q2", "Revenues_2024-04-01_2024-06-30_CNY"),
            KCD["derived/fact/Revenues_2024-10-01_2024-12-31_CNY"]} <= observations
    assert fact("kc-2024-FY", "Revenues_2024-01-01_2024-12-31_CNY") not in observations  # a year: another series
    assert all(union.value(union.value(f, KCV.period), KCV.periodKind) == KCV.quarter for f in observations)
    line = KCD["series/Revenues_quarter_ProductOrServiceAxis-PublicCloudServicesMember_CNY"]
    assert union.value(line, KCDIM.ProductOrServiceAxis) == KC.PublicCloudServicesMember
    assert fact("kc-2024-Q3", "Revenues_2024-07-01_2024-09-30_ProductOrServiceAxis-PublicCloudServicesMember_CNY") in set(
        union.subjects(KCV.series, line))
    facts = {s for s, p, o, _ in build.quads if p == RDF.type and o == KCV.Fact}
    assert Counter(s for s, p, _, _ in build.quads if p == KCV.series) == Counter(facts)  # one each


# total revenues 2024 as each source prints it: the seed at 000:76 "Revenues 7,047,461 7,785,180",
# 000:203 and 000:360 "Total revenues ... 7,785,180", 000:523; the example kc-2024-FY.txt at 12, 87, 126, 245
PRINTED_REVENUES = {"seeds": (76, 203, 360, 523), "examples": (12, 87, 126, 245)}


def test_provenance_names_the_report_document_line_label_and_text(union, source):
    document = source.file("kc-2024-FY").name
    revenues = fact("kc-2024-FY", "Revenues_2024-01-01_2024-12-31_CNY")
    printed = sorted(((int(union.value(w, KCV.order)), str(union.value(union.value(w, KCV.document), KCV.sourceFile)),
                       int(union.value(w, KCV.line)), str(union.value(w, KCV.printedLabel)), str(union.value(w, KCV.printedText)))
                      for w in union.objects(revenues, KCV.printedAt)))
    assert [(d, n, t) for _, d, n, _, t in printed] == [(document, n, "7,785,180") for n in PRINTED_REVENUES[source.name]]
    assert printed[1][3] == "Total revenues"
    for where in union.objects(revenues, KCV.printedAt):
        assert (revenues, PROV.wasDerivedFrom, where) in union
        assert union.value(where, PROV.wasQuotedFrom) == union.value(where, KCV.document)
    report = KCD["report/kc-2024-FY"]
    assert union.value(revenues, QB.dataSet) == report
    document = union.value(report, KCV.document)
    assert (report, PROV.wasDerivedFrom, document) in union
    activity = union.value(report, PROV.wasGeneratedBy)
    assert (activity, PROV.used, document) in union and (activity, RDF.type, PROV.Activity) in union


def test_every_us_dollar_fact_derives_from_its_rmb_fact_and_the_rate(union, build):
    translations = set(union.subjects(RDF.type, KCV.ConvenienceTranslation))
    assert len(translations) == sum(f.translation is not None for r in build.dataset.reports for f in r.facts)
    for usd in translations:
        rmb, rate = union.value(usd, KCV.translationOf), union.value(usd, KCV.translationRate)
        assert {rmb, rate} <= set(union.objects(usd, PROV.wasDerivedFrom))
        assert union.value(rmb, KCV.concept) == union.value(usd, KCV.concept)
        assert union.value(rmb, KCV.period) == union.value(usd, KCV.period)
        assert union.value(union.value(rmb, KCV.unit), KCV.numerator) == URIRef("http://www.xbrl.org/2003/iso4217#CNY")
        assert union.value(rate, KCV.concept) == KC.ConvenienceTranslationExchangeRate
    # US$1,066,566 thousand of total revenues 2024 translates RMB7,785,180 at 7.2993 (000:203, 000:503)
    usd = fact("kc-2024-FY", "Revenues_2024-01-01_2024-12-31_USD")
    assert union.value(usd, KCV.value).toPython() == Decimal("1066566000")
    assert union.value(union.value(usd, KCV.translationRate), KCV.value).toPython() == Decimal("7.2993")


def test_derived_fourth_quarters_are_in_the_dataset_graph_marked_and_derived_from_year_and_nine_months(build, union):
    graphs = by_graph(build.quads)
    derived = {s for s, p, o in graphs[DATASET_GRAPH] if p == RDF.type and o == KCV.DerivedFact}
    assert len(derived) == 74
    assert not any((s, RDF.type, KCV.DerivedFact) in graphs[report_graph(r)] for r in REPORTS for s in derived)
    q4 = KCD["derived/fact/Revenues_2024-10-01_2024-12-31_CNY"]
    assert q4 in derived and union.value(q4, KCV.derived) == Literal(True)
    # 7,785,180 (000:203) - 5,553,038 (nine months 2024, 003:222) = 2,232,142
    assert union.value(q4, KCV.value).toPython() == Decimal("2232142000")
    year, nine = union.value(q4, KCV.minuend), union.value(q4, KCV.subtrahend)
    assert {year, nine} <= set(union.objects(q4, PROV.wasDerivedFrom))
    assert union.value(nine, QB.dataSet) == KCD["report/kc-2024-Q3"]
    assert union.value(year, KCV.value).toPython() == Decimal("7785180000")
    assert not list(union.objects(q4, KCV.printedAt))


def test_the_taxonomy_graph_is_skos_with_labels_types_arcs_and_counterparts(build, union, taxonomy):
    graphs = by_graph(build.quads)
    concepts = {s for s, p, o in graphs[TAXONOMY_GRAPH] if p == RDF.type and o == SKOS.Concept}
    assert len(concepts) == len(taxonomy.concepts)
    assert set(union.objects(KC.Revenues, SKOS.prefLabel)) == {Literal("Revenues", lang="en"), Literal("收入", lang="zh")}
    assert union.value(KC.Revenues, KCV.periodType) == KCV.durationPeriodType
    assert union.value(KC.Revenues, KCV.balance) == KCV.credit
    assert union.value(KC.CashAndCashEquivalentsAtCarryingValue, KCV.periodType) == KCV.instantPeriodType
    assert union.value(KC.Revenues, SKOS.closeMatch) == URIRef("http://fasb.org/us-gaap/2024#Revenues")
    arc = URIRef("https://kcmodel.org/taxonomy/2025/kc/role/ComprehensiveLoss/calculation/GrossProfit/CostOfRevenue")
    assert union.value(arc, KCV.weight) == Literal("-1", datatype=XSD.decimal)
    assert union.value(arc, KCV.total) == KC.GrossProfit and (arc, RDF.type, KCV.CalculationArc) in union
    calc = {s for s, p, o in graphs[TAXONOMY_GRAPH] if p == RDF.type and o == KCV.CalculationArc}
    assert len(calc) == sum(len(items) for n in taxonomy.networks for items in n.calculation.values())
    presentation = {s for s, p, o in graphs[TAXONOMY_GRAPH] if p == RDF.type and o == KCV.PresentationArc}
    assert len(presentation) == sum(1 for n in taxonomy.networks for _ in n.arcs())
    member = KCDIM.ProductOrServiceAxis
    assert union.value(member, QB.concept) == KC.ProductOrServiceAxis and (member, RDF.type, QB.DimensionProperty) in union


def test_findings_are_nodes_linked_to_their_facts_and_lines(build, union):
    from exporters.rdf.vocabulary import finding_iri

    findings = set(union.subjects(RDF.type, KCV.Finding))
    assert findings == {finding_iri(f) for f in build.findings}
    for finding in build.findings:
        node = finding_iri(finding)
        assert len(set(union.objects(node, KCV.citedAt))) == len(finding.lines)
        if finding.facts:  # each fact it names is a fact node of a report it cites
            assert all((c, RDF.type, KCV.Fact) in union for c in union.objects(node, KCV.concerns))
            assert len(set(union.objects(node, KCV.concerns))) >= len(finding.facts)
    reclassified = [f for f in findings if str(union.value(f, KCV.code)) == "reclassified"]
    assert len(reclassified) == 1
    reports = {union.value(c, QB.dataSet) for c in union.objects(reclassified[0], KCV.concerns)}
    assert len(reports) == 2 and reports == set(union.objects(reclassified[0], KCV.report))


@pytest.fixture(scope="module")
def from_jsonld(build) -> set:
    """The JSON-LD output read by rdflib, its @context taken from context.jsonld beside it."""
    parsed = RdfDataset()
    parsed.parse(str(build.out / "rdf" / "kcmodel.jsonld"), format="json-ld")
    return {(s, p, o, getattr(g, "identifier", g)) for s, p, o, g in parsed.quads((None, None, None, None))}


@pytest.mark.slow  # every RDF file parsed back
def test_fact_count_equals_the_xbrl_instances_and_rdf_reads_back_to_the_same_facts(build, from_jsonld):
    from lxml import etree

    from kcmodel.taxonomy import NAMESPACE

    graphs = by_graph(build.quads)
    instances = {a.report: build.out / a.path for a in build.artifacts if a.kind == "xbrl-instance"}
    from_rdf = load_reports(build.out / "rdf" / "kcmodel.nq")
    assert sorted(from_rdf) == sorted(instances) == REPORTS
    for name, path in instances.items():
        instance = load_instance(path)
        assert from_rdf[name].document == instance.document, name
        reported = from_rdf[name].as_reported()  # the graph also keeps the RMB sources kcmodel derived
        assert set(reported.facts) == set(instance.facts) and len(reported.facts) == len(instance.facts)
    assert read_reports(from_jsonld) == from_rdf  # the JSON-LD reads back to the same reports
    for name, path in instances.items():
        xml_facts = [e for e in etree.parse(str(path)).getroot() if isinstance(e.tag, str) and e.tag.startswith(f"{{{NAMESPACE}}}")]
        rdf_facts = {s for s, p, o in graphs[report_graph(name)] if p == RDF.type and o in (KCV.Fact, KCV.Duplicate)}
        assert len(rdf_facts) == len(xml_facts), name  # a prose duplicate is a fact of its own in XML


@pytest.mark.slow  # every RDF file parsed back
def test_turtle_trig_nquads_and_jsonld_hold_the_same_dataset(build, from_jsonld):
    """Each file read by a parser other than the writer: Oxigraph's for N-Quads, TriG and Turtle, rdflib's for JSON-LD."""
    import pyoxigraph  # a runtime dependency
    from exporters.rdf.serialize import _nt_term

    folder = build.out / "rdf"
    assert from_jsonld == set(build.quads)
    expected = {tuple(_nt_term(t) for t in quad) for quad in build.quads}
    for name, fmt in (("kcmodel.nq", pyoxigraph.RdfFormat.N_QUADS), ("kcmodel.trig", pyoxigraph.RdfFormat.TRIG)):
        parsed = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
                  for q in pyoxigraph.parse(path=str(folder / name), format=fmt)}
        assert parsed == expected, name
    for name, graph in [("taxonomy.ttl", TAXONOMY_GRAPH), ("dataset.ttl", DATASET_GRAPH),
                        *((f"{r}.ttl", report_graph(r)) for r in REPORTS)]:
        parsed = {(str(q.subject), str(q.predicate), str(q.object), f"<{graph}>")
                  for q in pyoxigraph.parse(path=str(folder / name), format=pyoxigraph.RdfFormat.TURTLE)}
        assert parsed == {t for t in expected if t[3] == f"<{graph}>"}, name


# -- vocabulary, context, docs ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(VOCAB / "kcmodel.ttl")


def test_the_vocabulary_documents_every_class_and_property_it_declares_and_the_data_uses(build, ontology):
    declared = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(KCV))}
    for term in declared:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term
    used = {p for _, p, _, _ in build.quads if str(p).startswith(str(KCV))}
    used |= {o for _, _, o, _ in build.quads if isinstance(o, URIRef) and str(o).startswith(str(KCV))}
    assert used - declared == set()
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    properties = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    assert {p for p in used if p in properties} and len(classes) >= 25


def test_every_class_has_a_shape(ontology):
    shapes = Graph().parse(VOCAB / "shapes.ttl")
    sh = "http://www.w3.org/ns/shacl#"
    targets = set(shapes.objects(None, URIRef(sh + "targetClass")))
    assert set(ontology.subjects(RDF.type, OWL.Class)) - targets == set()


def test_the_committed_jsonld_context_is_current():
    assert json.loads((VOCAB / "context.jsonld").read_text(encoding="utf-8")) == jsonld_context()


def test_the_docs_show_one_facts_triples_as_written(seed_build):
    turtle = (seed_build.out / "rdf" / "kc-2024-FY.ttl").read_text(encoding="utf-8")
    block = re.search(r"^<report/kc-2024-FY/fact/Revenues_2024-01-01_2024-12-31_USD> a .*?\.\n", turtle, re.M | re.S)
    assert block is not None
    assert block.group(0) in (ROOT / "docs" / "rdf.md").read_text(encoding="utf-8")


# -- SHACL --------------------------------------------------------------------------------------------

def shacl(data: Graph, focus: list | None = None) -> tuple[bool, str]:
    try:
        import pyshacl
    except ImportError:
        require("pyshacl (a test dependency)", False)
    conforms, _, text = pyshacl.validate(data, shacl_graph=Graph().parse(VOCAB / "shapes.ttl"), inference="none",
                                         focus_nodes=focus)
    return conforms, text


@pytest.mark.slow  # SHACL over the whole graph
def test_the_exported_graph_conforms_to_the_shapes(union):
    conforms, text = shacl(union)
    assert conforms, text[:3000]


def without(graph: Graph, *patterns) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    for pattern in patterns:
        copy.remove(pattern)
    return copy


@pytest.mark.slow  # SHACL over a copy of the whole graph
def test_a_fact_without_its_unit_does_not_conform(union):
    revenues = fact("kc-2024-FY", "Revenues_2024-01-01_2024-12-31_CNY")
    assert shacl(union, [revenues])[0]
    conforms, text = shacl(without(union, (revenues, KCV.unit, None)), [revenues])
    assert not conforms and "kcv:unit" in text


@pytest.mark.slow  # SHACL over a copy of the whole graph
def test_a_fact_outside_its_series_does_not_conform(union):
    revenues = fact("kc-2024-Q3", "Revenues_2024-07-01_2024-09-30_CNY")
    assert shacl(union, [revenues])[0]
    conforms, text = shacl(without(union, (revenues, KCV.series, None)), [revenues])
    assert not conforms and "series" in text


@pytest.mark.slow  # SHACL over a copy of the whole graph
def test_a_us_dollar_fact_without_its_rmb_source_does_not_conform(union):
    usd = fact("kc-2024-FY", "Revenues_2024-01-01_2024-12-31_USD")
    rmb = fact("kc-2024-FY", "Revenues_2024-01-01_2024-12-31_CNY")
    assert shacl(union, [usd])[0]
    broken = without(union, (usd, KCV.translationOf, None), (usd, PROV.wasDerivedFrom, rmb))
    conforms, text = shacl(broken, [usd])
    assert not conforms and "translationOf" in text
    # and without the class that names it a translation: the fact shape still catches a US$ amount
    conforms, _ = shacl(without(broken, (usd, RDF.type, KCV.ConvenienceTranslation)), [usd])
    assert not conforms
