"""An announcement in, a Report, its ledger and findings out.

Stages: lines -> tables -> header columns and mapped rows -> figures placed in columns (directly
where a row fits its header, by evidence where it does not) -> unlabelled subtotals named by their
arithmetic -> each row's presentation (as printed or negated) decided -> facts, with provenance,
US$ translations linked to their RMB facts, and a ledger entry for every figure.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pydantic import ValidationError

from kcmodel import changes
from kcmodel.contexts import Context, Period
from kcmodel.errors import KcError
from kcmodel.facts import Fact, FactRef, Provenance, Translation
from kcmodel.findings import Finding, Severity
from kcmodel.ingest import evidence, twins
from kcmodel.ingest.columns import Column, Header, orphan_translations, read_header, with_source_inserted
from kcmodel.ingest.document import read_info
from kcmodel.ingest.labels import BodyRow, LabelIndex, contexts, prepare
from kcmodel.ingest.ledger import Entry, Ledger, Reason
from kcmodel.ingest.narrative import Narrative
from kcmodel.ingest.prose import read_prose
from kcmodel.printed import Printed
from kcmodel.ingest.signs import Sum, decide
from kcmodel.ingest.tables import Cell, Table, find_tables
from kcmodel.ingest.forms import read_document
from kcmodel.ingest.source import SourceDocument, Where
from kcmodel.layout import LayoutCell, LayoutColumn, LayoutRow, Table as LayoutTable
from kcmodel.report import Document, Report
from kcmodel.taxonomy import RATE_CONCEPT, ItemType, PeriodType, Taxonomy
from kcmodel.units import CNY_PER_USD, PURE, SHARES, Currency, Unit, money, per_share

Members = tuple[tuple[str, str], ...]


@dataclass
class Mapping:
    concept: str
    members: Members = ()
    side: str | None = None  # 'start' for an opening balance in a duration table


@dataclass
class Placement:
    row: int  # index into the table's rows
    cell: Cell
    column: Column
    printed: Printed
    repaired: bool = False
    fact: FactRef | None = None  # what it became, once facts are made


@dataclass
class Work:
    """One table on its way to facts."""

    number: int
    table: Table
    header: Header
    rows: list[BodyRow]
    financial: bool
    thousands: bool
    mappings: dict[int, Mapping] = field(default_factory=dict)
    placements: list[Placement] = field(default_factory=list)
    pending: dict[int, list[tuple[Cell, Printed]]] = field(default_factory=dict)  # rows awaiting evidence
    skipped: list[tuple[int, Cell, Reason, str]] = field(default_factory=list)  # (row, cell, reason, detail)

    @property
    def scale(self) -> int:
        return 1000 if self.thousands else 1


@dataclass
class Ingested:
    report: Report
    ledger: Ledger
    findings: list[Finding]
    tables: list[Work]


def ingest_file(path: Path, taxonomy: Taxonomy | None = None) -> Ingested:
    """An announcement in any published form (text, HTML, PDF), recognised by its content."""
    return ingest_document(read_document(path), taxonomy)


def ingest_document(document: SourceDocument, taxonomy: Taxonomy | None = None) -> Ingested:
    return _Ingest(document, taxonomy or Taxonomy.load()).run()


# An unlabelled row is a subtotal of the run of rows above it when the run adds up to it within one
# printed unit per row summed: each printed figure is rounded (half a unit), and a statement foots its
# subtotals from unrounded amounts, so a run of n rows may miss its printed total by up to n/2 and a
# little more; a unit a row keeps the real subtotals and still refuses a run that adds up to nothing.
SUBTOTAL_SLACK_PER_ROW = 1
# A statement's title in the layout: the heading's last two lines (its title and its scale note),
# not the prose before them.
LAYOUT_TITLE_LINES = 2


def _thousands_throughout(works: list[Work]) -> None:
    """If any table is in thousands, every financial table is: an announcement states its scale above
    its first statements ('in thousands, except for share and per share data'), and a statement
    after it that does not repeat it is in the same scale. The scale multiplies amounts only
    (``_Ingest._measure``): counts of people, shares, per-share amounts and percentages keep their
    printed value in a table in thousands."""
    if any(w.thousands for w in works):
        for work in works:
            if work.financial:
                work.thousands = True


def _note_ref(cell: Cell, header: Header) -> bool:
    return header.notes_position is not None and cell.position == header.notes_position and re.fullmatch(r"\d{1,2}", cell.text)


_SIGNS: dict[int, tuple[Taxonomy, dict[str, int]]] = {}


def _presentation_signs(taxonomy: Taxonomy) -> dict[str, int]:
    """Each concept's sign as the presentation networks vote it, counted in one walk of the networks
    per taxonomy (walking them whole for each concept of each table cost a fifth of the reading)."""
    made = _SIGNS.get(id(taxonomy))
    if made is None or made[0] is not taxonomy:
        votes: dict[str, Counter] = {}
        for net in taxonomy.networks:
            for _, child, preferred, _ in net.arcs():
                votes.setdefault(child, Counter())[-1 if preferred and preferred.startswith("negated") else 1] += 1
        made = _SIGNS[id(taxonomy)] = (taxonomy, {c: -1 if v[-1] > v[1] else 1 for c, v in votes.items()})
    return made[1]


class _Ingest:
    def __init__(self, source: SourceDocument, taxonomy: Taxonomy) -> None:
        self.source, self.taxonomy = source, taxonomy
        self.entity = taxonomy.company.entity  # who the announcements are by (taxonomy/src/company.yaml)
        self.lines, self.name, self.path = source.lines, source.name, source.path
        self.index = LabelIndex(taxonomy)
        self.findings: list[Finding] = []
        self.known = evidence.Known()
        self.printed_again: dict[FactRef, list[Provenance]] = {}  # a fact's later printings, added at the end

    def at(self, number: int, label: str = "", text: str = "", cell: Cell | None = None) -> Provenance:
        """The provenance of what reading-order line ``number`` (and ``cell`` of it) prints, in its form's terms."""
        line = self.source.where(number) or Where()
        found = cell.where if cell is not None and cell.where is not None else Where()
        return Provenance(document=self.name, line=found.line or line.line or number, label=label, text=text,
                          page=found.page or line.page, table=found.table or line.table, row=found.row or line.row,
                          cell=found.cell, box=found.box)

    def finding(self, code: str, severity: Severity, message: str, lines: list[int], text: str = "",
                places: tuple[Provenance, ...] = ()) -> None:
        self.findings.append(Finding(code=code, severity=severity, message=message,
                                     lines=places or tuple(self.at(n, text=text) for n in lines)))

    # -- stages -----------------------------------------------------------------------------------

    def run(self) -> Ingested:
        tables = find_tables(self.lines)
        if not tables:
            raise KcError("no tables found: nothing to ingest", file=self.path, line=1)
        self._check_not_cut_off(tables[-1])
        self.info = read_info(self.lines, self.path)
        self.rate = self.info.rate.value if self.info.rate else None
        works = [self._stage(n, t) for n, t in enumerate(tables, start=1)]
        self._note_dropped()
        self._note_replaced()
        for note in self.source.notes:
            self.finding("form-repaired", Severity.warning, note, [1])
        _thousands_throughout(works)
        for work in works:
            self._place_directly(work)
        for work in works:
            self._place_by_evidence(work)
        for work in works:
            self._name_subtotals(work)
        signs = self._decide_signs(works)
        facts, entries = self._facts(works, signs)
        self._check_some_taken(tables, entries)
        facts, entries = self._prose(works, facts, entries)
        document = Document(source=self.name, title=self.info.title, document_type=self.info.document_type,
                            period_start=self.info.period_start, period_end=self.info.period_end,
                            fiscal_year=self.info.period_end.year, fiscal_period=self.info.fiscal_period,
                            published=self.info.published, entity=self.entity, entity_name=self.taxonomy.company.name)
        tables = tuple(self._layout(work, signs) for work in works if work.financial and work.placements)
        try:
            report = Report(document=document, facts=tuple(facts), tables=tables)
        except ValidationError as exc:
            raise KcError(f"the facts read do not make a valid report: {exc.errors()[0]['msg']}", file=self.path) from None
        ledger = Ledger(document=self.name, entries=tuple(sorted(entries, key=lambda e: (e.at.page or 0, e.line))))
        return Ingested(report=report, ledger=ledger, findings=self.findings, tables=works)

    def _note_dropped(self) -> None:
        """Page furniture the form's reader took out (page numbers, running headers, repeated column headers)."""
        dropped = self.source.dropped
        if not dropped:
            return
        kinds = Counter(d.why for d in dropped)
        places = tuple(Provenance(document=self.name, line=d.where.line or 1, label=d.why, text=d.text, page=d.where.page)
                       for d in dropped)
        self.finding("page-furniture", Severity.info,
                     f"{len(dropped)} printed lines are page furniture, not the announcement, and were not read: "
                     + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())), [], places=places)

    def _note_replaced(self) -> None:
        """Characters no output can carry (controls, U+FFFE, lone surrogates), replaced by U+FFFD when read."""
        replaced = self.source.replaced
        if replaced:
            self.finding("characters-replaced", Severity.warning,
                         f"{sum(n for _, n in replaced)} control or non-characters replaced by U+FFFD on "
                         f"{len(replaced)} lines (first: line {self.at(replaced[0][0]).line})",
                         [number for number, _ in replaced])

    def _check_some_taken(self, tables: list[Table], entries: list[Entry]) -> None:
        """Tables none of whose figures became a fact are a reading that failed (columns not found, a
        form not recognised), never a clean result: reported as an error naming the first table."""
        if any(e.taken for e in entries):
            return
        figures = sum(len(row.figures) + len(row.unreadable) for t in tables for row in t.body)
        raise KcError(f"no figure of the tables became a fact (tables: {len(tables)}, figures: {figures}): their "
                      "columns or row labels were not recognised", file=self.path, line=tables[0].first_line)

    def _check_not_cut_off(self, table: Table) -> None:
        """A document that ends inside a table row, with figures missing or the last one broken, is truncated."""
        last_text = max((line.number for line in self.lines if not line.blank), default=0)
        row = table.body[-1]
        if row.line != last_text or not row.figures:
            return
        columns = read_header(table).columns
        broken = [c for c in row.cells if c.text and c.figure is None and re.search(r"\d", c.text)]
        if broken or (columns and len(row.figures) < len(columns)):
            raise KcError(f"the table starting at line {table.first_line} is cut off: its last row has "
                          f"{len(row.figures)} of {len(columns)} figures" + (f" and '{broken[0].text}' is no number" if broken else ""),
                          file=self.path, line=row.line)

    def _stage(self, number: int, table: Table) -> Work:
        header = read_header(table)
        rows = prepare(table, self.index)
        work = Work(number, table, header, rows, financial=False, thousands=header.thousands)
        for i, row in enumerate(rows):
            match = self.index.match(row.label, contexts(row, table)) if row.label else None
            if match is not None:
                work.mappings[i] = Mapping(match.concept, tuple(sorted(match.members.items())), match.period)
        work.financial = bool(work.mappings) and any(c.period is not None for c in header.columns)
        for line, remark in header.remarks:
            self.finding("header-repaired", Severity.info, remark, [line or table.first_line])
        for i, row in enumerate(rows):
            if row.label_moved:
                self.finding("label-in-value-column", Severity.warning,
                             f"the label '{row.label}' is printed in a value column; its figures may be shifted", row.lines)
        return work

    def _figures(self, work: Work, i: int) -> list[tuple[Cell, Printed]]:
        out = []
        for cell in work.rows[i].cells:
            printed = cell.figure if cell.text else None
            if printed is None:
                continue
            if _note_ref(cell, work.header):
                work.skipped.append((i, cell, Reason.note_reference, "a note number, printed in the notes column"))
                continue
            out.append((cell, printed))
        return out

    def _place_directly(self, work: Work) -> None:
        for i, row in enumerate(work.rows):
            if work.financial:
                for cell in row.unreadable:
                    work.skipped.append((i, cell, Reason.unreadable_figure, "printed as a figure, but its digits, separators "
                                         "or parentheses read as no number"))
            figures = self._figures(work, i)
            if not figures:
                continue
            if not work.financial:
                continue  # text set in a grid (an exhibit index, definitions): the prose reader reads it
            if row.label and i not in work.mappings:
                for cell, _ in figures:
                    work.skipped.append((i, cell, Reason.unmapped_label, f"no concept for '{row.label}'"))
                continue
            columns = work.header.columns
            if len(figures) == len(columns) and not row.label_moved and not self._gapped(work, row, figures):
                for column, (cell, printed) in zip(columns, figures):
                    work.placements.append(Placement(i, cell, column, printed))
                    self._remember(work, i, column, printed)
            else:
                work.pending[i] = figures

    def _gapped(self, work: Work, row: BodyRow, figures: list[tuple[Cell, Printed]]) -> bool:
        """An empty cell before the last figure (outside the notes column): the figures may be shifted."""
        last = figures[-1][0].position
        return not row.row.spaced and any(
            not c.text and c.position < last and c.position != work.header.notes_position for c in row.cells)

    def _remember(self, work: Work, i: int, column: Column, printed: Printed) -> None:
        mapping = work.mappings.get(i)
        if mapping is None or column.period is None or column.derived:
            return
        concept = self.taxonomy.concepts[mapping.concept]
        factor = work.scale if concept.type is ItemType.monetary else 1
        self.known.add((mapping.concept, mapping.members, column.period, column.currency or Currency.CNY),
                       abs(printed.value) * factor)

    def _place_by_evidence(self, work: Work) -> None:
        groups: dict[tuple, list[int]] = {}
        for i, figures in work.pending.items():
            shape = (len(figures), tuple(c.position for c, _ in figures), work.rows[i].label_moved)
            groups.setdefault(shape, []).append(i)
        structures = [work.header.columns] + [with_source_inserted(work.header.columns, o)
                                              for o in orphan_translations(work.header.columns)]
        for shape, members in groups.items():
            count = shape[0]
            candidates: dict[tuple, tuple[list[Column], tuple[int, ...]]] = {}
            for columns in structures:
                for choice in itertools.combinations(range(len(columns)), count):
                    meaning = tuple((columns[c].period, columns[c].currency, columns[c].derived) for c in choice)
                    candidates.setdefault(meaning, (columns, choice))
            results = []
            for columns, choice in candidates.values():
                total = evidence.Score()
                for i in members:
                    figures = [p for _, p in work.pending[i]]
                    mapping = work.mappings.get(i)
                    reading = evidence.Reading(tuple((columns[c], figures[n]) for n, c in enumerate(choice)))
                    total.add(evidence.score(reading, concept=mapping.concept if mapping else None,
                                             members=mapping.members if mapping else (), known=self.known,
                                             rate=self.rate, scale=work.scale, taxonomy=self.taxonomy))
                results.append(((columns, choice), total))
            best = evidence.choose(results)
            lines = [n for i in members for n in work.rows[i].lines]
            if best is None:
                why = _unsettled(results, count, len(work.header.columns))
                for i in members:
                    for cell, _ in work.pending[i]:
                        work.skipped.append((i, cell, Reason.damaged_row, why))
                self.finding("damaged-row", Severity.warning,
                             f"{count} figures against {len(work.header.columns)} columns; not taken: the evidence "
                             "does not settle their periods", lines)
                continue
            (columns, choice), score = best
            inserted = [c for c in columns if c.inferred]
            for i in members:
                for n, c in enumerate(choice):
                    cell, printed = work.pending[i][n]
                    work.placements.append(Placement(i, cell, columns[c], printed, repaired=True))
            where = ", ".join(f"'{work.pending[members[0]][n][0].text}' -> {columns[c].label or columns[c].period}"
                              for n, c in enumerate(choice))
            what = "header lacks the RMB column its US$ column translates; " if inserted else ""
            self.finding("damaged-row-repaired", Severity.warning,
                         f"{what}figures placed by evidence ({score.support} checks hold, none fails): {where}", lines)

    def _name_subtotals(self, work: Work) -> None:
        """An unlabelled row is the sum of the rows just above it: its concept is theirs, less a member."""
        by_row: dict[int, dict[tuple, Decimal]] = {}
        for p in work.placements:
            by_row.setdefault(p.row, {})[(p.column.period, p.column.currency)] = p.printed.value
        open_rows: list[int] = []
        for i, row in enumerate(work.rows):
            if i not in by_row:
                continue
            if row.label or i in work.mappings:
                open_rows.append(i)
                continue
            named = self._subtotal(work, i, open_rows, by_row)
            if named is None:
                for p in [p for p in work.placements if p.row == i]:
                    work.skipped.append((i, p.cell, Reason.unlabelled_row, "adds up to no run of rows above it"))
                work.placements = [p for p in work.placements if p.row != i]
                continue
            mapping, consumed = named
            work.mappings[i] = mapping
            open_rows = open_rows[: len(open_rows) - consumed] + [i]

    def _subtotal(self, work: Work, i: int, open_rows: list[int], by_row: dict) -> tuple[Mapping, int] | None:
        values = by_row[i]
        for length in range(2, len(open_rows) + 1):
            run = open_rows[-length:]
            if any(r not in work.mappings for r in run):
                break
            if not all(abs(sum(by_row[r].get(col, Decimal(0)) for r in run) - v) <= SUBTOTAL_SLACK_PER_ROW * length
                       for col, v in values.items()):
                continue
            mappings = [work.mappings[r] for r in run]
            concepts = {m.concept for m in mappings}
            members = set.intersection(*(set(m.members) for m in mappings))
            if len(concepts) == 1:
                return Mapping(concepts.pop(), tuple(sorted(members))), length
            for net in self.taxonomy.networks:
                for total, items in net.calculation.items():
                    if concepts <= set(items):
                        return Mapping(total, tuple(sorted(members))), length
        return None

    # -- signs ------------------------------------------------------------------------------------

    def _decide_signs(self, works: list[Work]) -> dict[tuple[int, int], int]:
        values: dict[tuple[int, int], dict[tuple, Decimal]] = {}
        tolerance: dict[tuple, Decimal] = {}
        for work in works:
            for p in work.placements:
                if p.row in work.mappings and p.column.period is not None and not p.column.derived:
                    key = (p.column.period, p.column.currency)
                    values.setdefault((work.number, p.row), {})[key] = p.printed.value
                    tolerance[key] = max(tolerance.get(key, Decimal(0)), Decimal(1).scaleb(-p.printed.places))
        nodes = list(values)
        sums: list[Sum] = []
        for work in works:
            rows = {(m.concept, m.members): (work.number, i) for i, m in work.mappings.items() if (work.number, i) in values}
            sums += self._sums(rows)
        equal = self._same_facts(works, values)
        prior = {node: self._prior(self._mapping(works, node).concept) for node in nodes}
        signs, notes = decide(nodes, sums, equal, values, tolerance, prior)
        for note in notes:
            self.finding("presentation-conflict", Severity.warning, note, [])
        return signs

    @staticmethod
    def _mapping(works: list[Work], node: tuple[int, int]) -> Mapping:
        return works[node[0] - 1].mappings[node[1]]

    def _sums(self, rows: dict[tuple[str, Members], tuple[int, int]]) -> list[Sum]:
        sums = []
        member_sets = {members for _, members in rows}
        for net in self.taxonomy.networks:
            for total, items in net.calculation.items():
                for members in member_sets:
                    if (total, members) in rows:
                        present = tuple((rows[(c, members)], w) for c, w in items.items() if (c, members) in rows)
                        if present:
                            sums.append(Sum(rows[(total, members)], present, f"calculation of {total}"))
            for total, items in net.check_terms():
                if (total.concept, total.members) in rows:
                    present = tuple((rows[(t.concept, t.members)], w) for t, w in items if (t.concept, t.members) in rows)
                    if present:
                        sums.append(Sum(rows[(total.concept, total.members)], present, f"check of {total.concept}"))
        below: dict[tuple[str, Members], dict[str, dict[str, tuple[int, int]]]] = {}  # a row's rows one member deeper
        for (concept, members), node in rows.items():
            if list(members) == sorted(members):  # as a context keeps them: the key its row one member up looks for
                for i, (axis, member) in enumerate(members):
                    below.setdefault((concept, members[:i] + members[i + 1:]), {}).setdefault(axis, {})[member] = node
        for (concept, members), node in rows.items():
            deeper, named = below.get((concept, members), {}), dict(members)
            for axis in self.taxonomy.axes.values():
                found = deeper.get(axis.name, {}) if axis.name not in named else {}
                parts = tuple((found[m.name], 1) for m in axis.members if m.name in found)
                if len(parts) >= 2:
                    sums.append(Sum(node, parts, f"{concept} across {axis.name}"))
        return sums

    def _same_facts(self, works: list[Work], values: dict) -> list[tuple]:
        first: dict[tuple, tuple[tuple[int, int], Decimal]] = {}
        equal = []
        ratio_rows: list[tuple[tuple[int, int], Mapping]] = []
        for node in values:
            mapping = self._mapping(works, node)
            concept = self.taxonomy.concepts[mapping.concept]
            if concept.ratio is not None:
                ratio_rows.append((node, mapping))
            for key, value in values[node].items():
                if not value:
                    continue
                fact = (mapping.concept, mapping.members, mapping.side, key)
                if fact in first:
                    other, printed = first[fact]
                    if abs(printed) == abs(value):
                        equal.append((node, other, 1 if (value > 0) == (printed > 0) else -1, f"{mapping.concept} printed twice"))
                else:
                    first[fact] = (node, value)
        for node, mapping in ratio_rows:
            ratio = self.taxonomy.concepts[mapping.concept].ratio
            for (period, _), value in values[node].items():
                source = first.get((ratio.numerator, mapping.members, None, (period, Currency.CNY)))
                if source and value:
                    equal.append((node, source[0], 1 if (value > 0) == (source[1] > 0) else -1,
                                  f"{mapping.concept} and its numerator {ratio.numerator}"))
        return equal

    def _prior(self, concept: str) -> int:
        """The sign the taxonomy's presentation suggests: negated where most of its arcs prefer a negated label."""
        return _presentation_signs(self.taxonomy).get(concept, 1)

    # -- layout -----------------------------------------------------------------------------------

    def _layout(self, work: Work, signs: dict) -> LayoutTable:
        """The table as printed: the widest column structure its rows used, rows with their cells."""
        structures = [work.header.columns] + [with_source_inserted(work.header.columns, o)
                                              for o in orphan_translations(work.header.columns)]
        used = {(p.column.period, p.column.currency, p.column.derived) for p in work.placements}
        columns = max(structures, key=lambda cs: (len(used & {(c.period, c.currency, c.derived) for c in cs}), -len(cs)))
        slot = {(c.period, c.currency, c.derived): n for n, c in enumerate(columns)}
        cells: dict[int, dict[int, LayoutCell]] = {}
        for p in work.placements:
            n = slot.get((p.column.period, p.column.currency, p.column.derived))
            if n is not None:
                cells.setdefault(p.row, {})[n] = LayoutCell(text=p.cell.text, fact=p.fact)
        rows: list[LayoutRow] = []
        section = ""
        for i, row in enumerate(work.rows):
            if i not in cells and not row.figures:
                continue
            if row.section != section and row.section:
                section = row.section
                heading = self.at(row.section_line)
                rows.append(LayoutRow(line=heading.line, page=heading.page, label=section.rstrip(":"), kind="section"))
            mapping = work.mappings.get(i)
            place = self.at(row.line)
            rows.append(LayoutRow(
                line=place.line, page=place.page, label=row.label, kind="figures", depth=1 if row.section else 0,
                total=self._is_total(work, row, mapping), negated=signs.get((work.number, i), 1) == -1,
                cells=tuple(cells.get(i, {}).get(n) or (self._untaken(work, i, n, columns)) for n in range(len(columns)))))
        title = " ".join(line.text.strip() for line in work.table.heading[-LAYOUT_TITLE_LINES:]) or "Table"
        first, last = self.at(work.table.first_line), self.at(work.table.last_line)
        return LayoutTable(title=title, first_line=first.line, last_line=last.line, first_page=first.page, last_page=last.page,
                     columns=tuple(LayoutColumn(label=c.label, period=c.period, currency=c.currency) for c in columns),
                     rows=tuple(rows))

    @staticmethod
    def _untaken(work: Work, i: int, n: int, columns: list[Column]) -> LayoutCell | None:
        """A figure of the row that did not become a fact, shown in its printed place when it has one."""
        untaken = [cell for j, cell, _, _ in work.skipped if j == i and not _note_ref(cell, work.header)]
        figures = [c for c in work.rows[i].figures if not _note_ref(c, work.header)]
        if untaken and len(figures) == len(columns) and figures[n] in untaken:
            return LayoutCell(text=figures[n].text)
        return None

    def _is_total(self, work: Work, row: BodyRow, mapping: Mapping | None) -> bool:
        """A row that adds up rows of the same table: by calculation, or across the members of an axis."""
        if mapping is None:
            return False
        if not row.label:
            return True  # an unlabelled subtotal
        here = {(m.concept, m.members) for m in work.mappings.values()}
        items = {i for net in self.taxonomy.networks for i in net.calculation.get(mapping.concept, {})}
        broken_down = any(c == mapping.concept and set(mapping.members) < set(ms) for c, ms in here)
        return broken_down or any((i, mapping.members) in here for i in items)

    # -- facts ------------------------------------------------------------------------------------

    def _prose(self, works: list[Work], facts: list[Fact], entries: list[Entry]) -> tuple[list[Fact], list[Entry]]:
        """Every figure of the narrative (lines outside the tables), against the tables' facts."""
        rows = {n for work in works if work.financial for row in (*work.table.header, *work.table.body) for n in row.lines}
        mentions = read_prose(self.lines, rows, self.info, self.taxonomy)
        rate = next((f for f in facts if f.concept == RATE_CONCEPT), None)
        narrative = Narrative(facts={f.key: f for f in facts}, lines=self.lines, place=self.at, taxonomy=self.taxonomy,
                              rate=rate, entity=self.entity)
        narrative.take(mentions)
        self.findings += narrative.findings
        return list(narrative.facts.values()), [*entries, *narrative.entries]

    def _facts(self, works: list[Work], signs: dict) -> tuple[list[Fact], list[Entry]]:
        facts: dict[FactRef, Fact] = {}
        entries: list[Entry] = []
        usd: list[tuple[Fact, Entry]] = []
        rate_fact = self._rate_fact()
        if rate_fact is not None:
            facts[rate_fact.key] = rate_fact
        for work in works:
            for i, cell, reason, detail in work.skipped:
                entries.append(Entry(at=self.at(work.rows[i].line, work.rows[i].label, cell.text, cell),
                                     reason=reason, detail=detail))
            for p in work.placements:
                row = work.rows[p.row]
                entry = dict(at=self.at(row.line, row.label, p.cell.text, p.cell))
                fact, reason, detail = self._fact(work, p, signs.get((work.number, p.row), 1))
                if fact is None:
                    entries.append(Entry(**entry, reason=reason, detail=detail))
                    continue
                if fact.in_usd:
                    usd.append((fact, Entry(**entry, fact=fact.key), p))
                    continue
                taken = self._merge(facts, fact, Entry(**entry, fact=fact.key))
                p.fact = taken.fact
                entries.append(taken)
        unproven: list[Provenance] = []
        derived: list[Provenance] = []
        for fact, entry, placement in usd:
            source = twins.source_ref(fact)
            if rate_fact is None:
                entries.append(entry.model_copy(update={"fact": None, "reason": Reason.missing_rate, "detail":
                                                        "the document states no convenience-translation rate"}))
                continue
            if source not in facts:
                made = twins.derived_source(fact, facts.values(), rate_fact.value, self.taxonomy)
                if made is None:
                    unproven.append(entry.at)
                    taken = self._merge(facts, fact, entry.model_copy(update={"detail": "the RMB figure it translates is not printed"}))
                    placement.fact = taken.fact
                    entries.append(taken)
                    continue
                facts[source] = made
                derived.append(entry.at)
                entry = entry.model_copy(update={"detail": "translates a derived RMB amount: "
                                                 + " + ".join(made_part.text for made_part in made.provenance)})
            linked = Fact.model_validate({**{k: getattr(fact, k) for k in Fact.model_fields},
                                          "translation": Translation(source=source, rate=rate_fact.key)})
            taken = self._merge(facts, linked, entry)
            placement.fact = taken.fact
            entries.append(taken)
        for key, places in self.printed_again.items():  # once per fact: merging one at a time is quadratic
            facts[key] = facts[key].with_provenance(*places)
        if derived:
            self.finding("derived-rmb-source", Severity.info,
                         f"{len(derived)} US$ figures translate RMB amounts the document does not print; each RMB "
                         "amount is derived as the sum of the printed periods that make up its period, which the "
                         "US$ figure translates at the stated rate", [], places=tuple(derived))
        if unproven:
            self.finding("missing-rmb-source", Severity.warning,
                         f"{len(unproven)} US$ figures whose RMB figure the document does not print, and its "
                         "figures do not prove: taken as US$ facts without a translation link", [], places=tuple(unproven))
        if rate_fact is None and usd:
            self.finding("missing-rate", Severity.error, "US$ figures but no convenience-translation rate stated", [],
                         places=tuple(entry.at for _, entry, _ in usd)[:1])
        return list(facts.values()), entries

    def _merge(self, facts: dict[FactRef, Fact], fact: Fact, entry: Entry) -> Entry:
        key = fact.key
        known = facts.get(key)
        if known is None:
            facts[key] = fact
            return entry
        if known.value == fact.value:
            self.printed_again.setdefault(key, []).extend(fact.provenance)
            return entry
        self.finding("conflicting-duplicate", Severity.warning,
                     f"{fact.concept} {fact.context.period.key}: printed as {known.provenance[0].text} and as "
                     f"{fact.provenance[0].text}; the first is kept", [], places=(*known.provenance, *self.printed_again.get(key, ()), *fact.provenance))
        return entry.model_copy(update={"fact": None, "reason": Reason.conflicting_duplicate,
                                        "detail": f"{known.provenance[0]} prints {known.value}, which is kept"})

    def _rate_fact(self) -> Fact | None:
        rate = self.info.rate
        if rate is None:
            return None
        return Fact.checked(self.taxonomy, concept=RATE_CONCEPT, context=Context(entity=self.entity, period=Period.instant(rate.date)),
                            unit=CNY_PER_USD, value=rate.value, decimals=4,
                            provenance=(self.at(rate.line, "Convenience translation rate", rate.text),))

    def _fact(self, work: Work, p: Placement, sign: int) -> tuple[Fact | None, Reason | None, str]:
        mapping = work.mappings[p.row]
        concept = self.taxonomy.concepts[mapping.concept]
        column, printed = p.column, p.printed
        if column.change is not None and concept.type is not ItemType.percent and printed.percent:
            return self._change(work, p)
        if column.derived or (printed.percent and concept.type is not ItemType.percent):
            return None, Reason.derived_ratio, _ratio_detail(column, printed, mapping.concept, concept.type)
        if column.period is None:
            return None, Reason.no_period, f"the column '{column.label}' names no period"
        period = column.period
        if concept.period is PeriodType.instant and not period.is_instant:
            period = Period.instant(period.day_before_start() if mapping.side == "start" else period.end)
        elif concept.period is PeriodType.duration and period.is_instant:
            return None, Reason.period_mismatch, f"{mapping.concept} is a duration; the column is the instant {period.key}"
        value, unit, decimals = self._measure(concept.type, column, printed, work.scale)
        row = work.rows[p.row]
        try:
            context = Context(entity=self.entity, period=period, dimensions=mapping.members)
            fact = Fact.checked(self.taxonomy, concept=mapping.concept, context=context, unit=unit, value=sign * value,
                                decimals=decimals, provenance=(self.at(row.line, row.label, p.cell.text, p.cell),))
        except ValidationError as exc:
            return None, Reason.period_mismatch, exc.errors()[0]["msg"]
        return fact, None, ""

    def _change(self, work: Work, p: Placement) -> tuple[Fact | None, Reason | None, str]:
        """A change column's figure: the relative change of the row's quantity between two of the
        table's periods (kcmodel/changes.py), the later one and the one the column compares it with."""
        mapping = work.mappings[p.row]
        periods = _compared_periods(work.header.columns, p.column.change or "")
        if periods is None:
            return None, Reason.derived_ratio, f"a change whose compared periods the columns do not show ('{p.column.label}')"
        later, earlier = periods
        if self.taxonomy.concepts[mapping.concept].period is PeriodType.instant:
            later, earlier = Period.instant(later.end), Period.instant(earlier.end)
        context = changes.change_context(changes.Change(mapping.concept, mapping.members, later, earlier, False, self.entity))
        if context is None or self.taxonomy.axes[changes.CHANGED_AXIS].member_for(mapping.concept) is None:
            return None, Reason.derived_ratio, f"a change of {mapping.concept} no comparison member names"
        value, _, decimals = self._measure(ItemType.percent, p.column, p.printed, 1)
        row = work.rows[p.row]
        fact = Fact.checked(self.taxonomy, concept=changes.RELATIVE_CHANGE, context=context, unit=PURE, value=value,
                            decimals=decimals, provenance=(self.at(row.line, row.label, p.cell.text, p.cell),))
        return fact, None, ""

    @staticmethod
    def _measure(kind: ItemType, column: Column, printed: Printed, scale: int) -> tuple[Decimal, Unit, int]:
        """The value, unit and decimals of a printed figure: amounts in the column's currency (RMB
        where the header names none), multiplied out by the table's scale."""
        currency = column.currency or Currency.CNY
        if kind is ItemType.monetary:
            decimals = -3 if scale == 1000 else printed.places
            return printed.value * scale, money(currency), decimals
        if kind is ItemType.perShare:
            return printed.value, per_share(currency), printed.places
        if kind is ItemType.shares:
            return printed.value, SHARES, 0
        if kind is ItemType.percent:
            return printed.value / 100, PURE, printed.places + 2
        return printed.value, PURE, printed.places


