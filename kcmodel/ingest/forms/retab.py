"""TAB text whose TABs were turned into pairs of spaces: read as the TAB text it was.

A copy through an editor or a mail client that expands each TAB to two spaces leaves no column
aligned (each cell keeps its own width), so the space-aligned reader cannot place its figures by
position; but the damage is regular: every run of spaces is a whole number of pairs, one per TAB.
Where a text without TABs has only such runs, and rows of figures once they are TABs again, it is
read as that TAB text. Text really set in columns has runs of every width (an odd one is certain
in any table), so it never qualifies and goes to the space-aligned reader.
"""

from __future__ import annotations

import re

from kcmodel.printed import parse_figure

_RUN = re.compile(rb" {2,}")
ROWS = 2  # lines of two or more figures once re-tabbed: a table, not double-spaced sentences


def retabbed(data: bytes) -> bytes | None:
    """The TAB text ``data`` was, when it is TAB text with each TAB printed as two spaces; else None."""
    if b"\t" in data:
        return None
    data = b"\n".join(line.rstrip(b" ") for line in data.split(b"\n"))  # trailing TABs: empty cells
    runs = _RUN.findall(data)
    if not runs or any(len(run) % 2 for run in runs):
        return None
    text = _RUN.sub(lambda m: b"\t" * (len(m.group()) // 2), data)
    rows = sum(_figures(line) >= 2 for line in text.split(b"\n"))
    return text if rows >= ROWS else None


def _figures(line: bytes) -> int:
    if b"\t" not in line:
        return 0
    cells = line.decode("utf-8", "replace").split("\t")[1:]
    return sum(parse_figure(cell) is not None for cell in cells if cell.strip())
