"""Reading an input file: a regular file, at most ``MAX_BYTES``, or a KcError naming it.

Every reader of untrusted input (announcements, XBRL instances, xBRL-JSON, xBRL-CSV tables, a
build's manifest) comes through here, so a directory, a device (``/dev/zero``), a FIFO or a socket
is refused before anything is read, and no file costs more memory than the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kcmodel.errors import KcError

MB = 1024 * 1024
MAX_BYTES = 64 * MB  # every input kcmodel reads is well under 5 MB; this bounds the work


def read_bounded(path: Path, what: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (``what`` it should be, for messages), at most ``limit``."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the descriptor is checked before reading
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise KcError(f"is a directory, not {what}", file=str(path)) from None
    except OSError as exc:
        raise KcError(f"cannot read: {exc.strerror}", file=str(path)) from None
    mode = os.fstat(fd).st_mode  # before fdopen, which refuses a directory with an OSError of its own
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise KcError(f"is a directory, not {what}", file=str(path))
        raise KcError("is not a regular file (a device, FIFO or socket)", file=str(path))
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise KcError(f"cannot read: {exc.strerror}", file=str(path)) from None
    if len(data) > limit:
        raise KcError(f"larger than {limit // MB} MB: not {what}", file=str(path))
    return data
