"""Our Calculations 1.1 verdicts and Arelle's (`--calc c11r`) are the same, fact by fact (issue 4).

Compared on the instances of the five announcements (the bundled examples, and the seeds where
present), where both find nothing, and on the instances of every mutated copy of the mutation tests,
where the changed figures break sums."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from exporters.xbrl import instance_bytes
from exporters.xbrl.instance import instance_facts
from kcmodel.facts import FactRef
from kcmodel.ingest.reader import ingest_file
from kcmodel.report import Report
from kcmodel.validation.calculations import calculations
from tests.arelle import invoke
from tests.conftest import ingested
from tests.seedlines import place
from tests.test_mutations import MUTATIONS, mutate

INCONSISTENT = "calc11e:inconsistentCalculationUsingRounding"


def ours(report: Report, taxonomy) -> set[FactRef]:
    return {s.total.key for s in calculations(report.facts, taxonomy) if not s.consistent}


def arelle_inconsistencies(paths: list[Path], package: Path) -> dict[str, set[str]]:
    """Per instance file name, the ids of the totals Arelle finds inconsistent (one Arelle run)."""
    args = ["--workOffline", "-f", "|".join(str(p) for p in paths), "-v", "--calc", "c11r", "--packages", str(package)]
    with tempfile.TemporaryDirectory(prefix="arelle-") as scratch:
        _, entries = invoke(args, Path(scratch), timeout=1200)
    assert [e for e in entries if e["level"] in ("error", "fatal")] == []
    found: dict[str, set[str]] = {p.name: set() for p in paths}
    for entry in entries:
        if entry["code"] == INCONSISTENT:
            document, _, fact_id = entry["refs"][0]["href"].rpartition("#")
            found[Path(document).name].add(fact_id)
    return found


@pytest.mark.arelle
def test_our_calculation_findings_are_arelles_inconsistencies(source, taxonomy, taxonomy_package, tmp_path):
    reports: dict[str, Report] = {}
    for path in source.files:
        reports[f"{path.stem}.xbrl"] = ingested(path).report
    for n, (what, report, seed_line, old, new) in enumerate(MUTATIONS):
        copy = tmp_path / f"mutation-{n}"
        copy.mkdir()
        path, line = place(source, report, seed_line)
        reports[f"mutation-{n}.xbrl"] = ingest_file(mutate(path, copy, line, old, new)).report
    paths = []
    for name, report in reports.items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(instance_bytes(report))
    found = arelle_inconsistencies(paths, taxonomy_package)
    disagreements = {}
    for name, report in reports.items():
        ids = {f"f{n}": fact.key for n, fact in enumerate(instance_facts(report), start=1)}
        theirs = {ids[i] for i in found[name]}
        if theirs != ours(report, taxonomy):
            disagreements[name] = (sorted(f.concept for f in theirs), sorted(f.concept for f in ours(report, taxonomy)))
    assert disagreements == {}
    assert sum(bool(found[f"mutation-{n}.xbrl"]) for n in range(len(MUTATIONS))) >= 10, "too few mutations break a sum"
    assert all(not found[f"{p.stem}.xbrl"] for p in source.files)
