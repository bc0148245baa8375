"""Inline XBRL and report packages: clean in Arelle, one fact set with the XML instance and the
model, byte-stable (issue 5)."""

from __future__ import annotations

import re

import zipfile

import pytest
from lxml import etree

from exporters.ixbrl import ixbrl_bytes
from exporters.packages import report_package
from exporters.xbrl import instance_bytes
from exporters.xbrl.instance import instance_facts
from kcmodel.taxonomy import Taxonomy
from tests.arelle import run_arelle
from tests.conftest import ingested

IX = "{http://www.xbrl.org/2013/inlineXBRL}"


def _reports(files) -> dict:
    reports = (ingested(path).report for path in files)
    return {report.id: report for report in reports}


@pytest.fixture(scope="module")
def reports(source):
    """The five reports of each source (the bundled examples, and the seeds where present), by id."""
    return _reports(source.files)


@pytest.fixture(scope="module")
def seed_reports(seeds):
    """The seeds' reports, for what their prose shows."""
    return _reports(sorted(seeds.glob("*.txt")))


@pytest.fixture(scope="module")
def written(reports, tmp_path_factory):
    out = tmp_path_factory.mktemp("ixbrl")
    taxonomy = Taxonomy.load()
    files = {}
    for name, report in reports.items():
        inline, instance = out / f"{name}.xhtml", out / f"{name}.xbrl"
        inline.write_bytes(ixbrl_bytes(report))
        instance.write_bytes(instance_bytes(report))
        xbri, xbr = out / f"{name}.xbri", out / f"{name}.xbr"
        xbri.write_bytes(report_package(name, f"{name}.xhtml", inline.read_bytes(), ".xbri", taxonomy))
        xbr.write_bytes(report_package(name, f"{name}.xbrl", instance.read_bytes(), ".xbr", taxonomy))
        files[name] = {"inline": inline, "instance": instance, "xbri": xbri, "xbr": xbr}
    return files


@pytest.mark.arelle
def test_every_inline_document_passes_arelle_as_inline_xbrl(written, taxonomy_package):
    for name, files in written.items():
        run = run_arelle(files["inline"], packages=[taxonomy_package], extra=["--requireInlineXbrl", "--formula", "none"])
        assert run.returncode == 0 and not run.errors and not run.warnings and not run.inconsistencies, (name, run.problems())


@pytest.mark.arelle
@pytest.mark.parametrize("kind", ["xbri", "xbr"])
def test_every_report_package_opens_on_its_own_in_arelle(written, kind):
    for name, files in written.items():
        run = run_arelle(files[kind], extra=["--formula", "none"])
        assert run.returncode == 0 and not run.errors and not run.warnings and not run.inconsistencies, (name, run.problems())
        assert any("loaded" in m.text for m in run.at("info"))


@pytest.mark.arelle
def test_arelle_reads_one_fact_set_from_every_format_equal_to_the_model(reports, written, taxonomy_package, tmp_path):
    """Instance, Inline XBRL, xBRL-JSON, xBRL-CSV (all five reports), .xbri and .xbr: one fact list,
    the model's (issue 5)."""
    from exporters.oim import oim_files
    from tests.arelle_oim import model_fact_list, normalised, run_arelle_batch

    targets: dict = {}
    for name, report in reports.items():
        for path, data in oim_files(report).items():
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_bytes(data)
        oim = [tmp_path / p for p in oim_files(report) if p.endswith(".json")]
        targets[name] = [written[name]["instance"], written[name]["inline"], *oim]
    run = run_arelle_batch([t for ts in targets.values() for t in ts], packages=[taxonomy_package])
    assert not run.errors and not run.warnings and not run.inconsistencies, run.problems()
    for name, files in targets.items():
        expected = sorted(set(model_fact_list(instance_facts(reports[name]))))
        for target in files:
            assert sorted(set(run.fact_list(target))) == expected, target.name
    name = "kc-2025-Q2"  # the damaged wire-service release: repaired rows, inserted column
    expected = sorted(set(model_fact_list(instance_facts(reports[name]))))
    for package in (written[name]["xbri"], written[name]["xbr"]):  # an archive opens on its own, with its taxonomy
        alone = run_arelle_batch([package])
        assert not alone.errors and not alone.warnings and not alone.inconsistencies, alone.problems()
        (listed,) = alone.facts.values()
        assert sorted(set(normalised(listed))) == expected, package.name


