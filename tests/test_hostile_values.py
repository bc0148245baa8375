"""Hostile values and files given to ``convert`` and ``validate`` (issue 12): each is refused with
one line naming the file (and the line where there is one), exit status 2 and no traceback; the
limits are the README's (64 MB a file, 28 digits a value, decimals -100..100).

Every hostile input is a real build's output, edited here.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kcmodel.errors import KcError
from tests.test_cli import kcmodel

REPORT = "kc-2025-Q2"
NOT_DECIMAL = "is not an xs:decimal (ASCII digits with an optional sign and point; no exponent)"
NOT_XML = "which XML cannot carry, is not accepted"


@pytest.fixture(scope="module")
def built(cli_build) -> Path:
    """The bundled examples built by the command, once per session (conftest)."""
    return cli_build


def refused(done, file: Path | str, line: int | None, message: str) -> None:
    """The command failed with exactly ``kcmodel: file[:line]: message``: one line, exit 2."""
    where = f"{file}:{line}" if line is not None else f"{file}"
    assert "Traceback" not in done.stderr
    assert (done.returncode, done.stderr) == (2, f"kcmodel: {where}: {message}\n")


def edited(source: Path, target: Path, old: str, new: str) -> int:
    """``target`` is ``source`` with the first ``old`` replaced; the line of the change."""
    text = source.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


# --- values in an XML instance ---------------------------------------------------------------------

REVENUE = ">1625309000</kc:Revenues>"


def instance_with(built: Path, tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    path = tmp_path / "hostile.xbrl"
    return path, edited(built / "xbrl" / f"{REPORT}.xbrl", path, old, new)


def test_an_exponent_of_a_billion_is_refused_at_once_and_nothing_is_written(built, tmp_path):
    path, line = instance_with(built, tmp_path, REVENUE, ">1E999999999</kc:Revenues>")
    start = time.monotonic()
    done = kcmodel("convert", str(path), str(tmp_path / "out.json"))
    assert time.monotonic() - start < 30  # before: minutes and 4.9 GB for a 1 GB file
    refused(done, path, line, f"Revenues: '1E999999999' {NOT_DECIMAL}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.xbrl"]


@pytest.mark.parametrize("value", ["1E7777777", "7.78518E9", "7_785_180_000", "７７８５", "1,625,309,000", "0x10", "NaN", ""],
                         ids=["exponent", "scientific", "underscores", "full-width-digits", "grouping", "hex", "nan", "empty"])
def test_a_value_outside_the_xs_decimal_lexical_space_is_refused(built, tmp_path, value):
    path, line = instance_with(built, tmp_path, REVENUE, f">{value}</kc:Revenues>")
    refused(kcmodel("convert", str(path), str(tmp_path / "out.json")), path, line, f"Revenues: {value!r} {NOT_DECIMAL}")


@pytest.mark.parametrize("value", ["+1625309000.", " 1625309000.000\n", ".5", "-0"], ids=["sign-and-point", "whitespace", "no-integer-part", "minus-zero"])
def test_every_xs_decimal_form_is_read(built, tmp_path, value):
    path, _ = instance_with(built, tmp_path, REVENUE, f">{value}</kc:Revenues>")
    done = kcmodel("convert", str(path), str(tmp_path / "out.json"))
    assert done.returncode == 0, done.stderr


def test_a_value_of_more_than_28_digits_is_refused(built, tmp_path):
    figure = "1234567890" * 4
    path, line = instance_with(built, tmp_path, REVENUE, f">{figure}</kc:Revenues>")
    refused(kcmodel("convert", str(path), str(tmp_path / "out.json")), path, line,
            f"Revenues: {figure!r} has 40 digits: kcmodel takes at most 28")


@pytest.mark.parametrize("decimals, message", [
    ("abc", "decimals 'abc' is not an integer or INF"),
    ("999999999", "decimals '999999999' is out of range: kcmodel takes -100 to 100"),
    ("-101", "decimals '-101' is out of range: kcmodel takes -100 to 100"),
    ("３", "decimals '３' is not an integer or INF"),
    ("INF", "decimals INF is not used by kcmodel"),
], ids=["letters", "nine-digits", "just-out-of-range", "full-width", "inf"])
def test_decimals_must_be_an_integer_within_100(built, tmp_path, decimals, message):
    old = 'decimals="-3">1625309000<'
    path, line = instance_with(built, tmp_path, old, f'decimals="{decimals}">1625309000<')
    refused(kcmodel("convert", str(path), str(tmp_path / "out.json")), path, line, f"Revenues: {message}")


def test_validate_refuses_a_hostile_value_in_one_line(built, tmp_path):
    path, line = instance_with(built, tmp_path, REVENUE, ">1E7777777</kc:Revenues>")
    done = kcmodel("validate", str(path))
    refused(done, path, line, f"Revenues: '1E7777777' {NOT_DECIMAL}")
    assert done.stdout == "0 reports: 0 errors, 0 warnings, 0 notes\n"


def test_a_footnote_arc_order_that_is_no_number_is_refused(built, tmp_path):
    path, line = instance_with(built, tmp_path, 'order="2"', 'order="second"')
    refused(kcmodel("convert", str(path), str(tmp_path / "out.json")), path, line,
            f"footnote arc order: 'second' {NOT_DECIMAL}")


def test_a_control_character_escaped_in_a_provenance_footnote_is_refused(built, tmp_path):
    path, line = instance_with(built, tmp_path, '"label": "Convenience translation rate"', '"label": "\\u001b[2J"')
    refused(kcmodel("convert", str(path), str(tmp_path / "out.json")), path, line,
            f"provenance footnote: label: the control character U+001B, {NOT_XML}")


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
], ids=["external-entity", "entity-expansion"])
def test_an_instance_with_a_document_type_declaration_is_refused(built, tmp_path, doctype):
    path, _ = instance_with(built, tmp_path, "<xbrli:xbrl ", f"{doctype}\n<xbrli:xbrl ")
    refused(kcmodel("convert", str(path), str(tmp_path / "out.json")), path, 1,
            "a document type declaration is not accepted (entity expansion is refused)")


# --- strings and values in xBRL-JSON and xBRL-CSV --------------------------------------------------

JSON_REVENUE = '"value": "1625309000"'


def json_with(built: Path, tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    path = tmp_path / "hostile.json"
    return path, edited(built / "oim" / f"{REPORT}.json", path, old, new)


def fact_key(built: Path) -> str:
    """The id of the xBRL-JSON fact whose value is JSON_REVENUE."""
    facts = json.loads((built / "oim" / f"{REPORT}.json").read_text(encoding="utf-8"))["facts"]
    return next(k for k, f in facts.items() if f["value"] == "1625309000" and f["dimensions"]["concept"] == "kc:Revenues")


@pytest.mark.parametrize("value, name", [
    ("\\u0001", "the control character U+0001"),
    ("\\u001b[31m", "the control character U+001B"),
    ("\\ud800", "the lone surrogate U+D800"),
    ("\ufffe", "the noncharacter U+FFFE"),
    ("\uffff", "the noncharacter U+FFFF"),
], ids=["control", "terminal-escape", "lone-surrogate", "raw-fffe", "raw-ffff"])
def test_a_json_string_xml_cannot_carry_is_refused_at_its_line(built, tmp_path, value, name):
    path, line = json_with(built, tmp_path, JSON_REVENUE, f'"value": "1{value}"')
    done = kcmodel("convert", str(path), str(tmp_path / "out.xbrl"))
    refused(done, path, line, f"facts.{fact_key(built)}.value: {name}, {NOT_XML}")
    assert "\x1b" not in done.stderr


def test_a_json_key_xml_cannot_carry_is_refused(built, tmp_path):
    path, line = json_with(built, tmp_path, '"documentType"', '"document\\u0000Type"')
    refused(kcmodel("convert", str(path), str(tmp_path / "out.xbrl")), path, line,
            f"documentInfo.document\\x00Type (the key): the control character U+0000, {NOT_XML}")


def test_a_surrogate_pair_is_one_character_and_read(built, tmp_path):
    path, _ = json_with(built, tmp_path, '"value": "Kingsoft Cloud', '"value": "\\\\ud800 \\ud83d\\ude00 Kingsoft Cloud')
    done = kcmodel("convert", str(path), str(tmp_path / "out.xbrl"))
    assert done.returncode == 0, done.stderr
    assert "\\ud800 \U0001f600 Kingsoft Cloud" in (tmp_path / "out.xbrl").read_text(encoding="utf-8")


@pytest.mark.parametrize("value, message", [
    ("1E999999999", f"'1E999999999' {NOT_DECIMAL}"),
    ("７７８５", f"'７７８５' {NOT_DECIMAL}"),
    ("1234567890" * 4, f"'{'1234567890' * 4}' has 40 digits: kcmodel takes at most 28"),
], ids=["exponent", "full-width", "forty-digits"])
def test_a_json_value_outside_xs_decimal_is_refused_at_its_fact(built, tmp_path, value, message):
    path, _ = json_with(built, tmp_path, JSON_REVENUE, f'"value": "{value}"')
    opening = f'"{fact_key(built)}": {{'  # the fact's first line (read once, not once per line)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if text.strip().startswith(opening))
    refused(kcmodel("convert", str(path), str(tmp_path / "out.xbrl")), path, line, f"Revenues: {message}")


def test_json_decimals_beyond_100_are_refused(built, tmp_path):
    path, line = json_with(built, tmp_path, '"decimals": -3', '"decimals": -999999999')
    key = next(k for k, f in json.loads(path.read_text(encoding="utf-8"))["facts"].items() if f.get("decimals") == -999999999)
    refused(kcmodel("convert", str(path), str(tmp_path / "out.xbrl")), path, line - 1,
            f"fact {key}: decimals '-999999999' is out of range: kcmodel takes -100 to 100")


def test_a_long_json_string_is_read_in_memory_linear_in_its_size(built, tmp_path):
    document = json.loads((built / "oim" / f"{REPORT}.json").read_text(encoding="utf-8"))
    document["x:pad"] = "a" * (40 * 1024 * 1024)  # an extension property: allowed, and ignored
    path = tmp_path / "padded.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    limit = 1536 * 1024 * 1024  # of address space; reading it took over 4 GB before

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "kcmodel.cli", "convert", str(path), str(tmp_path / "out.xbrl")],
                          capture_output=True, text=True, check=False, preexec_fn=bounded)
    assert (done.returncode, done.stderr) == (0, "")


def csv_copy(built: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "csv"
    folder.mkdir()
    for path in (built / "oim" / f"{REPORT}-csv").iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


CSV_REVENUE = ",-3,1625309000\n"


@pytest.mark.parametrize("cells, message", [
    (",-3,16253\x01\n", f"the control character U+0001, {NOT_XML}"),
    (",-3,1E999999999\n", f"Revenues: '1E999999999' {NOT_DECIMAL}"),
    (",abc,1625309000\n", "decimals 'abc' is not an integer or INF"),
    (",999999999,1625309000\n", "decimals '999999999' is out of range: kcmodel takes -100 to 100"),
    (",-３,1625309000\n", "decimals '-３' is not an integer or INF"),
], ids=["control-character", "exponent", "decimals-letters", "decimals-nine-digits", "decimals-full-width"])
def test_a_hostile_csv_cell_is_refused_at_its_line(built, tmp_path, cells, message):
    folder = csv_copy(built, tmp_path)
    line = edited(folder / "facts.csv", folder / "facts.csv", CSV_REVENUE, cells)
    refused(kcmodel("convert", str(folder), str(tmp_path / "out.xbrl")), folder / "facts.csv", line, message)


def test_a_csv_table_read_twice_is_refused(built, tmp_path):
    folder = csv_copy(built, tmp_path)
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    metadata["tables"]["again"] = {"template": "facts", "url": "./facts.csv"}
    (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    refused(kcmodel("convert", str(folder), str(tmp_path / "out.xbrl")), folder / "metadata.json", None,
            "table again: url './facts.csv' is the file of table facts too")


# --- files ----------------------------------------------------------------------------------------


def test_a_device_is_refused_before_it_is_read():
    refused(kcmodel("convert", "/dev/zero", "out.json"), "/dev/zero", None, "is not a regular file (a device, FIFO or socket)")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    refused(kcmodel("convert", str(fifo), str(tmp_path / "out.xbrl")), fifo, None, "is not a regular file (a device, FIFO or socket)")


@pytest.mark.parametrize("name, what", [("big.xbrl", "an XBRL instance"), ("big.json", "an OIM report")])
def test_a_file_over_64_mb_is_refused(tmp_path, name, what):
    big = tmp_path / name
    with big.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)  # sparse: nothing is written to disk
    refused(kcmodel("convert", str(big), str(tmp_path / "out.json")), big, None, f"larger than 64 MB: not {what}")


def test_a_file_name_with_an_escape_sequence_reaches_the_terminal_escaped(tmp_path):
    path = tmp_path / "\x1b[2Jreport.json"
    path.write_text("[", encoding="utf-8")
    done = kcmodel("convert", str(path), str(tmp_path / "out.xbrl"))
    refused(done, str(path).replace("\x1b", "\\x1b"), 1, "not valid JSON: Expecting value")
    assert "\x1b" not in done.stderr


def test_an_error_message_escapes_every_non_printable_character():
    error = KcError("value 'a\x9bb\u2028c'", file="in\x07put.json", line=3)
    assert str(error) == "in\\x07put.json:3: value 'a\\x9bb\\u2028c'"


# --- validate: what it reads, and a build folder's manifest ----------------------------------------


@pytest.mark.parametrize("given", [f"oim/{REPORT}-csv", f"oim/{REPORT}-csv/metadata.json", f"oim/{REPORT}.json"],
                         ids=["csv-folder", "csv-metadata", "json"])
def test_validate_reads_xbrl_csv_and_xbrl_json(built, given):
    done = kcmodel("validate", str(built / given))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.endswith("1 reports: 0 errors, 0 warnings, 0 notes\n")


def test_validate_refuses_a_folder_with_nothing_to_read(tmp_path):
    refused(kcmodel("validate", str(tmp_path)), tmp_path, None, "nothing to validate in this folder")


def build_copy(built: Path, tmp_path: Path, listed: str) -> Path:
    """A build folder whose manifest lists ``listed`` as its one instance."""
    folder = tmp_path / "build"
    (folder / "xbrl").mkdir(parents=True)
    (folder / "xbrl" / f"{REPORT}.xbrl").write_bytes((built / "xbrl" / f"{REPORT}.xbrl").read_bytes())
    (folder / "manifest.json").write_text(json.dumps({"artifacts": [{"path": listed, "kind": "xbrl-instance"}]}))
    return folder


def test_validate_reads_the_instances_a_manifest_lists(built, tmp_path):
    folder = build_copy(built, tmp_path, f"xbrl/{REPORT}.xbrl")
    done = kcmodel("validate", str(folder))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.endswith("1 reports: 0 errors, 0 warnings, 0 notes\n")


@pytest.mark.parametrize("listed, message", [
    ("/etc/passwd", "is not relative to the build folder"),
    ("/dev/zero", "is not relative to the build folder"),
    ("../../../../etc/passwd", "leaves the build folder"),
    ("xbrl/out", "leaves the build folder"),  # a symlink to a file outside
    ("xbrl/zero.xbrl", "leaves the build folder"),  # a symlink to /dev/zero
    ("xbrl/fifo.xbrl", "is not a regular file"),
    ("xbrl", "is not a regular file"),
    ("xbrl/absent.xbrl", "is missing"),
], ids=["absolute", "device", "parent", "symlink-out", "symlink-to-device", "fifo", "directory", "missing"])
def test_a_manifest_path_outside_the_build_or_no_regular_file_is_refused(built, tmp_path, listed, message):
    folder = build_copy(built, tmp_path, listed)
    (tmp_path / "outside.xbrl").write_bytes((built / "xbrl" / f"{REPORT}.xbrl").read_bytes())
    (folder / "xbrl" / "out").symlink_to(tmp_path / "outside.xbrl")
    (folder / "xbrl" / "zero.xbrl").symlink_to("/dev/zero")
    os.mkfifo(folder / "xbrl" / "fifo.xbrl")
    refused(kcmodel("validate", str(folder)), folder / "manifest.json", None, f"the listed path {listed!r} {message}")


@pytest.mark.parametrize("text, line, message", [
    ('{"artifacts": [', 1, "not valid JSON: Expecting value"),
    ('{"artifacts": {}}', None, 'not a kcmodel manifest: no "artifacts" list of objects with a "path" and a "kind"'),
    ('{"artifacts": [{"path": 7, "kind": "xbrl-instance"}]}', None,
     'not a kcmodel manifest: no "artifacts" list of objects with a "path" and a "kind"'),
    ('{"artifacts": []}', None, "lists no xbrl-instance: nothing to read"),
], ids=["not-json", "not-a-list", "path-not-a-string", "no-instance"])
def test_a_malformed_manifest_is_refused_in_one_line(tmp_path, text, line, message):
    (tmp_path / "manifest.json").write_text(text, encoding="utf-8")
    refused(kcmodel("validate", str(tmp_path)), tmp_path / "manifest.json", line, message)
