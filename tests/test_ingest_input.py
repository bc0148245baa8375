"""Bad input: one clear line naming the file and line, exit status 2, no traceback, and the other
files of the same run still processed (issue 3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kcmodel.contexts import Context, Period
from kcmodel.facts import FactRef
from kcmodel.ingest.reader import ingest_file
from kcmodel.units import CNY, HKD
from tests.statements import KINGSOFT_CLOUD
from tests.test_cli import kcmodel

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "announcements"
GOOD = EXAMPLES / "kc-2024-Q3.txt"
QUARTER = "Kingsoft Cloud Announces Unaudited Third Quarter 2024 Financial Results\n\n"


def cut_off(path: Path) -> Path:
    """The Q3 2024 example ending in the middle of its 'Total revenues' row."""
    lines = GOOD.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Total revenues\t1,625,208"))
    path.write_text("\n".join(lines[:at]) + "\nTotal revenues\t1,625,208\t1,775,684\t1,89", encoding="utf-8")
    return path


def writes(data: bytes):
    def make(path: Path) -> Path:
        path.write_bytes(data)
        return path
    return make


BAD = {
    "empty": (writes(b""), "1: the file is empty"),
    "binary": (writes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "3: a binary file, not text (NUL byte)"),
    "no-tables": (writes((QUARTER + "Revenue grew strongly this quarter.\n").encode()), "1: no tables found: nothing to ingest"),
    "latin-1": (writes(QUARTER.encode() + "Revenues\t1\nCoût\t2\n".encode("latin-1")), "4: not UTF-8 text (byte 0xfb)"),
    "cut-off": (cut_off, "the table starting at line"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_input_is_one_line_naming_file_and_line_and_exit_2(kind, tmp_path):
    make, expected = BAD[kind]
    bad = make(tmp_path / f"{kind}.txt")
    done = kcmodel("ingest", str(bad), str(GOOD))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"kcmodel: {bad}:")
    assert expected in done.stderr
    # 586 table figures, and 7 in the example's title, date and rate lines (the rate is the rate fact printed again)
    assert done.stdout.startswith("kc-2024-Q3.txt: 593 figures, 587 facts"), "the good file was not processed"


def test_the_cut_off_table_names_the_line_where_the_file_ends(tmp_path):
    bad = cut_off(tmp_path / "cut.txt")
    last = len(bad.read_text(encoding="utf-8").splitlines())
    done = kcmodel("ingest", str(bad))
    assert done.stderr.startswith(f"kcmodel: {bad}:{last}: the table starting at line ")
    assert "'1,89' is no number" in done.stderr


def test_a_missing_file_is_named(tmp_path):
    done = kcmodel("ingest", str(tmp_path / "nope.txt"))
    assert done.returncode == 2 and done.stderr == f"kcmodel: {tmp_path / 'nope.txt'}: cannot read: No such file or directory\n"


def test_a_hk_dollar_column_is_read_in_hk_dollars_not_as_rmb(tmp_path):
    # The FY2024 example's statement of comprehensive loss with its US$ column headed HK$ instead: an
    # HKEX-listed company may print HK$ amounts, which are neither RMB nor a translation at the US$ rate.
    text = (EXAMPLES / "kc-2024-FY.txt").read_text(encoding="utf-8")
    header = "\t\t<i>RMB</i>\t<i>RMB</i>\t<i>US\\$</i>\nRevenues:"
    assert header in text
    announcement = tmp_path / "kc-2024-FY.txt"
    announcement.write_text(text.replace(header, header.replace("US", "HK")), encoding="utf-8")
    report = ingest_file(announcement).report
    fy2024 = Context(entity=KINGSOFT_CLOUD, period=Period.duration(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    revenues = report.fact(FactRef(concept="Revenues", context=fy2024, unit=HKD))
    assert revenues is not None and revenues.value == 1_066_566_000 and revenues.translation is None
    assert report.fact(FactRef(concept="Revenues", context=fy2024, unit=CNY)).value == 7_785_180_000
