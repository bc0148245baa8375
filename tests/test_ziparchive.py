"""Zip archives (exporters/ziparchive.py): the bytes zipfile writes for the same members, whether a
member is given as its content or deflated beforehand."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from exporters.ziparchive import deflate, zip_archive

STAMP = (2025, 1, 1, 0, 0, 0)


def zipfile_bytes(members: list[tuple[str, bytes]], stamp: tuple[int, ...] = STAMP) -> bytes:
    """What the standard library writes for the members: deflated, 0644 from a Unix host, in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, content)
    return buffer.getvalue()


names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40)
contents = st.one_of(st.binary(max_size=2000), st.text(max_size=3000).map(lambda t: t.encode("utf-8")))
archives = st.lists(st.tuples(names, contents), max_size=8, unique_by=lambda member: member[0])


@settings(max_examples=200, deadline=None)
@given(archives, st.data())
def test_an_archive_has_the_bytes_zipfile_writes_for_its_members(members, data):
    ready = [(name, deflate(content) if data.draw(st.booleans()) else content) for name, content in members]
    assert zip_archive(ready, STAMP) == zipfile_bytes(members)


def test_a_member_deflated_once_goes_into_several_archives_as_if_deflated_in_each():
    schema = b'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema"/>\n' * 500
    once = deflate(schema)
    for report in (b"<xbrl>2024-FY</xbrl>", b"<xbrl>2025-H1</xbrl>"):
        members = [("kc/taxonomy/kc-2025.xsd", schema), ("kc/reports/report.xbrl", report)]
        assert zip_archive([(members[0][0], once), members[1]], STAMP) == zipfile_bytes(members)


def test_the_stamp_is_the_local_time_zipfile_writes():
    members = [("a.txt", b"x")]
    assert zip_archive(members, (2024, 12, 31, 23, 59, 58)) == zipfile_bytes(members, (2024, 12, 31, 23, 59, 58))
    with zipfile.ZipFile(io.BytesIO(zip_archive(members, (2024, 12, 31, 23, 59, 58)))) as archive:
        assert archive.getinfo("a.txt").date_time == (2024, 12, 31, 23, 59, 58)
        assert archive.read("a.txt") == b"x"
