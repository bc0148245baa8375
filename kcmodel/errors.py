"""The one error kcmodel raises for bad input: it names the file and, where known, the line."""

from __future__ import annotations


def printable(text: str) -> str:
    """``text`` with every non-printable character (controls and escape sequences, line and
    paragraph separators, U+FFFE, lone surrogates) written as a Python escape, so what input echoes
    reaches a terminal as one inert line; a file name's undecodable byte shows as that byte ('\\xff')."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte the file system name did not decode (surrogateescape)
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


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
