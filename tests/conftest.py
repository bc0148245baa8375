"""Shared fixtures: the taxonomy, its package zip, and the seeds folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exporters.packages import write_taxonomy_package
from kcmodel.taxonomy import Taxonomy

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("KCMODEL_SEEDS", ROOT.parent / "shared" / "seeds"))


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


# The inner loop is `pytest -m "not slow"` (README): everything but Arelle, the browser, the PDF
# printer, the fuzzing, real servers and timeouts, which CI runs in full.
SLOW_MODULES = frozenset({"test_html_browser", "test_ixbrl_render", "test_form_pdf", "test_ingest_fuzz",
                          "test_build_atomic", "test_sparql_confinement", "test_rdf_server", "test_calc_agreement",
                          "test_mutations"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("arelle") or item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
