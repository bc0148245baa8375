"""N-Quads bulk-loaded into Oxigraph a piece at a time, so the load's memory has a bound.

``Store.bulk_load`` sorts what it is given in batches of up to a million quads per thread before it
writes them: loading a build's file whole took 1.6 to 2.2 GiB of memory whatever the file's size.
pyoxigraph offers no setting for that batch, but a smaller input makes a smaller batch: the file is
given in pieces of whole lines (64 MiB, about 250,000 quads), each bulk-loaded in turn. On the
2-core project machine a million facts load in 425 MiB instead of 2.2 GiB, no slower; the many
small sorted files this leaves are compacted by ``Store.optimize`` after the load (docs/rdf.md).
"""

from __future__ import annotations

from pathlib import Path

PIECE = 64 << 20  # bytes of N-Quads per bulk load


def bulk_load(store, path: Path, piece: int = PIECE) -> int:
    """Load an N-Quads file into ``store`` in pieces of whole lines; the number of pieces."""
    import pyoxigraph

    pieces = 0
    with path.open("rb") as handle:
        while block := handle.read(piece):
            block += handle.readline()  # to the end of the line the piece cut
            store.bulk_load(input=block, format=pyoxigraph.RdfFormat.N_QUADS)
            pieces += 1
    return pieces
