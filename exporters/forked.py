"""Independent work side by side: a build has two cores to use, announcements that are read each
on its own, and writers that share nothing.

``each`` maps a function over items on a pool of forked workers, in order (reading announcements).

A job runs in a forked child, which sees the parent's dataset without copying or pickling it, writes
its files and sends back its small result (pickled through a pipe). A failing child sends its
exception instead, which is raised in the parent as if the job had run there. If the parent stops
early (an error of its own, Ctrl-C), the children are killed before it goes on, so no child
writes into a folder that is being removed. Where ``fork`` is missing, the jobs run in turn.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator


@dataclass
class _Child:
    pid: int
    reader: int


def _forkable() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32" and (os.cpu_count() or 1) > 1


def each(job: Callable[[Any], Any], items: Sequence[Any], meanwhile: Callable[[], object] = lambda: None,
         size: Callable[[Any], float] | None = None) -> Iterator[Any]:
    """``job`` of every item, in order, on a forked worker per core and on this process too.

    Each takes the next item whenever it is free; this process starts once its ``meanwhile`` work
    is done (a build imports its writers). A job (an announcement) cannot be split: on the workers
    alone the last one keeps a core while the other stands idle (five equal jobs on two cores took
    three jobs' time; shared with this process, two and a half), and what this process reads itself
    crosses no pipe. Given ``size`` (an announcement's bytes), the largest items are taken first and
    the small ones fill in at the end, when this process, which starts last, joins in. The workers
    ignore Ctrl-C: the parent handles it and terminates them. Where ``fork`` is missing, or there is
    one core or one item, the jobs run in turn here, after ``meanwhile``.
    """
    workers = min(os.cpu_count() or 1, len(items))
    if workers < 2 or not _forkable():
        meanwhile()
        yield from map(job, items)
        return
    context = multiprocessing.get_context("fork")
    order = sorted(range(len(items)), key=lambda i: -size(items[i])) if size else list(range(len(items)))
    taken = context.Value("i", 0)  # how many items have been taken, by any process: the next is order[taken]
    # no Ctrl-C while the pool starts its workers (half a pool could not be terminated): one that comes
    # meanwhile is raised when the mask is restored, inside the try that terminates the pool
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    pool = None
    try:
        pool = context.Pool(workers, initializer=_worker, initargs=(job, items, order, taken))  # (fork: given, not pickled)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        shares = [pool.apply_async(_workers_share) for _ in range(workers)]
        meanwhile()
        done = _share(job, items, order, taken)
        for share in shares:
            done.update(share.get())
        pool.close()
    except BaseException:
        if pool is not None:
            pool.terminate()
        raise
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        if pool is not None:
            pool.join()
    yield from (done[index] for index in range(len(items)))


def _share(job: Callable[[Any], Any], items: Sequence[Any], order: list[int], taken: Any) -> dict[int, Any]:
    """The next item not yet taken, again and again: the results by item index."""
    done = {}
    while True:
        with taken.get_lock():
            if taken.value >= len(order):
                return done
            index = order[taken.value]
            taken.value += 1
        done[index] = job(items[index])


_WORK: tuple | None = None  # in a worker: what ``each`` gave it (job, items, their order, the count taken)


def _worker(job: Callable[[Any], Any], items: Sequence[Any], order: list[int], taken: Any) -> None:
    global _WORK
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORK = (job, items, order, taken)


def _workers_share() -> dict[int, Any]:
    return _share(*_WORK)


@contextmanager
def apart(job: Callable[[], Any]) -> Iterator[Callable[[], Any]]:
    """Start ``job`` in a child and give a function that waits for its result.

    Use: ``with apart(job) as result: ...other work...; value = result()``.
    """
    if not _forkable():
        yield job
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # no Ctrl-C between the fork and the watch
    try:
        child = _start(job, mask)
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    done = False

    def result() -> Any:
        nonlocal done
        value = _collect(child)
        done = True
        return value

    try:
        # a Ctrl-C that came meanwhile is raised as the mask is restored, or at the next line: both
        # inside the watch, so the child is killed (outside it, the child wrote on into a folder
        # the interrupted build was removing)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        yield result
    finally:
        if not done:
            _kill(child)


def _start(job: Callable[[], Any], mask: set) -> _Child:
    reader, writer = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: run the job, send what came of it, leave without running the parent's exit handlers
        os.close(reader)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it kills this child
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        _die_with_parent(parent)
        gc.disable()  # one job, then the process ends and frees all: the collector's passes cost the RDF writer 5%
        code = 0
        try:
            payload = pickle.dumps(("ok", job()))
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
            payload, code = _pickled_error(exc), 1
        try:
            with os.fdopen(writer, "wb") as out:
                out.write(payload)
        finally:
            os._exit(code)
    os.close(writer)
    return _Child(pid, reader)


def _die_with_parent(parent: int) -> None:
    """On Linux the child is killed when the parent dies (kill -9): no orphan writes on into a folder
    the next build is cleaning up. Elsewhere the parent's own handling has to do."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _pickled_error(exc: BaseException) -> bytes:
    try:
        return pickle.dumps(("error", exc))
    except Exception:  # an exception that does not pickle: its text
        return pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def _collect(child: _Child) -> Any:
    payload = b""
    while chunk := os.read(child.reader, 1 << 20):
        payload += chunk
    os.close(child.reader)
    child.reader = -1
    _, status = os.waitpid(child.pid, 0)
    child.pid = 0
    if not payload:
        raise RuntimeError(f"a writer process ended without a result (status {status})")
    kind, value = pickle.loads(payload)
    if kind == "error":
        raise value
    return value


def _kill(child: _Child) -> None:
    if child.pid:
        try:
            os.kill(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(child.pid, 0)
    if child.reader >= 0:
        os.close(child.reader)
