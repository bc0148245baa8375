"""The bundled examples, `kcmodel build`, and the instances it writes, judged by Arelle (issue 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kcmodel.ingest.reader import ingest_file
from tests.arelle import run_arelle
from tests.conftest import ingested
from tests.output_digests import RECORDED, differences, digests, recorded
from tests.test_cli import kcmodel

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "announcements"


def facts(path: Path) -> set:
    """A report's facts printed in its tables, without provenance (the example's lines are not the
    announcement's), and without what only its prose prints: the examples carry no prose."""
    report = ingest_file(path).report
    tabled = (f for f in report.facts if any(p.sentence is None for p in f.provenance) or f.derived)
    return {(f.concept, f.context, f.unit, f.value, f.decimals, f.translation and f.translation.source) for f in tabled}, \
        report.document


@pytest.fixture(scope="module")
def built(cli_build) -> Path:
    """The bundled examples built by the command, once per session (conftest)."""
    return cli_build


def test_the_examples_give_the_same_facts_as_the_announcements(seeds):
    from_seeds = dict(facts(p)[::-1] for p in sorted(seeds.glob("*.txt")))
    from_examples = dict(facts(p)[::-1] for p in sorted(EXAMPLES.glob("*.txt")))
    strip = lambda d: d.model_copy(update={"source": "", "title": ""})
    assert {strip(d): f for d, f in from_seeds.items()} == {strip(d): f for d, f in from_examples.items()}
    assert len(from_seeds) == 5


def test_the_examples_carry_no_prose(seeds):
    sentences = {line.strip() for p in seeds.glob("*.txt") for line in p.read_text(encoding="utf-8").splitlines()
                 if len(line.split()) > 12 and "\t" not in line}
    copied = [line for p in EXAMPLES.glob("*.txt") for line in p.read_text(encoding="utf-8").splitlines()
              if line.strip() in sentences]
    assert copied == []


def test_build_writes_the_manifest_of_every_output(built):
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    artifacts = manifest["artifacts"]
    assert {a["kind"] for a in artifacts} >= {"taxonomy-package", "xbrl-instance", "ixbrl", "xbrl-json", "xbrl-csv", "report-package", "findings",
                                                  "html-report", "rdf-turtle", "rdf-trig", "rdf-nquads", "rdf-jsonld"}
    findings = json.loads((built / "findings.json").read_text(encoding="utf-8"))
    assert findings["counts"]["error"] == 0 and {"code", "severity", "message", "facts", "lines"} <= set(findings["findings"][0])
    instances = [a for a in artifacts if a["kind"] == "xbrl-instance"]
    assert sorted(a["report"] for a in instances) == ["kc-2024-FY", "kc-2024-Q3", "kc-2025-FY", "kc-2025-H1", "kc-2025-Q2"]
    assert sorted(a["source"] for a in instances) == sorted(p.name for p in EXAMPLES.glob("*.txt"))
    assert all((built / a["path"]).is_file() for a in artifacts)
    assert set(artifacts[0]) == {"path", "kind", "report", "source"}


@pytest.mark.slow  # a whole second build
def test_two_builds_are_byte_identical(built, tmp_path):
    kcmodel("build", "--out", str(tmp_path))
    first = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first == second


def test_a_build_of_the_examples_has_the_recorded_bytes_file_by_file(built):
    """Speed work changes no output byte (issue 14): the digests were recorded from a build made before
    it began; an intended change is recorded again with `python -m tests.output_digests --record`."""
    changed = differences(recorded(), digests(built))
    assert not changed, (f"{len(changed)} files differ from {RECORDED.name} (python -m tests.output_digests "
                         "prints them; --record records an intended change):\n" + "\n".join(changed))


@pytest.mark.arelle
def test_every_instance_built_passes_arelle_with_calc_1_1(source, tmp_path):
    done = kcmodel("build", str(source.folder), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    package = next(tmp_path / a["path"] for a in manifest["artifacts"] if a["kind"] == "taxonomy-package")
    for artifact in (a for a in manifest["artifacts"] if a["kind"] == "xbrl-instance"):
        run = run_arelle(tmp_path / artifact["path"], packages=[package])
        assert run.returncode == 0 and not run.errors and not run.warnings, (artifact["source"], run.problems())
        assert not run.inconsistencies, (artifact["source"], run.problems())


def test_at_least_99_percent_of_the_data_figures_become_facts(source):
    ledgers = [ingested(p).ledger for p in source.files]
    data = [e for ledger in ledgers for e in ledger.data_figures]
    assert sum(e.taken for e in data) / len(data) >= 0.99
    assert all(e.reason is not None and e.reason.value for ledger in ledgers for e in ledger.entries if not e.taken)
