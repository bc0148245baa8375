"""Whether the Oxigraph store kept in a build directory holds the build's N-Quads, told without
reading them again.

The stamp beside the store (``oxigraph.loaded``, JSON) records the SHA-256 of the N-Quads the store
was loaded from, and that file's identity as ``stat`` gave it: device, inode, size, and modification
and change times in nanoseconds. A build of a long history writes gigabytes of N-Quads (6.5 GB for a
million facts), and a query must not read them first: while the file's identity is the one
recorded, the store is current.

A file's times come from a coarse clock (a few milliseconds; two seconds on FAT), so a file changed
twice within one tick, its size kept, keeps its identity. As git does for its index, an identity is
only recorded once the file has settled: it last changed at least ``RACY`` before it was looked at,
so any later change shows as a later time. Otherwise, and whenever the identity differs (a file
copied or touched), the file is hashed again, a MiB at a time, and the digest decides; a file found
the same and settled has its identity recorded then, so the next query need not hash it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import time
from pathlib import Path

from exporters.outfolder import write_file

RACY = 3_000_000_000  # ns: a file that changed more recently than this may change again unseen
_DIGEST = re.compile(r"[0-9a-f]{64}")


def identity(path: Path) -> list[int]:
    """What ``stat`` says of the file that changes whenever its content can have changed."""
    status = path.stat()
    return [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]


def settled(path: Path) -> list[int] | None:
    """The file's identity if a later change would show in it (it last changed ``RACY`` ago), else None."""
    looked = time.time_ns()
    seen = identity(path)
    return seen if looked - seen[4] >= RACY else None


def digest(path: Path) -> str:
    """The file's SHA-256, read a MiB at a time (its size never sets the memory needed)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def measure(source: Path) -> tuple[str, list[int] | None]:
    """The file's (digest, settled identity), the identity taken first: a change while it is hashed shows."""
    seen = settled(source)
    return digest(source), seen


def record(stamp: Path, loaded: tuple[str, list[int] | None]) -> None:
    """Stamp the store as loaded from a file of this (digest, settled identity)."""
    sha256, seen = loaded
    write_file(stamp, json.dumps({"sha256": sha256, "identity": seen}) + "\n")


def holds(stamp: Path, source: Path) -> bool:
    """Whether the store stamped ``stamp`` was loaded from ``source`` as it is now."""
    try:
        recorded = _read(stamp.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False
    if recorded is None:
        return False
    if recorded.get("identity") == identity(source):
        return True
    sha256, seen = measure(source)
    if sha256 != recorded["sha256"]:
        return False
    if seen is not None:  # the same bytes, settled: the next query trusts their identity
        with contextlib.suppress(OSError):  # (a build directory may be read-only)
            record(stamp, (sha256, seen))
    return True


def _read(text: str) -> dict | None:
    """The stamp's record; a stamp of earlier kcmodels is the digest alone."""
    if _DIGEST.fullmatch(text.strip()):
        return {"sha256": text.strip()}
    try:
        recorded = json.loads(text)
    except ValueError:
        return None
    if not isinstance(recorded, dict) or not isinstance(recorded.get("sha256"), str):
        return None
    return recorded
