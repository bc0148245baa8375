"""The XBRL 2.1 instance of a Report: judged by Arelle, read back, byte-stable (issue 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from exporters.xbrl import instance_bytes, load_instance
from kcmodel import KcError
from tests.arelle import run_arelle
from tests.statements import fy2024_report

XBRLI = "{http://www.xbrl.org/2003/instance}"


@pytest.fixture(scope="module")
def report():
    return fy2024_report()


@pytest.fixture(scope="module")
def instance_file(report, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("instance") / "fy2024.xbrl"
    path.write_bytes(instance_bytes(report))
    return path


@pytest.mark.arelle
def test_arelle_validates_the_fy2024_statements_with_calc_1_1(instance_file, taxonomy_package):
    run = run_arelle(instance_file, packages=[taxonomy_package])
    assert run.returncode == 0 and not run.errors and not run.inconsistencies and not run.warnings, run.problems()


@pytest.mark.arelle
def test_arelle_reports_a_total_altered_by_5000_thousand(report, taxonomy_package, tmp_path):
    # 000_74d97d5e07486dff.txt line 368: Total operating expenses (3,079,936) -> 3,084,936
    tree = etree.fromstring(instance_bytes(report))
    total = next(e for e in tree if etree.QName(e).localname == "OperatingExpenses"
                 and e.get("contextRef") == "D2024-01-01_2024-12-31" and e.get("unitRef") == "CNY")
    assert total.text == "3079936000"
    total.text = "3084936000"
    altered = tmp_path / "altered.xbrl"
    altered.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    run = run_arelle(altered, packages=[taxonomy_package])
    assert not run.errors, run.problems()
    assert "calc11e:inconsistentCalculationUsingRounding" in run.codes("inconsistency")
    assert all("OperatingExpenses" in m.text or "OperatingIncomeLoss" in m.text for m in run.inconsistencies), run.problems()


def test_the_instance_reads_back_into_an_equal_report(report, instance_file):
    assert load_instance(instance_file) == report


def test_the_same_report_gives_the_same_bytes(report):
    assert instance_bytes(report) == instance_bytes(fy2024_report())


def test_contexts_and_units_are_written_once_with_readable_ids(instance_file):
    tree = etree.parse(str(instance_file)).getroot()
    contexts = [c.get("id") for c in tree.iter(f"{XBRLI}context")]
    units = [u.get("id") for u in tree.iter(f"{XBRLI}unit")]
    assert len(contexts) == len(set(contexts)) and len(units) == len(set(units))
    assert {"D2024-01-01_2024-12-31", "I2024-12-31", "I2023-12-31", "D2024-01-01_2024-12-31_PublicCloudServices"} <= set(contexts)
    assert set(units) == {"CNY", "USD", "CNY-per-shares", "USD-per-shares", "shares", "CNY-per-USD"}


def test_amounts_in_thousands_are_multiplied_out_with_decimals_minus_3(instance_file):
    tree = etree.parse(str(instance_file)).getroot()
    revenues = [e for e in tree if etree.QName(e).localname == "Revenues" and e.get("contextRef") == "D2024-01-01_2024-12-31"]
    assert {(e.get("unitRef"), e.text, e.get("decimals")) for e in revenues} == {
        ("CNY", "7785180000", "-3"), ("USD", "1066566000", "-3")}
    eps = next(e for e in tree if etree.QName(e).localname == "EarningsPerShareBasicAndDiluted" and e.get("unitRef") == "CNY-per-shares"
               and e.get("contextRef") == "D2024-01-01_2024-12-31")
    assert (eps.text, eps.get("decimals")) == ("-0.54", "2")
    rate = next(e for e in tree if etree.QName(e).localname == "ConvenienceTranslationExchangeRate")
    assert (rate.text, rate.get("decimals"), rate.get("contextRef"), rate.get("unitRef")) == ("7.2993", "4", "I2024-12-31", "CNY-per-USD")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance">&lol2;</xbrli:xbrl>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance">&secret;</xbrli:xbrl>
"""


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["entity-expansion", "external-entity"])
def test_the_loader_refuses_documents_with_a_dtd(hostile, tmp_path):
    path = tmp_path / "hostile.xbrl"
    path.write_bytes(hostile)
    with pytest.raises(KcError) as caught:
        load_instance(path)
    assert str(caught.value).startswith(f"{path}:")
    assert "document type declaration is not accepted" in str(caught.value)


def test_the_loader_names_file_and_line_of_broken_xml(tmp_path):
    path = tmp_path / "broken.xbrl"
    path.write_bytes(b'<?xml version="1.0"?>\n<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance">\n<a>\n</xbrli:xbrl>\n')
    with pytest.raises(KcError, match=rf"^{path}:4: not well-formed XML"):
        load_instance(path)


def test_the_loader_refuses_an_instance_of_another_taxonomy(tmp_path):
    path = tmp_path / "other.xbrl"
    path.write_bytes(b'<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase" '
                     b'xmlns:xlink="http://www.w3.org/1999/xlink"><link:schemaRef xlink:type="simple" xlink:href="other.xsd"/></xbrli:xbrl>')
    with pytest.raises(KcError, match="not a kc instance"):
        load_instance(path)


def test_the_loader_refuses_a_currency_kcmodel_does_not_report_in_naming_its_line(report, tmp_path):
    # iso4217:EUR is a currency Arelle accepts; kcmodel's currencies are CNY, USD and HKD (docs/conventions.md §2)
    text = instance_bytes(report).decode("utf-8")
    measure = "<xbrli:measure>iso4217:USD</xbrli:measure>"
    assert measure in text
    euro = text.replace(measure, "<xbrli:measure>iso4217:EUR</xbrli:measure>", 1)
    path = tmp_path / "euro.xbrl"
    path.write_text(euro, encoding="utf-8")
    line = euro[:euro.index("iso4217:EUR")].count("\n") + 1
    with pytest.raises(KcError, match=rf"^{path}:{line}: currency iso4217:EUR is not one kcmodel reports in \(CNY, USD, HKD\)$"):
        load_instance(path)
