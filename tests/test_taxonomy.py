"""The kc taxonomy: its source is coherent, its files are current, Arelle accepts the package."""

from __future__ import annotations

import zipfile

import pytest

from exporters.packages import taxonomy_package
from exporters.taxonomy import PACKAGE_ROOT, taxonomy_files
from kcmodel.taxonomy import TAXONOMY_DIR, ItemType, Taxonomy
from tests.arelle import run_arelle


@pytest.mark.arelle
def test_arelle_loads_the_taxonomy_package_with_no_errors_or_warnings(taxonomy_package):
    # Opening the package opens both entry points; the assertions are compiled and run in
    # test_formula.py (Arelle counts assertion results among errors, so they are not run here).
    run = run_arelle(taxonomy_package, extra=["--formula", "none"])
    assert run.returncode == 0 and not run.errors and not run.warnings, run.problems()
    assert any("kc.xsd" in m.text for m in run.at("info")), "Arelle did not open the entry point"


def test_the_committed_taxonomy_files_are_current(taxonomy):
    stale = [p for p, data in taxonomy_files(taxonomy).items() if (TAXONOMY_DIR / p).read_bytes() != data]
    assert not stale, f"regenerate with `kcmodel taxonomy --write-source-tree`: {stale}"


def test_the_package_has_one_top_directory_with_metadata_and_entry_point(taxonomy):
    with zipfile.ZipFile(__import__("io").BytesIO(taxonomy_package(taxonomy))) as archive:
        names = archive.namelist()
    assert {n.split("/")[0] for n in names} == {PACKAGE_ROOT}
    assert {f"{PACKAGE_ROOT}/META-INF/taxonomyPackage.xml", f"{PACKAGE_ROOT}/META-INF/catalog.xml", f"{PACKAGE_ROOT}/kc/kc.xsd"} <= set(names)


def test_the_package_is_byte_identical_across_builds(taxonomy):
    assert taxonomy_package(taxonomy) == taxonomy_package(taxonomy)


def test_every_line_item_documents_what_it_is_and_its_sign(taxonomy):
    items = [c for c in taxonomy.concepts.values() if c.kind == "item" and not c.abstract]
    assert [c.name for c in items if not c.documentation] == []


def test_calculation_weights_agree_with_balances(taxonomy):
    # XBRL 2.1 §5.1.1.2: between two concepts that both have a balance, like balances take +1, unlike -1.
    wrong = []
    for net in taxonomy.networks:
        for total, items in net.calculation.items():
            for item, weight in items.items():
                a, b = taxonomy.concepts[total].balance, taxonomy.concepts[item].balance
                if a and b and (weight > 0) != (a == b):
                    wrong.append((net.role, total, item, weight))
    assert wrong == []


def test_only_profit_measures_that_a_credit_balance_would_break_go_without_one(taxonomy):
    # A non-GAAP profit measure adds expense (debit) items back to a loss: as a credit it would
    # break §5.1.1.2, so it has no balance. Every other monetary concept has one.
    def credit_is_legal(total: str) -> bool:
        arcs = [(item, w) for net in taxonomy.networks for item, w in net.calculation.get(total, {}).items()]
        return all((w > 0) == (taxonomy.concepts[i].balance == "credit") for i, w in arcs if taxonomy.concepts[i].balance)

    unbalanced = [c.name for c in taxonomy.concepts.values() if c.type is ItemType.monetary and c.balance is None]
    assert unbalanced and [name for name in unbalanced if credit_is_legal(name)] == []


def test_a_footnote_marker_after_a_row_label_is_not_part_of_the_label():
    from kcmodel.rowlabels import normalize

    # a superscript marker is a footnote reference (NFKC would turn '¹' into the digit 1)
    assert normalize("Total revenues¹") == normalize("Total revenues[1]") == normalize("Total revenues")


def test_every_line_item_has_a_place_in_a_presentation_network():
    taxonomy = Taxonomy.load()
    presented = {name for network in taxonomy.networks for name in network.tree_names()}
    assert [c.name for c in taxonomy.concepts.values() if c.kind == "item" and c.name not in presented] == []