def test_every_fact_of_the_report_is_tagged_and_nothing_else(reports):
    for report in reports.values():
        page = etree.fromstring(ixbrl_bytes(report))
        names = {e.get("name").removeprefix("kc:") for e in page.iter(f"{IX}nonFraction", f"{IX}nonNumeric")}
        assert names == {f.concept for f in instance_facts(report)}
        assert len({e.get("id") for e in page.iter(f"{IX}nonFraction")}) == len(list(page.iter(f"{IX}nonFraction")))


def test_a_negated_row_keeps_its_parentheses_outside_the_tag_and_no_sign(reports):
    # the FY2024 announcement (000 line 361): Cost of revenues (6,444,254): stored +6,444,254,000
    page = ixbrl_bytes(reports["kc-2024-FY"]).decode()
    tag = re.search(r'\(<ix:nonFraction name="kc:CostOfRevenue" contextRef="D2024-01-01_2024-12-31" id="\w+" '
                    r'unitRef="CNY" decimals="-3"[^>]*>6,444,254</ix:nonFraction>\)', page)
    assert tag is not None and 'format="ixt:num-dot-decimal" scale="3"' in tag.group(0)
    assert 'sign="-"' not in tag.group(0)


def test_a_real_negative_carries_sign_minus(reports):
    # line 377: Net loss (1,979,042): stored -1,979,042,000
    page = ixbrl_bytes(reports["kc-2024-FY"]).decode()
    tag = re.search(r'name="kc:ProfitLoss" contextRef="D2024-01-01_2024-12-31" id="\w+" unitRef="CNY" decimals="-3"[^>]*>', page)
    assert tag is not None and 'sign="-"' in tag.group(0)
    assert page[tag.end():].startswith("1,979,042</ix:nonFraction>")


def test_a_dash_is_fixed_zero_and_a_percentage_is_scaled(reports):
    page = ixbrl_bytes(reports["kc-2024-FY"]).decode()
    # line 405: Short-term investments 2023 "–"; line 105: gross margin 17.2 under (%)
    assert 'format="ixt:fixed-zero">–</ix:nonFraction>' in page
    tag = page[page.index('name="kc:GrossMargin" contextRef="D2024-01-01_2024-12-31"'):][:300]
    assert 'decimals="3" format="ixt:num-dot-decimal" scale="-2">17.2</ix:nonFraction>' in tag


def test_the_same_report_gives_the_same_bytes(reports, written):
    for name, report in reports.items():
        assert ixbrl_bytes(report) == written[name]["inline"].read_bytes()


def test_a_report_package_holds_its_report_and_the_taxonomy(written):
    with zipfile.ZipFile(written["kc-2024-FY"]["xbri"]) as archive:
        names = set(archive.namelist())
        metadata = archive.read("kc-2024-FY/META-INF/reportPackage.json")
    top = "kc-2024-FY"
    assert {f"{top}/META-INF/reportPackage.json", f"{top}/reports/{top}.xhtml", f"{top}/META-INF/catalog.xml",
            f"{top}/META-INF/taxonomyPackage.xml", f"{top}/kc/kc.xsd"} <= names
    assert b'"documentType": "https://xbrl.org/report-package/2023/xbri"' in metadata


def test_the_narrative_tags_a_prose_figure_with_its_scale_and_a_stated_loss_with_sign(seed_reports):
    # 003 line 97: "Net loss was RMB1,061.1 million" -> ProfitLoss -1,061,100,000 (decimals -5), the loss
    # stated as a positive figure: sign="-", scale 6 for "million"; the table's (1,061,066) stays decimals -3
    page = ixbrl_bytes(seed_reports["kc-2024-Q3"]).decode()
    tag = re.search(r'Net loss was RMB<ix:nonFraction name="kc:ProfitLoss" contextRef="D2024-07-01_2024-09-30" [^>]*>', page)
    assert tag is not None
    assert all(a in tag.group(0) for a in ('decimals="-5"', 'scale="6"', 'sign="-"', 'format="ixt:num-dot-decimal"'))
    assert page[tag.end():].startswith("1,061.1</ix:nonFraction> million")
