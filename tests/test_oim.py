"""xBRL-JSON and xBRL-CSV (OIM 1.0): clean in Arelle, one fact set with the XML instance and the
model, provenance and translations kept, read back into equal Reports, byte-stable (issue 5).

Arelle runs twice for each source of the five announcements (the bundled examples, and the seeds
where present): once over every file (the five reports' instance, xBRL-JSON and xBRL-CSV, and an
edge-case report's three), validating and listing facts; once over the five instances with
``--plugins saveLoadableOIM --saveLoadableOIMDirectory``, its own OIM export.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exporters.oim import csv_files, json_bytes, load_oim, oim_files
from exporters.xbrl import instance_bytes
from exporters.xbrl.instance import instance_facts
from kcmodel import KcError, Provenance, Report
from kcmodel.ingest.reader import ingest_file
from kcmodel.units import CNY, SHARES
from tests.arelle_oim import model_fact_list, model_links, run_arelle_batch
from tests.conftest import ingested
from tests.statements import fy2024_report

FORMATS = ("instance", "json", "csv")


def write(report: Report, directory: Path) -> dict[str, Path]:
    """The report's XML instance and OIM files in ``directory``; the paths Arelle and we load."""
    name = report.id
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.xbrl").write_bytes(instance_bytes(report))
    for relative, data in oim_files(report).items():
        (directory / relative).parent.mkdir(parents=True, exist_ok=True)
        (directory / relative).write_bytes(data)
    return {"instance": directory / f"{name}.xbrl", "json": directory / f"{name}.json",
            "csv": directory / f"{name}-csv" / "metadata.json"}


def edge_report() -> Report:
    """The FY2024 statements with what escaping must survive: a nil fact, an empty string, text and
    provenance starting with '#' and holding markup characters, tabs, quotes and Chinese."""
    base = fy2024_report()
    document = base.document.model_copy(update={"title": '#1 R&D, <b>not markup</b>\t"quoted" 年度业绩', "document_type": ""})
    facts = list(base.facts)
    nil = next(i for i, f in enumerate(facts) if f.unit == SHARES)  # shares take part in no calculation
    facts[nil] = facts[nil].model_copy(update={"value": None, "decimals": None})
    odd = next(i for i, f in enumerate(facts) if f.unit == CNY and f.provenance)
    strange = Provenance(document=base.document.source, line=7, label="#Research & development <R&D> 研发",
                         text='(1,234) "x" & <y>')
    facts[odd] = facts[odd].with_provenance(strange)
    return Report(document=document, facts=tuple(facts))


@pytest.fixture(scope="module")
def reports(source) -> dict[str, Report]:
    """The five reports of each source (the bundled examples, and the seeds where present)."""
    built = (ingested(path).report.as_reported() for path in source.files)
    return {report.id: report for report in built}


