"""The Oxigraph store of a build directory is reloaded exactly when the build's N-Quads changed, and
a query on an unchanged build does not read the N-Quads again (exporters/rdf/stamp.py)."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from exporters.rdf import stamp
from exporters.rdf.stores import STAMP, OxigraphStore

QUAD = '<https://kcmodel.org/data/f> <https://kcmodel.org/vocab#value> "{}" <https://kcmodel.org/data/graph/r> .\n'
VALUE = "SELECT ?v WHERE { ?f <https://kcmodel.org/vocab#value> ?v }"


@pytest.fixture()
def build(tmp_path):
    """A build directory whose manifest lists one N-Quads file."""
    (tmp_path / "rdf").mkdir()
    (tmp_path / "rdf" / "kcmodel.nq").write_text(QUAD.format(1111), encoding="utf-8")
    artifacts = [{"path": "rdf/kcmodel.nq", "kind": "rdf-nquads", "report": None, "source": None}]
    (tmp_path / "manifest.json").write_text(json.dumps({"artifacts": artifacts}), encoding="utf-8")
    return tmp_path


def value(build) -> str:
    return OxigraphStore.from_build(build).query(VALUE).rows[0][0].value


def settled(build) -> None:
    """As if the stamp had been written two seconds after the N-Quads last changed (a real load's gap)."""
    written = os.stat(build / "rdf" / "kcmodel.nq").st_ctime_ns + 2 * stamp.RACY
    os.utime(build / STAMP, ns=(written, written))


def test_the_stamp_records_the_files_sha256(build):
    value(build)
    recorded = json.loads((build / STAMP).read_text(encoding="utf-8"))
    assert recorded["sha256"] == hashlib.sha256(QUAD.format(1111).encode()).hexdigest()


def test_an_unchanged_build_is_not_read_again(build, monkeypatch):
    value(build)
    settled(build)
    monkeypatch.setattr(stamp, "digest", lambda path: pytest.fail(f"{path} was hashed again"))
    assert value(build) == "1111"


def test_new_nquads_of_the_same_size_are_loaded(build):
    assert value(build) == "1111"
    settled(build)
    (build / "rdf" / "kcmodel.nq").write_text(QUAD.format(2222), encoding="utf-8")
    assert value(build) == "2222"


def test_a_touched_file_is_hashed_and_the_store_kept(build, monkeypatch):
    value(build)
    settled(build)
    os.utime(build / "rdf" / "kcmodel.nq")
    loads = []
    monkeypatch.setattr(stamp, "record", lambda *args: loads.append(args))
    assert value(build) == "1111" and loads == []


def test_a_file_changed_just_before_its_stamp_is_hashed(build, monkeypatch):
    """Its times may not show a second change within the same clock tick: the digest decides."""
    value(build)  # the stamp is written well within a second of the file
    hashed = []
    monkeypatch.setattr(stamp, "digest", lambda path: hashed.append(path) or hashlib.sha256(path.read_bytes()).hexdigest())
    assert value(build) == "1111" and len(hashed) == 1


def test_a_stamp_of_earlier_kcmodels_is_its_digest_alone(build, monkeypatch):
    value(build)
    (build / STAMP).write_text(hashlib.sha256(QUAD.format(1111).encode()).hexdigest() + "\n", encoding="utf-8")
    monkeypatch.setattr(stamp, "record", lambda *args: pytest.fail("the store was loaded again"))
    assert value(build) == "1111"


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", '{"identity": [1]}', "\udcff"])
def test_a_stamp_that_is_not_one_reloads_the_store(build, text):
    value(build)
    (build / STAMP).write_text(text, encoding="utf-8", errors="surrogateescape")
    assert not stamp.holds(build / STAMP, build / "rdf" / "kcmodel.nq")
