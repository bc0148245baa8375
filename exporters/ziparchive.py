"""Zip archives written byte-for-byte reproducibly, from members that may be deflated already.

A build writes the kc taxonomy (a megabyte of schema and linkbases) into the taxonomy package and
again into every report package: eleven times for five announcements. ``zipfile`` deflates a member
every time it is written and takes no member already deflated, so this module writes the archive
itself (APPNOTE 6.3.10, §4.3: local headers, central directory, end record) from members given as
content or as :func:`deflate` made it once. The bytes are the ones ``zipfile.ZipFile.writestr``
writes for the same members into a seekable file (a test compares them): entries in the order
given, one timestamp, permissions 0644 from a Unix host, deflate at zlib's default level, no extra
fields.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from typing import NamedTuple

_LOCAL = struct.Struct("<4s2B4HL2L2H")  # §4.3.7 local file header
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # §4.3.12 central directory file header
_END = struct.Struct("<4s4H2LH")  # §4.3.16 end of central directory record
_VERSION = 20  # 2.0: deflate, no zip64
_UNIX = 3
_DEFLATE = 8
_UTF8_NAME = 0x800  # general purpose flag bit 11: the name is UTF-8 (set only where it is not ASCII, as zipfile does)
_PERMISSIONS = 0o644 << 16
_LIMIT = (1 << 31) - 1  # what needs zip64 (zipfile's ZIP64_LIMIT): kcmodel's members are far smaller


class Deflated(NamedTuple):
    """A member's content as an archive holds it: its CRC-32, its size and its raw deflate stream."""

    crc: int
    size: int
    data: bytes


def deflate(content: bytes) -> Deflated:
    """The content deflated as zipfile deflates it (zlib's default level, no zlib header)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return Deflated(zlib.crc32(content), len(content), compressor.compress(content) + compressor.flush())


def zip_archive(members: Iterable[tuple[str, bytes | Deflated]], date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """The archive of ``members`` (name, content or its :func:`deflate`), in their order, each stamped ``date_time``."""
    year, month, day, hour, minute, second = date_time
    dos_date, dos_time = (year - 1980) << 9 | month << 5 | day, hour << 11 | minute << 5 | second // 2
    out, central, count = bytearray(), bytearray(), 0
    for name, content in members:
        member = content if isinstance(content, Deflated) else deflate(content)
        if member.size * 1.05 > _LIMIT:
            raise ValueError(f"{name}: {member.size} bytes is more than a zip without zip64 holds")
        encoded, flags = _name(name)
        sizes = (member.crc, len(member.data), member.size, len(encoded))
        central += _CENTRAL.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, flags, _DEFLATE, dos_time, dos_date,
                                 *sizes, 0, 0, 0, 0, _PERMISSIONS, len(out)) + encoded
        out += _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, _DEFLATE, dos_time, dos_date, *sizes, 0) + encoded
        out += member.data
        count += 1
    start = len(out)
    out += central
    out += _END.pack(b"PK\x05\x06", 0, 0, count, count, len(central), start, 0)
    return bytes(out)


def _name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _UTF8_NAME
