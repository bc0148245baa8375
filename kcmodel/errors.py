"""The one error kcmodel raises for bad input: it names the file and, where known, the line."""

from __future__ import annotations


class KcError(Exception):
    """Bad input or a broken invariant, reported to a person as ``file:line: message``."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        return f"{where}: {self.message}" if where else self.message
