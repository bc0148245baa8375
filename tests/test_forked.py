"""Writers side by side (exporters/forked.py): a job in a forked child gives its result or its error
to the parent, and a parent that stops early leaves no child behind."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from exporters import forked
from exporters.forked import apart, each
from kcmodel.errors import KcError
from tests.conftest import require


def test_a_job_apart_gives_its_result_to_the_parent():
    with apart(lambda: [os.getpid(), {"artifact": "rdf/kcmodel.nq"}]) as result:
        here = os.getpid()
        pid, payload = result()
    assert payload == {"artifact": "rdf/kcmodel.nq"}
    assert pid != here or (os.cpu_count() or 1) == 1  # one core: the job runs in turn, in the parent


def test_a_job_apart_runs_without_the_cycle_collector_and_leaves_the_parents_on():
    """A child runs one job and ends: what a cycle holds is freed with it, so it never collects."""
    require("fork (a child apart)", (os.cpu_count() or 1) > 1 and hasattr(os, "fork"))
    with apart(gc.isenabled) as result:
        assert result() is False
    assert gc.isenabled()


def test_a_job_that_fails_raises_its_own_error_in_the_parent():
    def full_disk() -> None:
        raise KcError("No space left on device", file="rdf/kcmodel.nq")

    with pytest.raises(KcError) as raised, apart(full_disk) as result:
        result()
    assert str(raised.value) == "rdf/kcmodel.nq: No space left on device"


def test_a_parent_that_stops_early_kills_the_child(tmp_path):
    marker = tmp_path / "child"

    def forever() -> None:
        marker.write_text(str(os.getpid()))
        time.sleep(600)

    with pytest.raises(KeyboardInterrupt), apart(forever):
        while not marker.exists() or not marker.read_text():
            time.sleep(0.01)
        child = int(marker.read_text())
        raise KeyboardInterrupt
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # gone, and reaped


def test_a_ctrl_c_that_comes_while_the_child_starts_kills_the_child(monkeypatch):
    """Ctrl-C is held while a child is forked and raised once the child is watched: the child is
    killed, not left writing into a folder the interrupted build is removing."""
    require("fork (a child apart)", (os.cpu_count() or 1) > 1 and hasattr(os, "fork"))
    started = []
    real_start = forked._start

    def start_then_ctrl_c(job, mask):
        child = real_start(job, mask)
        started.append(child.pid)
        # to this thread, which blocks SIGINT until apart restores the mask (sent to the process, it could
        # go to a thread an earlier test left running, which blocks nothing, and be raised too early)
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        return child

    monkeypatch.setattr(forked, "_start", start_then_ctrl_c)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # a shell's background job starts with SIGINT ignored
    try:
        with pytest.raises(KeyboardInterrupt), apart(lambda: time.sleep(600)):
            pass
        with pytest.raises(ProcessLookupError):
            os.kill(started[0], 0)  # gone, and reaped
    finally:
        signal.signal(signal.SIGINT, previous)
        for pid in started:  # a child left running fails the test, and is not left behind it
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


def square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


_ALL_INSIDE = None


def started(seconds: float) -> float:
    begun = time.monotonic()
    time.sleep(seconds)
    return begun


def test_the_largest_items_are_taken_first():
    """A short job first and last, and between them a long one for every worker and this process (each
    job as many seconds as its size): the long ones start at once, the short ones only once a long one
    has ended; taken in their order, the first short one would start at once."""
    require("two cores (a pool forks a worker per core)", (os.cpu_count() or 1) > 1)
    items = [0.1, *[0.5] * (os.cpu_count() + 1), 0.2]
    starts = list(each(started, items, size=lambda seconds: seconds))
    assert max(starts[1:-1]) < min(starts[0], starts[-1])


def inside_together(_: int) -> int:
    _ALL_INSIDE.wait()
    return os.getpid()


def test_each_gives_every_result_in_the_order_of_its_items():
    results = list(each(square_and_pid, list(range(20))))
    assert [square for square, _ in results] == [n * n for n in range(20)]


def test_this_process_takes_an_item_beside_the_workers():
    """An item per worker and one more: each job waits until that many processes are inside a job at
    once, which happens only if this process takes one beside the workers (a worker per core)."""
    require("two cores (a pool forks a worker per core)", (os.cpu_count() or 1) > 1)
    global _ALL_INSIDE
    takers = os.cpu_count() + 1
    _ALL_INSIDE = multiprocessing.get_context("fork").Barrier(takers, timeout=20)  # the workers inherit it
    pids = list(each(inside_together, list(range(takers))))
    assert len(set(pids)) == takers and os.getpid() in pids


def reading(run) -> None:
    """Wait until ``run`` has forked its readers (on Linux, seen in /proc; elsewhere give it time)."""
    children = Path(f"/proc/{run.pid}/task/{run.pid}/children")
    if not children.exists():
        time.sleep(1.5)
        return
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and run.poll() is None:
        if children.read_text().split():
            return
        time.sleep(0.01)
    raise AssertionError(f"the readers never started: {run.communicate()}")


def test_the_command_line_loads_the_model_inside_its_ctrl_c_handling():
    """Starting ``kcmodel`` loads no pydantic and no model before ``main`` runs: the slow loading
    happens inside the command, where a Ctrl-C is one line and exit 130, not a traceback."""
    import subprocess
    import sys

    loaded = subprocess.run([sys.executable, "-c", "import sys, kcmodel.cli; "
                             "print(sorted(m for m in ('pydantic', 'kcmodel.facts', 'lxml', 'rdflib') if m in sys.modules))"],
                            capture_output=True, text=True, check=True)
    assert loaded.stdout == "[]\n"


def test_ctrl_c_while_the_workers_start_terminates_them(monkeypatch):
    """A Ctrl-C that comes while the pool forks its workers is raised once they are all started, and
    the pool is terminated: no worker is left running."""
    import multiprocessing.pool

    require("two cores (a pool forks a worker per core)", (os.cpu_count() or 1) > 1)
    started = []
    real = multiprocessing.pool.Pool.__init__

    def interrupted_during_start(self, *args, **kwargs):
        # comes as the pool starts, to this thread (the one a terminal's Ctrl-C reaches in kcmodel, which
        # runs no other thread then): pending until the pool is whole
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        real(self, *args, **kwargs)
        started.extend(self._pool)

    monkeypatch.setattr(multiprocessing.pool.Pool, "__init__", interrupted_during_start)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C raises, as at a terminal
    try:
        with pytest.raises(KeyboardInterrupt):
            list(each(square_and_pid, list(range(20))))
    finally:
        signal.signal(signal.SIGINT, previous)
    assert len(started) == min(os.cpu_count() or 1, 20) and not any(p.is_alive() for p in started)


def test_ctrl_c_while_reading_announcements_is_one_line_and_exit_130(tmp_path):
    import shutil
    import signal
    import subprocess
    import sys

    examples = Path(__file__).resolve().parents[1] / "examples" / "announcements"
    for n in range(60):
        shutil.copy(examples / "kc-2024-Q3.txt", tmp_path / f"copy-{n:02d}.txt")
    run = subprocess.Popen([sys.executable, "-m", "kcmodel.cli", "ingest", str(tmp_path)], text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    reading(run)
    run.send_signal(signal.SIGINT)
    stdout, stderr = run.communicate(timeout=60)
    assert (run.returncode, stderr) == (130, "kcmodel: interrupted\n")
