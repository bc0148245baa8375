"""Run a query with a time limit that holds whatever the store does, and that Ctrl-C ends at once.

rdflib evaluates in pure Python and pyoxigraph in Rust: neither can be stopped from another thread,
and a SERVICE call waits on its server as long as the server likes. So the work runs in a forked
child process (which shares the loaded store, copy-on-write, at no loading cost), and the parent
waits for its answer: past the deadline, or on Ctrl-C, the child is killed.
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from collections.abc import Callable
from typing import TypeVar

from kcmodel.errors import KcError

T = TypeVar("T")


class TimedOut(KcError):
    """The work did not finish within its time limit; the child running it was killed."""


def run_within(seconds: float, work: Callable[[], T], what: str, meanwhile: Callable[[], object] = lambda: None) -> T:
    """``work()``, computed in a child process; a TimedOut after ``seconds`` naming ``what``.

    ``meanwhile`` is work of this process while the child computes (what its answer will need). A
    KcError raised by the work comes back as a KcError with the same message. KeyboardInterrupt in
    the parent kills the child and propagates.
    """
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, send), daemon=True)
    child.start()
    send.close()
    try:
        meanwhile()
        if not receive.poll(seconds):
            raise TimedOut(f"{what}: no answer within {seconds:g} s (--timeout)")
        kind, value = receive.recv()
    except EOFError:
        child.join()
        raise KcError(f"{what}: the query process ended without an answer (exit status {child.exitcode})") from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind == "error":
        raise KcError(value)
    if kind == "bug":
        raise RuntimeError(f"the query process failed:\n{value}")
    return value


def _child(work: Callable[[], object], send) -> None:
    """In the child: Ctrl-C is the parent's to handle; the outcome goes back through the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        outcome = ("ok", work())
    except KcError as exc:
        outcome = ("error", str(exc))
    except BaseException:  # a bug: its traceback is shown by the parent
        outcome = ("bug", traceback.format_exc())
    send.send(outcome)
    send.close()
