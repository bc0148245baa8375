"""An announcement as numbered lines of plain text.

The seeds are Markdown-ish renderings: emphasis markers (``**``), ``<u>``/``<i>`` tags and
backslash escapes (``US\\$``) decorate the text. They are removed here, once, so every later
stage sees the words and figures as a reader does; each line keeps its 1-based number.
"""

from __future__ import annotations

import re
from pathlib import Path

from kcmodel.errors import KcError
from kcmodel.ingest.source import Line, Where

_TAGS = re.compile(r"</?(?:u|i|b|em|strong|sup|sub)>", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$%&|~<>])")
_BOLD = re.compile(r"\*\*|__")
# a link's text and target hold no brackets of their kind: each try stops at the next one, so a
# line of 100,000 '[' is read in one pass (a class that allowed '[' rescanned the line from each)
_LINK = re.compile(r"\[([^\[\]]*)\]\(#?[^()]*\)")


def clean(raw: str) -> str:
    text = _LINK.sub(r"\1", raw)
    text = _TAGS.sub("", text)
    text = _BOLD.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    return text.replace("\u00a0", " ").rstrip()


def decode(data: bytes, source: str) -> list[Line]:
    """Lines of a document's bytes; KcError (file and line) for anything that is not text."""
    if not data.strip():
        raise KcError("the file is empty", file=source, line=1)
    if b"\x00" in data:
        raise KcError("a binary file, not text (NUL byte)", file=source, line=data[: data.index(b"\x00")].count(b"\n") + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KcError(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", file=source, line=line) from None
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [Line(number=n, raw=raw, text=clean(raw), where=Where(line=n)) for n, raw in enumerate(raw_lines, start=1)]


def read_lines(path: Path) -> list[Line]:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise KcError("is a directory, not an announcement", file=str(path)) from None
    except OSError as exc:
        raise KcError(f"cannot read: {exc.strerror}", file=str(path)) from None
    return decode(data, str(path))
