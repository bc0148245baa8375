"""Writers side by side (exporters/forked.py): a job in a forked child gives its result or its error
to the parent, and a parent that stops early leaves no child behind."""

from __future__ import annotations

import os
import time

import pytest

from exporters.forked import apart
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
