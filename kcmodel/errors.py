"""The one error kcmodel raises for bad input: it names the file and, where known, the line."""

from __future__ import annotations

import re

# what must not reach a terminal raw: C0 and C1 controls (ESC starts an escape sequence), lone
# surrogates (a file name's undecodable bytes) and the non-characters U+FFFE/U+FFFF
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` with what a terminal would act on escaped: '\\x1b', '\\xff' for a file name's undecodable byte."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte the file system name did not decode (surrogateescape)
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class KcError(Exception):
    """Bad input or a broken invariant, reported to a person as ``file:line: message``."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        return printable(f"{where}: {self.message}" if where else self.message)
