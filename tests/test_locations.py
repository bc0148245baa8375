"""Where a figure was printed travels with it (issue 10): an HTML figure's table, row and cell, through
the ledger, findings, the XML instance, the OIM report and the RDF graph, and back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exporters.oim import json_bytes, load_oim
from exporters.rdf import dataset_quads, read_reports
from exporters.rdf.vocabulary import KCV
from exporters.xbrl import instance_bytes, load_instance
from kcmodel.findings import Finding, Severity
from kcmodel.ingest.reader import Ingested, ingest_file
from kcmodel.report import Dataset
from tests.forms.render_html import TYPESETTINGS

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "announcements" / "kc-2024-Q3.txt"


@pytest.fixture(scope="module")
def from_html(tmp_path_factory) -> Ingested:
    page = tmp_path_factory.mktemp("html") / "kc-2024-q3.html"
    page.write_bytes(TYPESETTINGS[sorted(TYPESETTINGS)[0]](EXAMPLE))
    return ingest_file(page)


def test_every_html_table_figure_names_its_table_row_and_cell(from_html):
    places = [p for fact in from_html.report.facts for p in fact.provenance
              if p.label != "Convenience translation rate" and p.sentence is None]
    assert places and all(p.table and p.row and p.cell for p in places)
    assert all(e.at.table and e.at.row and e.at.cell for e in from_html.ledger.entries if e.at.sentence is None)


def test_a_text_figure_names_only_its_line():
    fact = next(f for f in ingest_file(EXAMPLE).report.facts if f.concept == "Revenues" and f.unit and f.unit.currency == "CNY")
    place = fact.provenance[0]
    assert (place.page, place.table, place.row, place.cell, place.box) == (None, None, None, None, None)
    assert str(place) == f"kc-2024-Q3.txt:{place.line}"


def test_the_instance_carries_the_locations_and_reads_back_to_them(from_html, tmp_path):
    path = tmp_path / "q3.xbrl"
    path.write_bytes(instance_bytes(from_html.report))
    assert load_instance(path).facts == from_html.report.as_reported().facts


def test_the_oim_report_carries_the_locations(from_html, tmp_path):
    path = tmp_path / "q3.json"
    path.write_bytes(json_bytes(from_html.report))
    facts = json.loads(path.read_text())["facts"]  # read once, not once per note
    notes = [json.loads(f["value"]) for f in facts.values() if f["dimensions"]["concept"] == "xbrl:note"]
    assert notes and all({"table", "row", "cell"} <= set(n) for n in notes
                         if n["label"] != "Convenience translation rate" and "sentence" not in n)
    assert load_oim(path).facts == from_html.report.as_reported().facts


def test_the_rdf_graph_names_table_row_and_cell_and_reads_back_to_them(from_html):
    quads = dataset_quads(Dataset(reports=(from_html.report,)))
    predicates = {p for _, p, _, _ in quads}
    assert {KCV.sourceTable, KCV.sourceRow, KCV.sourceCell} <= predicates
    (report,) = read_reports(quads).values()
    assert set(report.facts) == set(from_html.report.as_reported().facts)


def test_a_finding_in_json_names_the_location():
    fact = ingest_file(EXAMPLE).report.facts[0]
    place = fact.provenance[0].model_copy(update={"table": 3, "row": 7, "cell": 4})
    line = Finding(code="c", severity=Severity.info, message="m", lines=(place,)).to_json()["lines"][0]
    assert (line["table"], line["row"], line["cell"], "page" in line) == (3, 7, 4, False)
