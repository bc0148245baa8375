"""Characters an announcement may not carry into the model: replaced when read, and reported.

XML 1.0 (the instance, inline XBRL, the report pages) cannot carry C0 control characters other
than TAB, LF and CR, U+FFFE/U+FFFF or lone surrogates; C1 controls (U+0080-U+009F, and DEL) are
allowed there but act on a terminal (U+009B starts an escape sequence, as ESC '[' does). Each of
them is replaced by U+FFFD when the document is read, so no later stage, exporter or terminal ever
sees one, and the reader reports the lines where it did so. A form feed is a page break the text
reader has already read: it is dropped without a word.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kcmodel.ingest.source import Dropped, Line, SourceCell, SourceDocument

REPLACEMENT = "\ufffd"
_UNCARRIED = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def carried(text: str) -> tuple[str, int]:
    """``text`` with each character no output can carry replaced, and how many were."""
    text = text.replace("\f", "")
    return _UNCARRIED.subn(REPLACEMENT, text)


def _line(line: Line) -> tuple[Line, int]:
    raw, _ = carried(line.raw)
    text, count = carried(line.text)
    cells = line.cells
    if cells is not None:
        fixed = [(carried(c.text), c) for c in cells]
        count += sum(n for (_, n), _ in fixed)
        cells = tuple(SourceCell(t, c.where) for (t, _), c in fixed)
    if raw == line.raw and text == line.text and cells == line.cells:
        return line, 0
    return replace(line, raw=raw, text=text, cells=cells), count


def sanitized(document: SourceDocument) -> tuple[SourceDocument, list[tuple[Line, int]]]:
    """The document with no character outputs cannot carry, and the lines (as read) that had some."""
    lines, found = [], []
    for line in document.lines:
        fixed, count = _line(line)
        lines.append(fixed)
        if count:
            found.append((fixed, count))
    dropped = [Dropped(d.where, carried(d.text)[0], d.why) for d in document.dropped]
    return replace(document, lines=lines, dropped=dropped), found
