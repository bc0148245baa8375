"""Hostile and damaged input (issue 12): one line naming the file (and line), the exit status, never
a traceback; no figure lost without a ledger entry; nothing called clean that was not read.

Every input is made at test time from the bundled Q3 2024 example (its figures and row labels)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from kcmodel.ingest.ledger import Ledger
from kcmodel.ingest.source import Line
from kcmodel.ingest.tables import parse_row
from tests.conftest import require
from tests.test_cli import kcmodel

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "announcements"
GOOD = EXAMPLES / "kc-2024-Q3.txt"
QUARTER = "Kingsoft Cloud Announces Unaudited Third Quarter 2024 Financial Results\n\n"
TOTAL_REVENUES = "Total revenues\t1,625,208\t1,775,684\t1,891,780\t1,885,574"
SUMMARY = "kc-2024-Q3.txt: 593 figures, 587 facts"  # as tests/test_ingest_input.py counts the example


def example(path: Path, edit=lambda text: text) -> Path:
    path.write_text(edit(GOOD.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


def one_line_error(done, path: str, status: int = 2) -> str:
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"kcmodel: {path}"), done.stderr
    return done.stderr


# -- quadratic markup ------------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["[" * 100_000, "[](" * 33_000, "Revenues" + " 1" * 50_000 + " x"])
def test_a_hostile_line_of_100000_characters_is_read_like_any_other(tmp_path, line):
    """Each took minutes when the markup and row readers rescanned the line from every position."""
    path = example(tmp_path / "hostile.txt", lambda text: text.replace("\n\n", f"\n\n{line}\n\n", 1))
    done = kcmodel("ingest", str(path))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.startswith("hostile.txt: ")


def test_a_hostile_line_alone_is_one_line_naming_the_file(tmp_path):
    path = tmp_path / "brackets.txt"
    path.write_text("[" * 100_000 + "\n", encoding="utf-8")
    assert "brackets.txt:1: no tables found" in one_line_error(kcmodel("ingest", str(path)), str(path))


# -- figures that do not read -----------------------------------------------------------------------


def test_cells_that_look_like_figures_but_do_not_read_are_ledger_entries(tmp_path):
    damaged = "Total revenues\t1,2,3\t(12\t12)\t1.812.692"
    path = example(tmp_path / "damaged.txt", lambda text: text.replace(TOTAL_REVENUES, damaged, 1))
    line = line_of(path, "Total revenues\t1,2,3")
    done = kcmodel("ingest", "--ledger", str(path))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    entries = [row.split("\t") for row in done.stdout.splitlines() if row.startswith(f"damaged.txt:{line}\t")]
    unreadable = {text for _, text, _, what in entries if what.startswith("not taken: unreadable-figure")}
    assert unreadable == {"1,2,3", "(12", "12)", "1.812.692"}
    assert len(entries) == 8  # the row's other four figures: damaged-row, they no longer fit the columns
    assert "unreadable-figure 4" in done.stdout.splitlines()[-1]


@pytest.mark.parametrize("text, cells, unreadable", [
    ("Total revenues 1,625,208 (12", ["1,625,208", "(12"], ["(12"]),
    ("Total revenues 1,2,3 12) 268,692", ["1,2,3", "12)", "268,692"], ["1,2,3", "12)"]),
])
def test_a_row_separated_by_spaces_keeps_its_damaged_figures_as_cells(text, cells, unreadable):
    row = parse_row(Line(number=1, raw=text, text=text))
    assert row is not None and row.label == "Total revenues"
    assert [c.text for c in row.cells] == cells and [c.text for c in row.unreadable] == unreadable


def test_a_date_at_the_end_of_a_line_stays_no_row():
    row = parse_row(Line(number=1, raw="Hong Kong, March 19, 2025", text="Hong Kong, March 19, 2025"))
    assert row is not None and not row.cells


# -- nothing read is not clean ----------------------------------------------------------------------


def test_tables_of_which_no_figure_became_a_fact_are_an_error_in_ingest_and_validate(tmp_path):
    path = tmp_path / "unknown.txt"
    path.write_text(QUARTER + "\tSep 30, 2023\tSep 30, 2024\n\tRMB\tRMB\nWidgets\t1,000\t2,000\nGadgets\t3,000\t4,000\n",
                    encoding="utf-8")
    for command in ("ingest", "validate"):
        error = one_line_error(kcmodel(command, str(path)), str(path))
        assert f"{path}:3: no figure of the tables became a fact (tables: 1, figures: 4)" in error


def test_tabs_turned_into_one_space_are_an_error_never_a_clean_result(tmp_path):
    path = example(tmp_path / "one-space.txt", lambda text: text.replace("\t", " "))
    for command in ("ingest", "validate"):
        assert "no figure of the tables became a fact" in one_line_error(kcmodel(command, str(path)), str(path))


def test_tabs_turned_into_two_spaces_are_read_as_the_tab_text_with_a_warning(tmp_path):
    path = example(tmp_path / "two-spaces.txt", lambda text: text.replace("\t", "  "))
    done = kcmodel("ingest", "--findings", str(path))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "two-spaces.txt:1: warning: form-repaired: its TABs were printed as pairs of spaces" in done.stdout
    assert done.stdout.splitlines()[-1].replace("two-spaces.txt", "kc-2024-Q3.txt").startswith(SUMMARY)


def test_an_announcement_with_its_tabs_turned_into_two_spaces_gives_its_ledger(source, tmp_path):
    from kcmodel.ingest.reader import ingest_file
    from tests.conftest import ingested

    for announcement in source.files:
        spaced = tmp_path / announcement.name
        spaced.write_text(announcement.read_text(encoding="utf-8").replace("\t", "  "), encoding="utf-8")
        assert ingest_file(spaced).ledger.summary() == ingested(announcement).ledger.summary()


def test_text_set_in_columns_is_not_taken_for_tabs_turned_into_spaces():
    from kcmodel.ingest.forms.retab import retabbed

    aligned = b"Revenues      1,234     5,678\nCost         (1,000)   (2,000)\n"
    assert retabbed(aligned) is None  # runs of odd widths: the space-aligned reader's
    assert retabbed(b"Revenues  1,234  5,678\nCost  (1,000)  (2,000)\n") == b"Revenues\t1,234\t5,678\nCost\t(1,000)\t(2,000)\n"


def test_no_data_figures_is_not_100_percent_taken():
    ledger = Ledger(document="empty.txt", entries=())
    assert ledger.taken_share is None
    assert ledger.summary() == "empty.txt: 0 figures, 0 facts, 0 not taken; no data figures: nothing taken"


# -- characters no output can carry --------------------------------------------------------------


def test_control_characters_in_an_announcement_are_replaced_and_reported_by_line(tmp_path):
    garbage = "Revenue note \x1b[31m red \x01\x02 \ufffe \x7f end"
    path = example(tmp_path / "controls.txt", lambda text: text.replace("\n\n", f"\n\n{garbage}\n\n", 1))
    line = line_of(path, "Revenue note")
    done = kcmodel("ingest", "--findings", "--ledger", str(path))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert f"controls.txt:{line}: warning: characters-replaced: 5 control or non-characters replaced" in done.stdout
    assert not any(c in done.stdout + done.stderr for c in "\x1b\x01\x02\ufffe\x7f")
    built = kcmodel("build", str(path), "--out", str(tmp_path / "out"))
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr


def test_a_file_name_with_control_characters_or_undecodable_bytes_is_shown_escaped(tmp_path):
    require("Linux (file names as arbitrary bytes)", sys.platform == "linux")
    escape = os.fsdecode(b"esc\x1b[2J\x07.txt")
    undecodable = os.fsdecode(b"bytes\xff\xfe.txt")
    for name in (escape, undecodable):
        example(tmp_path / name)
    done = kcmodel("ingest", str(tmp_path / escape), str(tmp_path / undecodable))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout.splitlines()[0].startswith("esc\\x1b[2J\\x07.txt: 593 figures")
    assert done.stdout.splitlines()[1].startswith("bytes\\xff\\xfe.txt: 593 figures")
    assert "\x1b" not in done.stdout
    missing = tmp_path / os.fsdecode(b"missing\x1b[31m.txt")
    done = kcmodel("ingest", str(missing))
    assert done.returncode == 2 and done.stderr == (
        f"kcmodel: {tmp_path}/missing\\x1b[31m.txt: cannot read: No such file or directory\n")


# -- what is no announcement ------------------------------------------------------------------------


def test_dev_zero_is_refused_without_reading_it():
    assert "is not a regular file" in one_line_error(kcmodel("ingest", "/dev/zero"), "/dev/zero")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "is not a regular file" in one_line_error(kcmodel("ingest", str(fifo)), str(fifo))


def test_a_directory_given_to_the_reader_is_refused(tmp_path):
    from kcmodel.errors import KcError
    from kcmodel.ingest.forms import read_document

    with pytest.raises(KcError, match="is a directory"):
        read_document(tmp_path)


@pytest.mark.parametrize("command, why", [("ingest", "no announcements in this folder"),
                                          ("validate", "nothing to validate in this folder")])
def test_an_empty_folder_is_an_error_not_a_clean_run_over_nothing(tmp_path, command, why):
    empty = tmp_path / "empty"
    empty.mkdir()
    error = one_line_error(kcmodel(command, str(empty)), str(empty))
    assert error == f"kcmodel: {empty}: {why}\n"


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    from kcmodel.errors import KcError
    from kcmodel.ingest import forms

    monkeypatch.setattr(forms, "MAX_BYTES", 1024)
    big = example(tmp_path / "big.txt")
    with pytest.raises(KcError, match="larger than"):
        forms.read_document(big)
