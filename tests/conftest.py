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


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The announcements; CI (CI=true) fails without them, elsewhere the test is skipped."""
    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"the seeds folder {SEEDS} is missing on CI")
        pytest.skip(f"the seeds folder {SEEDS} is absent")
    return SEEDS
