"""kcmodel convert: XML instance, xBRL-JSON and xBRL-CSV, through the model (issue 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import kcmodel


@pytest.fixture(scope="module")
def built(cli_build) -> Path:
    """The bundled examples built by the command, once per session (conftest)."""
    return cli_build


def test_instance_to_json_to_csv_to_instance_gives_the_same_bytes(built, tmp_path):
    instance = built / "xbrl" / "kc-2025-Q2.xbrl"
    steps = [(instance, tmp_path / "r.json"), (tmp_path / "r.json", tmp_path / "r-csv"), (tmp_path / "r-csv", tmp_path / "back.xbrl")]
    for source, target in steps:
        done = kcmodel("convert", str(source), str(target))
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "back.xbrl").read_bytes() == instance.read_bytes()


def test_a_missing_input_is_one_line_and_exit_2(tmp_path):
    done = kcmodel("convert", str(tmp_path / "missing.xbrl"), str(tmp_path / "out.json"))
    assert done.returncode == 2 and done.stderr == f"kcmodel: {tmp_path / 'missing.xbrl'}: no such file or directory\n"


def test_a_json_file_that_is_no_report_is_named(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"documentInfo": {"documentType": "https://example.com/other"}}', encoding="utf-8")
    done = kcmodel("convert", str(bad), str(tmp_path / "out.xbrl"))
    assert done.returncode == 2 and done.stderr.startswith(f"kcmodel: {bad}") and "Traceback" not in done.stderr
