"""Whether the Oxigraph store kept in a build directory holds the build's N-Quads, told without
reading them again.

The stamp beside the store (``oxigraph.loaded``, JSON) records the SHA-256 of the N-Quads the store
was loaded from, and that file's identity as ``stat`` gave it before it was hashed: device, inode,
size, and modification and change times in nanoseconds. A build of a long history writes gigabytes
of N-Quads (6.5 GB for a million facts), and each query must not read them first: while the
file's identity is the one recorded, the store is current.

A file's times come from a clock that ticks every few milliseconds, so a file changed twice within
one tick, its size kept, would keep its identity. As git does for its index, the identity is only
trusted when the stamp was written at least a second after the file last changed; otherwise, and
whenever the identity differs (a file copied or touched), the file is hashed again, a MiB at a
time, and the digest decides.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from exporters.outfolder import write_file

RACY = 1_000_000_000  # ns: a file changed less than this before its stamp was written is hashed again
_DIGEST = re.compile(r"[0-9a-f]{64}")


def identity(path: Path) -> list[int]:
    """What ``stat`` says of the file that changes whenever its content can have changed."""
    status = path.stat()
    return [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]


def digest(path: Path) -> str:
    """The file's SHA-256, read a MiB at a time (its size never sets the memory needed)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def holds(stamp: Path, source: Path) -> bool:
    """Whether the store stamped ``stamp`` was loaded from ``source`` as it is now."""
    try:
        text = stamp.read_text(encoding="utf-8")
        written = stamp.stat().st_mtime_ns
    except (OSError, UnicodeDecodeError):
        return False
    recorded = _read(text)
    if recorded is None:
        return False
    now = identity(source)
    if recorded.get("identity") == now and written - now[4] >= RACY:
        return True
    return recorded["sha256"] == digest(source)


def record(stamp: Path, source: Path, loaded: tuple[str, list[int]]) -> None:
    """Stamp the store as loaded from ``source``, given the (digest, identity) taken before the load."""
    sha256, seen = loaded
    write_file(stamp, json.dumps({"sha256": sha256, "identity": seen}) + "\n")


def measure(source: Path) -> tuple[str, list[int]]:
    """The file's (digest, identity), the identity taken first: a change while it is hashed shows."""
    seen = identity(source)
    return digest(source), seen


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
