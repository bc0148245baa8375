"""Where outputs are written: whole or not at all, one build of a folder at a time.

A build is written into a fresh folder beside its output folder and swapped in only when complete,
so a failure, Ctrl-C, kill or full disk leaves the previous build as it was, no folder mixes two
builds, and nothing planted in the old folder (a symlink, say) is written through. Single files are
written beside themselves and renamed over: a reader never sees half a file. Files and folders are
synced to disk before the rename that publishes them (in a build: the whole folder at once), so a power
cut leaves one build or the other.

The swap is one ``renameat2(RENAME_EXCHANGE)`` on Linux. Elsewhere (or on a filesystem without it)
it is two renames: the old folder aside as ``.DIR.old-*``, the new one into place. A crash between
them leaves no DIR but a whole previous build, which the next build of DIR puts back before it starts.
"""

from __future__ import annotations

import contextvars
import ctypes
import errno
import os
import re
import secrets
import shutil
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kcmodel.errors import KcError

MANIFEST = "manifest.json"


def write_file(path: Path, data: bytes | str) -> None:
    """``path`` gets ``data`` whole or stays as it was; a failure names ``path`` (a full disk names no file)."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    _atomically(path, lambda partial: partial.write_bytes(content))


def write_chunks(path: Path, chunks: Iterable[bytes | str]) -> None:
    """``write_file`` for content made piece by piece: written as it comes, never held whole."""
    def write(partial: Path) -> None:
        with partial.open("wb") as handle:
            pending: list[str] = []  # text is joined and encoded a batch at a time, not a line at a time
            size = 0
            for chunk in chunks:
                if isinstance(chunk, bytes):
                    handle.write("".join(pending).encode("utf-8") + chunk)
                    pending, size = [], 0
                    continue
                pending.append(chunk)
                size += len(chunk)
                if size >= _BATCH:
                    handle.write("".join(pending).encode("utf-8"))
                    pending, size = [], 0
            handle.write("".join(pending).encode("utf-8"))

    _atomically(path, write)


_BATCH = 1 << 20  # characters of text per write: N-Quads come a line at a time


def _atomically(path: Path, write: Callable[[Path], object]) -> None:
    partial = path.with_name(f".{path.name}.tmp-{secrets.token_hex(4)}")
    try:
        write(partial)
        if not _IN_BUILD.get():  # a build's files are synced together, once, before it is published
            _sync(partial)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


@contextmanager
def replacing(out: Path) -> Iterator[Path]:
    """An empty folder to write a build into; it becomes ``out`` when the block ends cleanly, else it is removed.

    ``out`` may be a symlink to a folder: the folder is replaced, the link kept.
    """
    target = Path(os.path.realpath(out))
    if not target.name:
        raise KcError("a filesystem root cannot be an output folder", file=str(out))
    with _locked(target, out):
        _recover(target)
        _check_replaceable(target, out)
        staging = _staging_name(target)
        batch = _IN_BUILD.set(True)
        try:  # made inside the try: a Ctrl-C just after the folder appears still removes it
            _make_staging(staging, target)
            yield staging
            _publish(staging, target)
        except BaseException as exc:
            with _uninterrupted():
                shutil.rmtree(staging, ignore_errors=True)
            if isinstance(exc, OSError):
                raise _named(exc, staging, out) from None
            raise
        finally:
            _IN_BUILD.reset(batch)
        _sync(target.parent)


def _sync(path: Path) -> None:
    """Make what ``path`` holds (a file's bytes, a folder's names) survive a power cut before a rename depends on it."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# Inside a build, files are not synced one by one (452 fsyncs cost more than the rest of a build):
# the whole staging folder is synced at once before the swap that publishes it.
_IN_BUILD: contextvars.ContextVar[bool] = contextvars.ContextVar("in_build", default=False)


def _sync_filesystem(folder: Path) -> None:
    """Everything written under ``folder`` onto the disk: one ``syncfs`` of its filesystem on Linux, else ``sync``."""
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        os.sync()
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(descriptor) != 0:
            os.sync()
    finally:
        os.close(descriptor)


@contextmanager
def _locked(target: Path, shown: Path) -> Iterator[None]:
    """Hold ``.DIR.lock`` beside the folder; a second build of it is refused, not interleaved."""
    import fcntl  # POSIX; the lock file stays, empty, so that every build locks the same file

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = open(target.parent / f".{target.name}.lock", "a")
    except OSError as exc:
        raise KcError(f"cannot write beside it: {exc.strerror}", file=str(shown)) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise KcError(f"another build is writing {shown}") from None
        yield


def _leftovers(target: Path, kind: str) -> list[Path]:
    """Folders an interrupted build of ``target`` left beside it (``kind`` tmp: unfinished, old: previous)."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.{kind}-[0-9a-f]{{8}}")
    return sorted(p for p in target.parent.iterdir() if pattern.fullmatch(p.name) and p.is_dir() and not p.is_symlink())


def _recover(target: Path) -> None:
    """Undo what a killed build left: put back a previous build caught between two renames, drop the rest."""
    old = _leftovers(target, "old")
    if old and not os.path.lexists(target):
        os.rename(old.pop(), target)
    for folder in old + _leftovers(target, "tmp"):
        shutil.rmtree(folder, ignore_errors=True)


def _check_replaceable(target: Path, shown: Path) -> None:
    """Only an earlier build (or nothing) is replaced: a folder of other files is not ours to delete."""
    if not os.path.lexists(target):
        return
    if not target.is_dir():
        raise KcError("is not a directory", file=str(shown))
    if any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise KcError(f"is not an earlier build (no {MANIFEST}) and a build replaces its folder whole; "
                      "choose an empty or new folder", file=str(shown))


def _staging_name(target: Path) -> Path:
    """``.DIR.tmp-*`` beside ``target``: the same filesystem, so the swap is a rename."""
    return target.parent / f".{target.name}.tmp-{secrets.token_hex(4)}"


def _make_staging(staging: Path, target: Path) -> None:
    """The unfinished build's folder, with the permissions of the folder it will replace."""
    staging.mkdir()
    if target.is_dir():
        os.chmod(staging, stat.S_IMODE(target.stat().st_mode))


def _publish(staging: Path, target: Path) -> None:
    """The finished build onto the disk, then in place of ``target``."""
    _sync_filesystem(staging)
    with _uninterrupted():
        _swap(staging, target)


def _swap(staging: Path, target: Path) -> None:
    """``staging`` becomes ``target``; the previous build is removed."""
    if not os.path.lexists(target):
        os.rename(staging, target)
    elif _exchange(staging, target):
        shutil.rmtree(staging)  # now the previous build
    else:
        old = staging.with_name(staging.name.replace(".tmp-", ".old-"))
        os.rename(target, old)
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(old, target)
            raise
        shutil.rmtree(old)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where that is unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ctrl-C is ignored while folders are swapped or removed: half a swap is worse than a late stop."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)


def _named(exc: OSError, staging: Path, shown: Path) -> OSError | KcError:
    """A write that failed inside the unfinished build, named as the file of ``shown`` it would have been."""
    if exc.filename is None:
        return exc
    try:
        relative = Path(exc.filename).relative_to(staging)
    except ValueError:
        return exc
    return KcError(exc.strerror or str(exc), file=str(shown / relative))