def _unsettled(results: list[tuple[object, evidence.Score]], count: int, columns: int) -> str:
    """Why evidence places no reading of a damaged row: none holds, or two hold equally well."""
    clean = sorted((s.support for _, s in results if s.against == 0 and s.support > 0), reverse=True)
    if len(clean) > 1 and clean[0] == clean[1]:
        return (f"{count} figures against {columns} columns: two placements of them are equally supported by the "
                "document's other figures, so their periods are not known")
    return (f"{count} figures against {columns} columns: no placement of them is supported by the document's other "
            "figures (translations, period sums, the same fact elsewhere) without one contradicting it")


def _ratio_detail(column: Column, printed: Printed, concept: str, kind: ItemType) -> str:
    """Why a percentage is a ratio of other figures, not a fact: which column or row says so."""
    if column.change is not None:
        return (f"a change column ('{column.label}') for {concept}, a {kind.value} quantity: its figure is the difference "
                "of two printed values, not a relative change")
    if column.derived:
        return f"a share-of-total column ('{column.label}'): a ratio of figures the table prints"
    return f"a percentage printed in the row of {concept}, a {kind.value} quantity: a ratio of other figures"


def _compared_periods(columns: list[Column], compared: str) -> tuple[Period, Period] | None:
    """(later, earlier): the two periods of the table a change column compares — a year apart
    ('year'), one just before the other ('quarter'), or, unsaid, the table's only two periods.
    None unless exactly one pair of the table's columns fits."""
    periods = sorted({c.period for c in columns if c.period is not None and not c.derived and c.currency is not Currency.USD},
                     key=lambda period: (period.end, period.start or period.end))
    if compared == "":
        return (periods[1], periods[0]) if len(periods) == 2 else None
    wanted = changes.PRIOR_YEAR if compared == "year" else changes.PRIOR_PERIOD
    pairs = [(later, earlier) for later in periods for earlier in periods
             if changes.comparison(later, earlier) == wanted]
    return pairs[0] if len(pairs) == 1 else None
