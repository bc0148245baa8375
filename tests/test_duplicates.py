"""A fact printed twice at two precisions (issue 11): the table's 2,349,227 thousand (decimals -3) and the
prose's "RMB2,349.2 million" (-5) are one fact and a consistent duplicate (XBRL 2.1 §4.10, Duplicate
Facts 1.0: their intervals v ± ½·10^-d meet). Every format writes both; Arelle finds no error,
warning or inconsistency, and each format reads back into the same fact with its duplicate."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from exporters.oim import csv_files, json_bytes, load_oim
from exporters.xbrl import instance_bytes, load_instance
from kcmodel.facts import Duplicate, Fact, Provenance, consistent
from kcmodel.ingest.reader import ingest_file
from kcmodel.report import Report
from tests.arelle import run_arelle

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "announcements" / "kc-2025-Q2.txt"
PROSE = Provenance(document="kc-2025-Q2.txt", line=1, label="Total revenues", text="RMB2,349.2 million")


def with_prose_duplicate(report: Report) -> tuple[Report, Fact]:
    """The Q2 2025 total revenues (2,349,227 thousand in the statement) also printed as RMB2,349.2 million."""
    index = next(i for i, f in enumerate(report.facts) if f.concept == "Revenues" and not f.context.dimensions
                 and f.context.period.key == "2025-04-01_2025-06-30" and f.unit.currency == "CNY")
    fact = report.facts[index].model_copy(update={"duplicates": (
        Duplicate(value=Decimal("2349200000"), decimals=-5, provenance=(PROSE,)),)})
    facts = (*report.facts[:index], Fact.model_validate(dict(fact)), *report.facts[index + 1:])
    return Report(document=report.document, facts=facts), fact


@pytest.fixture(scope="module")
def full() -> Report:
    """The report as read (its derived RMB sources included), with the prose duplicate."""
    return with_prose_duplicate(ingest_file(EXAMPLE).report)[0]


@pytest.fixture(scope="module")
def report(full) -> Report:
    """What XBRL and OIM carry of it."""
    return full.as_reported()


def test_intervals_that_meet_are_consistent():
    # 2,349,227,000 ± 500 lies inside 2,349,200,000 ± 50,000
    assert consistent(Decimal("2349227000"), -3, Decimal("2349200000"), -5)
    # 2,349,300,000 ± 50,000 starts above 2,349,227,500
    assert not consistent(Decimal("2349227000"), -3, Decimal("2349300000"), -5)
    # equal decimals: only equal values
    assert not consistent(Decimal("0.242"), 3, Decimal("0.243"), 3)


def test_an_inconsistent_duplicate_is_refused_where_it_is_made(report):
    fact = next(f for f in report.facts if f.duplicates)
    with pytest.raises(ValidationError, match="not a consistent duplicate"):
        Fact.model_validate({**dict(fact), "duplicates": (Duplicate(value=Decimal("2349300000"), decimals=-5),)})


def test_the_instance_holds_both_and_reads_back_into_one_fact(report, tmp_path):
    path = tmp_path / "q2.xbrl"
    path.write_bytes(instance_bytes(report))
    text = path.read_text(encoding="utf-8")
    assert 'decimals="-5">2349200000<' in text and 'decimals="-3">2349227000<' in text
    assert load_instance(path) == report


def test_xbrl_json_and_csv_hold_both_and_read_back_into_one_fact(report, tmp_path):
    json_path = tmp_path / "q2.json"
    json_path.write_bytes(json_bytes(report))
    folder = tmp_path / "q2-csv"
    folder.mkdir()
    for name, data in csv_files(report).items():
        (folder / name).write_bytes(data)
    assert load_oim(json_path) == report
    assert load_oim(folder / "metadata.json") == report


@pytest.mark.arelle
def test_arelle_finds_the_duplicate_consistent(report, taxonomy_package, tmp_path):
    path = tmp_path / "q2.xbrl"
    path.write_bytes(instance_bytes(report))
    run = run_arelle(path, packages=[taxonomy_package], extra=["--validateDuplicateFacts", "inconsistent"])
    assert (run.errors, run.warnings, run.inconsistencies) == ([], [], []), run.problems


def test_the_rdf_graph_keeps_the_duplicate_apart_from_the_fact_and_reads_back(full, report):
    from exporters.rdf import dataset_quads, read_reports
    from exporters.rdf.vocabulary import KCV
    from kcmodel.report import Dataset

    quads = dataset_quads(Dataset(reports=(full,)))
    values = [o for s, p, o, _ in quads if p == KCV.duplicateValue]
    assert [v.toPython() for v in values] == [Decimal("2349200000")]
    (back,) = read_reports(quads).values()
    assert set(back.facts) == set(report.facts)
    assert next(f for f in back.facts if f.duplicates).duplicates == next(f for f in report.facts if f.duplicates).duplicates


@pytest.mark.slow  # SHACL over the whole graph
def test_the_graph_with_a_duplicate_conforms_to_the_shapes(full):
    from rdflib import Graph

    from exporters.rdf import dataset_quads
    from kcmodel.report import Dataset
    from tests.test_rdf import shacl

    graph = Graph()
    for s, p, o, _ in dataset_quads(Dataset(reports=(full,))):
        graph.add((s, p, o))
    conforms, text = shacl(graph)
    assert conforms, text[:2000]


@pytest.mark.arelle
def test_the_inline_document_tags_both_and_arelle_reads_the_same_facts(full, report, taxonomy_package, tmp_path):
    from exporters.ixbrl import ixbrl_bytes

    path = tmp_path / "q2.xhtml"
    path.write_bytes(ixbrl_bytes(full))
    text = path.read_text(encoding="utf-8")
    assert text.count('decimals="-5"') == 1
    run = run_arelle(path, packages=[taxonomy_package], extra=["--validateDuplicateFacts", "inconsistent"])
    assert (run.errors, run.warnings, run.inconsistencies) == ([], [], []), run.problems
