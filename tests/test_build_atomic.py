"""`kcmodel build` replaces its output folder whole or not at all, one build at a time (issue 12).

Each case starts from a copy of one real build of the examples and checks, file by file, what is
left of it afterwards.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from exporters import outfolder
from exporters.outfolder import replacing, write_file
from kcmodel.cli import main
from tests.test_cli import kcmodel

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "announcements"
ONE = EXAMPLES / "kc-2024-Q3.txt"  # a one-report build: the quickest real build


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by relative path, with the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def beside(out: Path) -> list[str]:
    """What is in the output folder's parent apart from the folder and its lock file."""
    return sorted(p.name for p in out.parent.iterdir() if p.name not in {out.name, f".{out.name}.lock"})


@pytest.fixture(scope="module")
def reference(cli_build) -> Path:
    """The bundled examples built by the command, once per session (conftest); copied, never written."""
    return cli_build


@pytest.fixture
def previous(reference, tmp_path) -> Path:
    """A build of the examples in ``tmp_path/out``, as an earlier ``kcmodel build`` left it."""
    return Path(shutil.copytree(reference, tmp_path / "out"))


def start_build(out: Path) -> subprocess.Popen:
    """``kcmodel build --out out`` in the background, with Ctrl-C delivered as at a terminal."""
    return subprocess.Popen([sys.executable, "-m", "kcmodel.cli", "build", "--out", str(out)], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def writing(build: subprocess.Popen, out: Path) -> Path:
    """The unfinished build's folder, once it appears: the build is past reading and is writing."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build.poll() is None:
        staging = list(out.parent.glob(f".{out.name}.tmp-*"))
        if staging:
            return staging[0]
        time.sleep(0.01)
    raise AssertionError(f"the build never started writing: {build.communicate()}")


def test_a_typo_as_the_only_input_writes_nothing(previous, tmp_path):
    before = snapshot(previous)
    done = kcmodel("build", str(tmp_path / "typo.txt"), "--out", str(previous))
    assert (done.returncode, done.stderr) == (2, f"kcmodel: {tmp_path / 'typo.txt'}: cannot read: No such file or directory\n")
    assert snapshot(previous) == before and beside(previous) == []


def test_a_typo_among_good_inputs_writes_nothing(previous, tmp_path):
    before = snapshot(previous)
    done = kcmodel("build", str(ONE), str(tmp_path / "typo.txt"), "--out", str(previous))
    assert (done.returncode, done.stderr) == (2, f"kcmodel: {tmp_path / 'typo.txt'}: cannot read: No such file or directory\n")
    assert snapshot(previous) == before


def test_an_empty_folder_writes_nothing(previous, tmp_path):
    before = snapshot(previous)
    (tmp_path / "empty").mkdir()
    done = kcmodel("build", str(tmp_path / "empty"), "--out", str(previous))
    assert (done.returncode, done.stderr) == (2, f"kcmodel: {tmp_path / 'empty'}: no announcements in this folder\n")
    assert snapshot(previous) == before and beside(previous) == ["empty"]


def test_two_sources_of_one_report_id_are_both_named_and_nothing_is_written(previous, tmp_path):
    before = snapshot(previous)
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(ONE, sources / name)
    done = kcmodel("build", str(sources), "--out", str(previous))
    assert done.returncode == 2
    assert done.stderr == f"kcmodel: report kc-2024-Q3 comes from both {sources / 'a.txt'} and {sources / 'b.txt'}\n"
    assert snapshot(previous) == before


def test_ctrl_c_while_writing_is_one_line_exit_130_and_keeps_the_previous_build(previous):
    before = snapshot(previous)
    build = start_build(previous)
    staging = writing(build, previous)
    build.send_signal(signal.SIGSTOP)  # held mid-write, so the Ctrl-C lands there however fast it writes
    build.send_signal(signal.SIGINT)
    build.send_signal(signal.SIGCONT)
    stdout, stderr = build.communicate(timeout=120)
    assert (build.returncode, stdout, stderr) == (130, "", "kcmodel: interrupted\n")
    assert snapshot(previous) == before
    assert not staging.exists() and beside(previous) == []


def test_ctrl_c_the_moment_the_unfinished_folder_appears_removes_it(previous, monkeypatch):
    """The interrupt lands between making the folder and giving it its permissions."""
    before = snapshot(previous)

    def interrupted(path, mode):
        raise KeyboardInterrupt

    monkeypatch.setattr(outfolder.os, "chmod", interrupted)
    with pytest.raises(KeyboardInterrupt), replacing(previous):
        pass
    assert snapshot(previous) == before and beside(previous) == []


def test_after_kill_9_mid_build_the_next_build_succeeds_and_clears_the_leftover(previous, reference):
    before = snapshot(previous)
    build = start_build(previous)
    staging = writing(build, previous)
    build.send_signal(signal.SIGSTOP)  # held mid-write, so the kill lands there however fast it writes
    build.kill()
    build.wait(timeout=60)
    assert snapshot(previous) == before and staging.is_dir()
    done = kcmodel("build", "--out", str(previous))
    assert done.returncode == 0, done.stderr
    assert beside(previous) == [] and snapshot(previous) == snapshot(reference)


def test_a_full_disk_names_the_file_and_keeps_the_previous_build(previous, monkeypatch, capsys):
    before = snapshot(previous)
    write_bytes = Path.write_bytes

    def full(path: Path, data: bytes) -> int:
        if "kc-2025-H1.xbrl" in path.name:  # as write(2) reports it: no file named
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return write_bytes(path, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    assert main(["build", "--out", str(previous)]) == 2
    assert capsys.readouterr().err == f"kcmodel: {previous / 'xbrl' / 'kc-2025-H1.xbrl'}: No space left on device\n"
    assert snapshot(previous) == before and beside(previous) == []


def test_a_second_build_of_the_same_folder_is_refused_and_the_first_completes(previous, reference):
    (previous / "stale.txt").write_text("from an earlier build")
    first = start_build(previous)
    writing(first, previous)
    first.send_signal(signal.SIGSTOP)  # held mid-write, however fast it writes, while the second tries
    try:
        second = kcmodel("build", str(ONE), "--out", str(previous))
    finally:
        first.send_signal(signal.SIGCONT)
    assert (second.returncode, second.stderr) == (2, f"kcmodel: another build is writing {previous}\n")
    first.communicate(timeout=300)
    assert first.returncode == 0
    assert snapshot(previous) == snapshot(reference) and beside(previous) == []


def test_a_build_while_the_lock_is_held_is_refused_and_writes_nothing(previous):
    before = snapshot(previous)
    with open(previous.parent / ".out.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = kcmodel("build", str(ONE), "--out", str(previous))
    assert (done.returncode, done.stderr) == (2, f"kcmodel: another build is writing {previous}\n")
    assert snapshot(previous) == before and beside(previous) == []


def test_a_symlink_planted_in_the_output_folder_is_not_written_through(previous, tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text("not kcmodel's")
    (previous / "findings.json").unlink()
    (previous / "findings.json").symlink_to(outside)
    assert kcmodel("build", str(ONE), "--out", str(previous)).returncode == 0
    assert outside.read_text() == "not kcmodel's"
    assert not (previous / "findings.json").is_symlink()


def test_a_stale_file_of_an_earlier_build_is_gone_after_a_build(previous):
    (previous / "stale.txt").write_text("from an earlier build")
    assert kcmodel("build", str(ONE), "--out", str(previous)).returncode == 0
    assert not (previous / "stale.txt").exists()
    assert sorted(p.name for p in (previous / "xbrl").iterdir()) == ["kc-2024-Q3.xbrl"]


def test_a_folder_that_is_not_an_earlier_build_is_not_replaced(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    done = kcmodel("build", str(ONE), "--out", str(mine))
    assert done.returncode == 2
    assert done.stderr == (f"kcmodel: {mine}: is not an earlier build (no manifest.json) and a build replaces its "
                           "folder whole; choose an empty or new folder\n")
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]


def test_a_source_inside_the_output_folder_is_refused(previous):
    kept = previous / "kc-2024-Q3.txt"
    shutil.copy(ONE, kept)
    done = kcmodel("build", str(kept), "--out", str(previous))
    assert (done.returncode, done.stderr) == (2, f"kcmodel: {kept}: is inside the output folder {previous}, "
                                                 "which a build replaces whole\n")
    assert kept.read_bytes() == ONE.read_bytes()


def test_an_output_folder_given_as_a_symlink_replaces_the_folder_it_points_to(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "manifest.json").write_text("{}")
    link = tmp_path / "link"
    link.symlink_to(real)
    with replacing(link) as folder:
        (folder / "new.txt").write_text("new")
    assert link.is_symlink() and link.resolve() == real
    assert sorted(p.name for p in real.iterdir()) == ["new.txt"]


def test_without_an_atomic_exchange_the_two_renames_replace_the_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(outfolder, "_exchange", lambda first, second: False)
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text("old")
    with replacing(out) as folder:
        (folder / "manifest.json").write_text("new")
    assert snapshot(out) == {"manifest.json": hashlib.sha256(b"new").hexdigest()} and beside(out) == []


def test_a_previous_build_caught_between_the_two_renames_is_put_back(previous, tmp_path):
    before = snapshot(previous)
    previous.rename(tmp_path / ".out.old-0123abcd")  # a kill between the renames: no out, the old one aside,
    (tmp_path / ".out.tmp-89abcdef").mkdir()  # and the new one not yet in place
    with pytest.raises(RuntimeError), replacing(previous):
        raise RuntimeError("the build fails")
    assert snapshot(previous) == before and beside(previous) == []


def test_a_file_whose_write_fails_is_left_as_it_was(tmp_path, monkeypatch):
    target = tmp_path / "r.xbrl"
    target.write_bytes(b"the previous instance")

    def full(path: Path, data: bytes) -> int:
        with path.open("wb") as half:
            half.write(data[:3])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(OSError) as failed:
        write_file(target, b"the new instance")
    assert failed.value.filename == str(target) and failed.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"the previous instance" and [p.name for p in tmp_path.iterdir()] == ["r.xbrl"]
