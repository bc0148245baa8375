"""Row labels to concepts, through the printed label variants the taxonomy lists (``rows.yaml``).

Sections decide ambiguous rows: a label-only row ending in ':' (``Current assets:``) opens a
section; a label-only row whose text, joined to the next row's label, is a known label is the first
half of a split label instead. The table's heading is the fallback context.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kcmodel.ingest.tables import Cell, CellRow, Row, Table
from kcmodel.rowlabels import LabelIndex, normalize

__all__ = ["BodyRow", "LabelIndex", "contexts", "normalize", "prepare"]

@dataclass
class BodyRow(CellRow):
    """A body row made ready for mapping: label joined, values attached, its section known."""

    row: Row
    label: str
    lines: list[int]
    section: str
    cells: list[Cell] = field(default_factory=list)
    label_moved: bool = False  # the label was printed in a value column
    section_line: int = 0  # where the section heading was printed


def prepare(table: Table, index: LabelIndex) -> list[BodyRow]:
    """Body rows with split labels joined, value-only lines attached and sections tracked."""
    rows = _attach_values(table.body)
    out: list[BodyRow] = []
    section, section_line = "", 0
    held: Row | None = None  # a label-only row that may be the first half of the next label
    for position, row in enumerate(rows):
        if row.label_only and not row.spaced:
            if held is not None:
                section, section_line = held.label, held.line
            held = row
            if row.label.rstrip().endswith(":") or not _continues(row, rows[position + 1:], index):
                section, section_line, held = row.label, row.line, None
            continue
        label, lines, cells = row.label, list(row.lines), list(row.cells)
        if not label and row.texts and row.figures:
            # the label printed in a value column: the row's cells are shifted (a damaged row)
            moved = row.texts[0]
            label, cells = moved.text, [c for c in cells if c is not moved]
        if held is not None:
            label, lines = f"{held.label} {row.label}".strip(), [*held.lines, *row.lines]
            held = None
        glued, section = _unglue(label, section, index)
        if glued != label:
            section_line = row.line
        out.append(BodyRow(row=row, label=glued, lines=lines, section=section, cells=cells,
                           label_moved=glued != row.label and not row.label, section_line=section_line))
    return out


def _continues(held: Row, rest: list[Row], index: LabelIndex) -> bool:
    """Whether a label-only row is the first half of the next row's label."""
    nxt = next((r for r in rest if not r.label_only or r.spaced), None)
    if nxt is None or rest[0] is not nxt:
        return False
    joined = f"{held.label} {nxt.label}"
    return index.known(joined) or (not index.known(nxt.label) and not index.known(held.label))


def _unglue(label: str, section: str, index: LabelIndex) -> tuple[str, str]:
    """'Shareholders' equity: Ordinary shares' -> label 'Ordinary shares' in section 'Shareholders' equity:'."""
    if index.known(label) or ": " not in label:
        return label, section
    head, _, tail = label.partition(": ")
    return (tail, head + ":") if index.known(tail) else (label, section)


def _attach_values(rows: list[Row]) -> list[Row]:
    """A line of figures alone belongs to the label-only row just before it."""
    out: list[Row] = []
    for row in rows:
        if not row.label and row.spaced and out and out[-1].label_only and not out[-1].spaced \
                and not out[-1].label.endswith(":"):
            held = out.pop()
            row = Row(lines=[*held.lines, *row.lines], label=held.label, cells=row.cells, spaced=True)
        out.append(row)
    return out


def contexts(row: BodyRow, table: Table) -> list[str]:
    return [row.section, table.heading_text]
