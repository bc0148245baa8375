"""The embedded Oxigraph store loaded a piece at a time (exporters/rdf/oxiload.py): the same quads as
the file, whatever line a piece cuts."""

from __future__ import annotations

import pytest

from exporters.rdf import oxiload
from exporters.rdf.stores import rdf_file


@pytest.fixture(scope="module")
def nquads(examples_build):
    """The bundled examples' N-Quads (15 MB: many pieces of a million bytes)."""
    return rdf_file(examples_build.out)


@pytest.mark.slow  # two stores bulk-loaded from 15 MB
def test_pieces_cut_mid_line_load_exactly_the_files_quads(nquads, tmp_path):
    import pyoxigraph  # a runtime dependency (pyproject): its absence is an error, not a skip

    whole = pyoxigraph.Store()
    whole.bulk_load(path=str(nquads), format=pyoxigraph.RdfFormat.N_QUADS)
    store = pyoxigraph.Store(str(tmp_path / "store"))
    pieces = oxiload.bulk_load(store, nquads, piece=1_000_003)  # an odd size: every piece ends mid-line
    size = nquads.stat().st_size  # a piece is 1,000,003 bytes and the rest of a line (under 2,000 bytes)
    assert size // (1_000_003 + 2_000) < pieces <= -(-size // 1_000_003)
    assert set(store) == set(whole)


def test_an_error_in_one_piece_stops_the_load_and_is_raised(tmp_path):
    """Pieces load at once: a piece the parser rejects ends the load with its error, in the caller."""
    import pyoxigraph

    lines = [f"<https://kcmodel.org/s{n}> <https://kcmodel.org/p> \"{n}\" <https://kcmodel.org/g> .\n" for n in range(4000)]
    lines[2500] = "<https://kcmodel.org/s> <https://kcmodel.org/p> not a term .\n"
    path = tmp_path / "bad.nq"
    path.write_text("".join(lines), encoding="utf-8")
    store = pyoxigraph.Store(str(tmp_path / "store"))
    with pytest.raises(SyntaxError):
        oxiload.bulk_load(store, path, piece=20_000)
    assert len(store) < len(lines)  # the pieces after the error were not loaded
