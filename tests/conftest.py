"""Shared fixtures: the taxonomy, its package zip, the two sources of announcements, and the work
done on them once per session.

The two sources hold the same five announcements: the bundled examples (examples/announcements/, the
tables only: figures and row labels) come with every clone; the seeds (../shared/seeds, the full
announcements with their prose) may be absent. A test of what the tables show takes the ``source``
fixture and runs on both; a test of a seed's line numbers or of its prose takes ``seeds``.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest

from exporters.packages import write_taxonomy_package
from kcmodel.taxonomy import Taxonomy

if TYPE_CHECKING:
    from kcmodel.ingest.reader import Ingested

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("KCMODEL_SEEDS", ROOT.parent / "shared" / "seeds"))
EXAMPLES = ROOT / "examples" / "announcements"

# The seed of each report; the bundled example of a report is named by its id (kc-2024-FY.txt).
SEED_FILES = {
    "kc-2024-FY": "000_74d97d5e07486dff.txt",  # annual results FY2024 (HKEX layout, notes column)
    "kc-2025-H1": "001_8410975dc4ccff92.txt",  # interim results H1 2025
    "kc-2025-FY": "002_f9d89c61d7d6e4d6.txt",  # annual results FY2025
    "kc-2024-Q3": "003_5d25836ba150503a.txt",  # earnings release Q3 2024
    "kc-2025-Q2": "004_72f8a6b0e56348f2.txt",  # wire-service copy of the Q2 2025 release (damaged tables)
}
REPORTS = sorted(SEED_FILES)


@dataclass(frozen=True)
class Source:
    """A folder of the five announcements: ``examples`` (bundled) or ``seeds`` (../shared)."""

    name: str
    folder: Path

    def file(self, report: str) -> Path:
        """The announcement of a report id (``kc-2025-Q2``)."""
        return self.folder / (SEED_FILES[report] if self.name == "seeds" else f"{report}.txt")

    @property
    def files(self) -> list[Path]:
        return sorted(self.folder.glob("*.txt"))


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return Taxonomy.load()


@pytest.fixture(scope="session")
def taxonomy_package(taxonomy: Taxonomy, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_taxonomy_package(taxonomy, tmp_path_factory.mktemp("taxonomy"))


def require(what: str, present: bool) -> None:
    """The one rule for what a test needs beyond the code: on CI (CI=true) its absence fails the test,
    because .ci/run installs everything; elsewhere the test is skipped, saying what is missing."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing on CI (.ci/run provides it)")
    pytest.skip(f"{what} is absent")


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The announcements (../shared/seeds, or $KCMODEL_SEEDS)."""
    require(f"the seeds folder {SEEDS}", SEEDS.is_dir())
    return SEEDS


# The seeds' run of a test is made where they are, and on CI, where their absence fails it (require);
# a clone without them runs the test on the examples alone (the report header says so).
SOURCES = ["examples", "seeds"] if SEEDS.is_dir() or os.environ.get("CI") else ["examples"]


@pytest.fixture(scope="session", params=SOURCES)
def source(request: pytest.FixtureRequest) -> Source:
    """Each source in turn: the test runs on the bundled examples always, on the seeds where present."""
    if request.param == "seeds":
        return Source("seeds", request.getfixturevalue("seeds"))
    return Source("examples", EXAMPLES)


@functools.cache
def ingested(path: Path) -> Ingested:
    """One announcement ingested once per session: the tests that read it share it (its report is a
    frozen model; none of them changes its ledger or findings)."""
    from kcmodel.ingest.reader import ingest_file

    return ingest_file(path)


@functools.cache
def _build(folder: Path, out: Path) -> SimpleNamespace:
    """The work of ``built``, once per folder: ingest (shared), validate, write, and the quads."""
    from exporters.artifacts import write_instances
    from exporters.manifest import write_manifest
    from exporters.rdf.graph import DatasetQuads
    from exporters.rdf.writer import write_rdf
    from kcmodel.report import Dataset
    from kcmodel.validation import sort, validate

    done = [ingested(p) for p in sorted(folder.glob("*.txt"))]
    dataset = Dataset(reports=tuple(r.report for r in done))
    findings = sort([*(f for r in done for f in r.findings), *validate(dataset.reports)])
    artifacts = write_instances(dataset, findings, out) + write_rdf(dataset, findings, out)
    write_manifest(artifacts, out)
    quads = DatasetQuads(dataset, findings).quads
    return SimpleNamespace(out=out, dataset=dataset, findings=findings, artifacts=artifacts, quads=quads)


def built(source: Source, tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """A source ingested, validated and written as ``kcmodel build`` writes its XBRL instances and RDF,
    with the manifest: once per source and session (out, dataset, findings, artifacts, quads)."""
    out = Path(tmp_path_factory.getbasetemp()) / f"build-{source.name}"
    out.mkdir(exist_ok=True)
    return _build(source.folder, out)


@pytest.fixture(scope="session")
def build(source: Source, tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The build of each source in turn."""
    return built(source, tmp_path_factory)


@pytest.fixture(scope="session")
def examples_build(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The build of the bundled examples, for tests of the writers and stores the seeds add nothing to."""
    return built(Source("examples", EXAMPLES), tmp_path_factory)


@pytest.fixture(scope="session")
def seed_build(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The build of the seeds, for tests of their prose or their lines."""
    return built(Source("seeds", seeds), tmp_path_factory)


@pytest.fixture(scope="session")
def browser():
    """The one headless Chromium of the run, for every browser test (tests/browser.py)."""
    from tests.browser import shared

    return shared()


def pytest_sessionfinish() -> None:
    """Close the shared Chromium, if a test started it."""
    harness = sys.modules.get("tests.browser")
    if harness is not None:
        harness.close()


@pytest.fixture(scope="session")
def cli_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kcmodel build`` of the bundled examples, run once per session as a user runs it (read it, never
    write into it): the outputs the command-line tests convert, edit copies of and compare."""
    from tests.test_cli import kcmodel

    out = tmp_path_factory.mktemp("cli-build") / "out"
    done = kcmodel("build", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


# The inner loop is `pytest -m "not slow"` (README): what the bundled examples show, without Arelle,
# the browser, the PDF printer, the fuzzing, real servers and timeouts, SHACL, whole second builds, and
# the SPARQL queries over the whole graph in two stores, the RDF files parsed back, and the hostile
# inputs fed to the command line (a process of its own for each case: about half a second of CPU).
# Everything that reads the seeds is slow too (their run of a test that runs on the examples, and the
# tests of their prose and their lines): CI runs it all.
SLOW_MODULES = frozenset({"test_html_browser", "test_ixbrl_render", "test_form_pdf", "test_ingest_fuzz",
                          "test_build_atomic", "test_sparql_confinement", "test_rdf_server", "test_calc_agreement",
                          "test_mutations", "test_rdf_queries", "test_hostile_values", "test_ingest_hostile"})


def pytest_report_header() -> str:
    if "seeds" in SOURCES:
        return f"sources: the bundled examples and the seeds ({SEEDS})"
    return (f"sources: the bundled examples only ({SEEDS} is absent: the tests of the seeds' prose and "
            "lines skip)")


def _source(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("source") if callspec else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what needs the seeds (``-m "not seeds"`` is a fresh clone) and what the inner loop leaves out."""
    for item in items:
        seeds = _source(item) == "seeds" or "seeds" in item.fixturenames
        if seeds:
            item.add_marker(pytest.mark.seeds)
        if seeds or item.get_closest_marker("arelle") or item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
