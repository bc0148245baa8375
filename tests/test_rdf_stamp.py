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
    """A build directory whose manifest lists one N-Quads file, written just now."""
    (tmp_path / "rdf").mkdir()
    (tmp_path / "rdf" / "kcmodel.nq").write_text(QUAD.format(1111), encoding="utf-8")
    artifacts = [{"path": "rdf/kcmodel.nq", "kind": "rdf-nquads", "report": None, "source": None}]
    (tmp_path / "manifest.json").write_text(json.dumps({"artifacts": artifacts}), encoding="utf-8")
    return tmp_path


@pytest.fixture()
def settled(monkeypatch):
    """As if every file had last changed long ago (a build queried minutes after it was written)."""
    monkeypatch.setattr(stamp, "RACY", 0)


@pytest.fixture()
def fresh(monkeypatch):
    """As if every file had just changed, however long the test takes."""
    monkeypatch.setattr(stamp, "RACY", 10**18)


@pytest.fixture()
def hashed(monkeypatch):
    """The files hashed, in order."""
    paths = []
    real = stamp.digest
    monkeypatch.setattr(stamp, "digest", lambda path: paths.append(path) or real(path))
    return paths


def no_reload(monkeypatch) -> None:
    """From now on, loading the store again fails the test."""
    monkeypatch.setattr("exporters.rdf.oxiload.bulk_load", lambda *args: pytest.fail("the store was loaded again"))


def value(build) -> str:
    return OxigraphStore.from_build(build).query(VALUE).rows[0][0].value


def recorded(build) -> dict:
    return json.loads((build / STAMP).read_text(encoding="utf-8"))


def test_the_stamp_records_the_files_sha256(build):
    value(build)
    assert recorded(build)["sha256"] == hashlib.sha256(QUAD.format(1111).encode()).hexdigest()


def test_an_unchanged_settled_build_is_not_read_again(build, settled, hashed):
    value(build)
    assert recorded(build)["identity"] == stamp.identity(build / "rdf" / "kcmodel.nq")
    assert value(build) == "1111" and len(hashed) == 1  # when it was loaded, not since


def test_a_file_that_just_changed_has_no_identity_recorded_and_is_hashed_each_time(build, fresh, hashed):
    """Its times may not show a second change within the same clock tick: the digest decides."""
    value(build)
    assert recorded(build)["identity"] is None
    assert value(build) == "1111" and value(build) == "1111" and len(hashed) == 3


def test_new_nquads_of_the_same_size_written_at_once_are_loaded(build):
    assert value(build) == "1111"
    (build / "rdf" / "kcmodel.nq").write_text(QUAD.format(2222), encoding="utf-8")  # maybe within one tick
    assert value(build) == "2222"


def test_a_touched_file_is_hashed_once_the_store_kept_and_its_identity_recorded(build, settled, hashed, monkeypatch):
    value(build)
    os.utime(build / "rdf" / "kcmodel.nq", ns=(10**18, 10**18))
    no_reload(monkeypatch)
    assert value(build) == "1111" and value(build) == "1111"
    assert len(hashed) == 2  # at the load, then once after the touch
    assert recorded(build)["identity"] == stamp.identity(build / "rdf" / "kcmodel.nq")


def test_a_stamp_of_earlier_kcmodels_is_its_digest_alone(build, monkeypatch):
    value(build)
    (build / STAMP).write_text(hashlib.sha256(QUAD.format(1111).encode()).hexdigest() + "\n", encoding="utf-8")
    no_reload(monkeypatch)
    assert value(build) == "1111"


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", '{"identity": [1]}', "\udcff"])
def test_a_stamp_that_is_not_one_reloads_the_store(build, text):
    value(build)
    (build / STAMP).write_text(text, encoding="utf-8", errors="surrogateescape")
    assert not stamp.holds(build / STAMP, build / "rdf" / "kcmodel.nq")
