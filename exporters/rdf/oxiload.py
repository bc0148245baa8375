"""N-Quads bulk-loaded into Oxigraph in pieces, three at once, so the load's memory has a bound and
both cores work.

``Store.bulk_load`` parses what it is given, then sorts it in batches of up to a million quads per
thread before it writes them: loading a build's file whole took 1.6 to 2.2 GiB of memory whatever the
file's size. pyoxigraph offers no setting for that batch, but a smaller input makes a smaller batch:
the file is given in pieces of whole lines (32 MiB, about 125,000 quads). A piece is parsed, then
sorted and written, on one core; so three threads (``THREADS``) each bulk-load a piece at a time
(pyoxigraph releases the GIL while it loads), which keeps both cores of the project machine busy, and
the smaller sorts take less CPU a quad. On it, a million facts load at 168,411 quads/s in 609 MiB,
against 99,267 quads/s in 451 MiB in 64 MiB pieces one at a time (docs/rdf.md, "Size and speed").
``lenient=True`` skips checking each IRI again: the file is kcmodel's own N-Quads, whose IRIs its
exporter made (5 to 12% less CPU on 100,000 facts). The many sorted files this leaves are compacted
by ``Store.optimize`` after the load.
"""

from __future__ import annotations

import threading
from pathlib import Path

PIECE = 32 << 20  # bytes of N-Quads per bulk load
THREADS = 3  # pieces loaded at once; the memory grows with each


def bulk_load(store, path: Path, piece: int = PIECE, threads: int = THREADS) -> int:
    """Load an N-Quads file into ``store`` in pieces of whole lines, ``threads`` pieces at a time; the
    number of pieces. An error (or Ctrl-C) stops every thread after the piece it is loading, and is raised."""
    import pyoxigraph

    lock, stop = threading.Lock(), threading.Event()
    loaded, errors = [0], []
    with path.open("rb") as handle:

        def next_piece() -> bytes | None:
            with lock:
                if stop.is_set() or not (block := handle.read(piece)):
                    return None
                return block + handle.readline()  # to the end of the line the piece cut

        def work() -> None:
            try:
                while (block := next_piece()) is not None:
                    store.bulk_load(input=block, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
                    with lock:
                        loaded[0] += 1
            except BaseException as exc:  # noqa: BLE001 - raised again below, in the caller's thread
                stop.set()
                errors.append(exc)

        others = [threading.Thread(target=work, name=f"oxiload-{n}") for n in range(1, threads)]
        for thread in others:
            thread.start()
        try:
            work()  # this thread loads too: Ctrl-C reaches it between two of its pieces
            for thread in others:
                thread.join()
        except BaseException:  # Ctrl-C while waiting for the others: they stop after their piece
            stop.set()
            for thread in others:
                thread.join()
            raise
    if errors:
        raise errors[0]
    return loaded[0]
