"""The command line: help, the taxonomy command, and one-line errors with exit status 2."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest


def kcmodel(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kcmodel.cli", *args], capture_output=True, text=True, cwd=cwd, check=False)


@pytest.mark.parametrize("args", [["--help"], ["taxonomy", "--help"]])
def test_help_is_printed_and_exits_0(args):
    done = kcmodel(*args)
    assert done.returncode == 0 and "usage: kcmodel" in done.stdout


def test_taxonomy_writes_the_package_zip(tmp_path):
    done = kcmodel("taxonomy", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    package = tmp_path / "out" / "kc-taxonomy-2025.zip"
    assert zipfile.is_zipfile(package)


def test_an_unknown_option_is_one_line_and_exit_2():
    done = kcmodel("taxonomy", "--frobnicate")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "unrecognized arguments: --frobnicate" in done.stderr


def test_taxonomy_without_a_destination_is_a_usage_error():
    done = kcmodel("taxonomy")
    assert done.returncode == 2 and done.stderr.count("\n") == 1


def test_an_output_path_that_is_a_file_is_named_in_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    done = kcmodel("taxonomy", "--out", str(blocker))
    assert done.returncode == 2
    assert done.stderr == f"kcmodel: {blocker}: is not a directory\n"
    assert "Traceback" not in done.stderr