@pytest.fixture(scope="module")
def written(reports, tmp_path_factory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("oim")
    files = {name: write(report, out) for name, report in reports.items()}
    files["edge"] = write(edge_report(), out / "edge")
    return files


@pytest.fixture(scope="module")
def arelle(written, taxonomy_package):
    return run_arelle_batch([path for files in written.values() for path in files.values()], packages=[taxonomy_package])


@pytest.fixture(scope="module")
def arelle_exports(written, taxonomy_package, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("arelle-oim")
    instances = [files["instance"] for name, files in written.items() if name != "edge"]
    run = run_arelle_batch(instances, packages=[taxonomy_package], plugins=["saveLoadableOIM"],
                           extra=["--saveLoadableOIMDirectory", str(out)], validate=False)
    assert not run.errors, run.problems()
    return out


# --- Arelle, the judge ---------------------------------------------------------------------------


@pytest.mark.arelle
def test_arelle_loads_every_output_offline_without_errors_warnings_or_inconsistencies(arelle, written):
    assert arelle.returncode == 0 and not arelle.errors and not arelle.warnings, arelle.problems()
    assert not arelle.inconsistencies, arelle.problems()
    for files in written.values():
        for path in files.values():
            assert str(path.resolve()) in arelle.facts, f"Arelle did not load {path}"


@pytest.mark.arelle
def test_arelle_reads_one_fact_set_from_instance_json_and_csv_equal_to_the_model(arelle, written, reports):
    for name, report in [*reports.items(), ("edge", edge_report())]:
        expected = model_fact_list(instance_facts(report))
        for kind in FORMATS:
            found = arelle.fact_list(written[name][kind])
            assert found == expected, (name, kind, sorted(set(found) ^ set(expected), key=repr)[:5])


@pytest.mark.arelle
def test_arelle_keeps_provenance_notes_and_translation_links_in_every_format(arelle, written, reports):
    for name, report in [*reports.items(), ("edge", edge_report())]:
        expected = model_links(instance_facts(report))
        assert sum(len(notes) for notes, _ in expected.values()) > 0
        for kind in FORMATS:
            found = arelle.links(written[name][kind])
            wrong = [fact for fact in expected if found.get(fact) != expected[fact]]
            assert not wrong, (name, kind, wrong[0], found.get(wrong[0]), expected[wrong[0]])


@pytest.mark.arelle
def test_arelle_s_own_xbrl_json_export_of_the_instance_reads_back_into_an_equal_report(arelle_exports, reports):
    for name, report in reports.items():
        exported = arelle_exports / f"{name}.json"
        document = json.loads(exported.read_text(encoding="utf-8"))
        notes = [f for f in document["facts"].values() if f["dimensions"]["concept"] == "xbrl:note"]
        # Arelle keeps our footnotes: one per place a fact is printed, its prose duplicates' included
        assert len(notes) == sum(len(f.provenance) + sum(len(d.provenance) for d in f.duplicates) for f in report.facts)
        assert load_oim(exported) == report, name


# --- our loaders and writers ---------------------------------------------------------------------


def test_our_json_and_csv_read_back_into_equal_reports(written, reports):
    for name, report in reports.items():
        assert load_oim(written[name]["json"]) == report, name
        assert load_oim(written[name]["csv"]) == report, name
        assert load_oim(written[name]["csv"].parent) == report, name  # the directory will do


def test_the_edge_report_survives_both_formats(tmp_path):
    report = edge_report()
    files = write(report, tmp_path)
    assert load_oim(files["json"]) == report
    assert load_oim(files["csv"]) == report
    facts = (tmp_path / f"{report.id}-csv" / "facts.csv").read_text(encoding="utf-8")
    assert "#nil" in facts and "#empty" in facts and '"##1 R&D' in facts


def test_two_writes_give_the_same_bytes(source, reports):
    path = source.files[0]
    again = ingest_file(path).report.as_reported()
    assert oim_files(again) == oim_files(reports[again.id])


def test_two_writes_of_the_statements_give_the_same_bytes():
    assert oim_files(fy2024_report()) == oim_files(fy2024_report())


def test_oim_files_are_named_by_report_id():
    assert sorted(oim_files(fy2024_report())) == [
        "kc-2024-FY-csv/facts.csv", "kc-2024-FY-csv/metadata.json", "kc-2024-FY-csv/notes.csv", "kc-2024-FY.json"]


def test_json_aspects_follow_oim():
    document = json.loads(json_bytes(fy2024_report()))
    info = document["documentInfo"]
    assert info["documentType"] == "https://xbrl.org/2021/xbrl-json"
    assert info["taxonomy"] == ["https://kcmodel.org/taxonomy/2025/kc.xsd"]
    assert info["namespaces"]["cik"] == "http://www.sec.gov/CIK" and info["namespaces"]["kc"] == "https://kcmodel.org/taxonomy/2025/kc"
    assert info["linkTypes"]["translation-source"] == "https://kcmodel.org/taxonomy/2025/kc/arcrole/translation-source"
    facts = document["facts"]
    revenues = facts["Revenues_D2024-01-01_2024-12-31_CNY"]
    assert revenues["dimensions"] == {"concept": "kc:Revenues", "entity": "cik:0001795589",
                                      "period": "2024-01-01T00:00:00/2025-01-01T00:00:00", "unit": "iso4217:CNY"}
    assert (revenues["decimals"], revenues["value"]) == (-3, "7785180000")
    usd = facts["Revenues_D2024-01-01_2024-12-31_USD"]
    assert usd["value"] == "1066566000"
    assert usd["links"]["translation-source"] == {"_": ["Revenues_D2024-01-01_2024-12-31_CNY"]}
    assert usd["links"]["translation-rate"] == {"_": ["ConvenienceTranslationExchangeRate_I2024-12-31_CNY-per-USD"]}
    rate = facts["ConvenienceTranslationExchangeRate_I2024-12-31_CNY-per-USD"]
    assert rate["dimensions"]["period"] == "2025-01-01T00:00:00"  # the instant Dec 31: the end of that day
    assert (rate["dimensions"]["unit"], rate["decimals"], rate["value"]) == ("iso4217:CNY/iso4217:USD", 4, "7.2993")
    eps = facts["EarningsPerShareBasicAndDiluted_D2024-01-01_2024-12-31_CNY-per-shares"]
    assert (eps["dimensions"]["unit"], eps["decimals"], eps["value"]) == ("iso4217:CNY/xbrli:shares", 2, "-0.54")
    note = facts[revenues["links"]["footnote"]["_"][0]]
    assert note["dimensions"] == {"concept": "xbrl:note", "language": "en", "noteId": revenues["links"]["footnote"]["_"][0]}
    assert json.loads(note["value"])["label"]
    public = facts["Revenues_D2024-01-01_2024-12-31_PublicCloudServices_CNY"]
    assert public["dimensions"]["kc:ProductOrServiceAxis"] == "kc:PublicCloudServicesMember"


def test_a_pure_fact_has_no_unit_dimension(reports, source):
    report = reports["kc-2024-FY"]
    document = json.loads(json_bytes(report))
    pure = [f for f in document["facts"].values() if f["dimensions"]["concept"] != "xbrl:note" and "decimals" in f
            and "unit" not in f["dimensions"]]
    margins = [f for f in pure if f["dimensions"]["concept"].endswith("Margin")]
    assert margins and all(f["decimals"] == 3 for f in margins)  # percentages as fractions, decimals 3
    # employees (000's table), the gearing ratio its prose states (000 line 266, a fraction), and the
    # year-on-year changes of its highlights table and prose (000 lines 76-80, "10.5%" and the like)
    # (the bundled examples carry the tables only: no gearing ratio)
    prose = {"kc:GearingRatio"} if source.name == "seeds" else set()
    assert {f["dimensions"]["concept"] for f in pure if f not in margins} == {
        "kc:EntityNumberOfEmployees", "kc:RelativeChange", *prose}


# --- bad input: a KcError naming the file (and line), never a traceback --------------------------


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict[str, Path]:
    return write(fy2024_report(), tmp_path_factory.mktemp("good"))


def _copy(tmp_path: Path, good: dict[str, Path], kind: str) -> Path:
    if kind == "json":
        target = tmp_path / "report.json"
        target.write_bytes(good["json"].read_bytes())
        return target
    target = tmp_path / "csv"
    target.mkdir()
    for path in good["csv"].parent.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    return target / "metadata.json"


def _fails(path: Path, *fragments: str, line: int | None = None, file: Path | None = None) -> KcError:
    with pytest.raises(KcError) as caught:
        load_oim(path)
    message = str(caught.value)
    where = f"{file or path}:{line}:" if line is not None else f"{file or path}:"
    assert message.startswith(where), message
    for fragment in fragments:
        assert fragment in message, message
    return caught.value


def test_invalid_json_names_file_and_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "documentInfo": {\n    "documentType": "https://xbrl.org/2021/xbrl-json",\n  }\n}\n')
    _fails(path, "not valid JSON", line=4)


@pytest.mark.parametrize("text, fragment", [
    ('{"documentInfo": {"documentType": "https://example.com/other"}}', "not an OIM report"),
    ('{"documentInfo": {"documentType": "https://xbrl.org/2021/xbrl-json"}, "facts": {}}', "taxonomy"),
    ('[1, 2, 3]', "not an OIM report"),
    ('{"a": 1, "a": 2}', "appears twice"),
    ('{"documentInfo": {"documentType": NaN}}', "NaN"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
], ids=["wrong-document-type", "no-taxonomy", "not-an-object", "duplicate-key", "nan", "deep-nesting"])
def test_wrong_json_documents_are_refused(tmp_path, text, fragment):
    path = tmp_path / "report.json"
    path.write_text(text)
    _fails(path, fragment)


def test_text_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "report.json"
    path.write_bytes(b'{"documentInfo": {"documentType": "\xff"}}')
    _fails(path, "not UTF-8")


def test_a_missing_file_is_named(tmp_path):
    _fails(tmp_path / "absent.json", "cannot read")


def test_an_unknown_concept_in_json_names_the_fact_line(tmp_path, good):
    path = _copy(tmp_path, good, "json")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"concept": "kc:Revenues"', '"concept": "kc:NoSuchConcept"', 1), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, content in enumerate(lines, start=1) if '"Revenues_' in content and content.rstrip().endswith("{"))
    _fails(path, "unknown concept 'NoSuchConcept'", line=line)


def test_an_unknown_concept_in_csv_names_the_table_and_row(tmp_path, good):
    path = _copy(tmp_path, good, "csv")
    table = path.parent / "facts.csv"
    rows = table.read_text(encoding="utf-8").splitlines()
    number = next(n for n, row in enumerate(rows, start=1) if ",kc:Revenues," in row)
    rows[number - 1] = rows[number - 1].replace(",kc:Revenues,", ",kc:NoSuchConcept,")
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    _fails(path, "unknown concept 'NoSuchConcept'", line=number, file=table)


@pytest.mark.parametrize("edit, fragment", [
    (lambda m: m["tables"]["facts"].update(url="../facts.csv"), "leaves the metadata's directory"),
    (lambda m: m["tables"]["facts"].update(url="/etc/passwd"), "not a relative path"),
    (lambda m: m["tables"]["facts"].update(url="absent.csv"), "is missing"),
    (lambda m: m["documentInfo"].update(documentType="https://xbrl.org/2021/xbrl-json"), "'tableTemplates'"),
    (lambda m: m["links"]["footnote"]["_"].update({"facts.r_Nothing.value": ["notes.r_None.note"]}), "no fact"),
    (lambda m: m["documentInfo"]["linkTypes"].pop("translation-rate"), "not declared in linkTypes"),
], ids=["parent-directory", "absolute-path", "missing-table", "json-type-on-csv", "unknown-link", "undeclared-link-type"])
def test_broken_csv_metadata_is_refused(tmp_path, good, edit, fragment):
    path = _copy(tmp_path, good, "csv")
    metadata = json.loads(path.read_text(encoding="utf-8"))
    edit(metadata)
    path.write_text(json.dumps(metadata), encoding="utf-8")
    _fails(path, fragment)


@pytest.mark.parametrize("old, new, fragment", [
    ("2024-01-01T00:00:00/2025-01-01T00:00:00", "2024-01-01T00:00:00/2025-01-01T12:00:00", "whole days"),
    ('"unit": "iso4217:CNY"', '"unit": "iso4217:CNY*iso4217:USD"', "one measure"),
    ('"unit": "iso4217:CNY"', '"unit": "iso4217:EUR"', "currency iso4217:EUR is not one kcmodel reports in (CNY, USD, HKD)"),
    ('"value": "2024-12-31"', '"value": "31/12/2024"', "'31/12/2024' is not a date (YYYY-MM-DD)"),
    ('"decimals": -3', '"decimals": -3.5', "decimals must be an integer"),
    ('"entity": "cik:0001795589"', '"entity": "sec:0001795589"', "not declared in namespaces"),
    ('{\\"document\\"', '{\\"documentation\\"', "Field required"),
], ids=["time-of-day", "product-unit", "other-currency", "day-first-date", "fractional-decimals", "unbound-prefix", "broken-provenance"])
def test_facts_kcmodel_cannot_hold_are_refused_with_their_line(tmp_path, good, old, new, fragment):
    path = _copy(tmp_path, good, "json")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    error = _fails(path, fragment)
    assert error.line is not None


def test_csv_files_match_what_oim_files_holds():
    report = fy2024_report()
    files = oim_files(report)
    assert {f"kc-2024-FY-csv/{k}": v for k, v in csv_files(report).items()} == {k: v for k, v in files.items() if "-csv/" in k}
