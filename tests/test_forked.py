"""Writers side by side (exporters/forked.py): a job in a forked child gives its result or its error
to the parent, and a parent that stops early leaves no child behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from exporters.forked import apart, each
from kcmodel.errors import KcError


def test_a_job_apart_gives_its_result_to_the_parent():
    with apart(lambda: [os.getpid(), {"artifact": "rdf/kcmodel.nq"}]) as result:
        here = os.getpid()
        pid, payload = result()
    assert payload == {"artifact": "rdf/kcmodel.nq"}
    assert pid != here or (os.cpu_count() or 1) == 1  # one core: the job runs in turn, in the parent


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


def square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_each_gives_every_result_in_the_order_of_its_items():
    results = list(each(square_and_pid, list(range(20))))
    assert [square for square, _ in results] == [n * n for n in range(20)]
    assert os.getpid() not in {pid for _, pid in results} or (os.cpu_count() or 1) == 1  # on the workers


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
    time.sleep(1.5)  # started, reading (60 announcements take several seconds)
    run.send_signal(signal.SIGINT)
    stdout, stderr = run.communicate(timeout=60)
    assert (run.returncode, stderr) == (130, "kcmodel: interrupted\n")
