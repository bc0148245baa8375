"""A report's tables laid out as the filing prints them: the view the report pages render.

Columns keep the source's order (periods as columns, RMB then US$); header cells over adjacent
columns of one period are merged, as printed. Rows keep their depth, total rule and negated
presentation; each figure is rendered from its fact and knows where else the same fact is printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from exporters.html import formatting as fmt
from exporters.html.model import Printed, SiteModel, fact_anchor, line_anchor
from kcmodel.facts import Fact, FactRef
from kcmodel.findings import Finding
from kcmodel.layout import LayoutColumn, Table
from kcmodel.report import Report
from kcmodel.taxonomy import ItemType

_TITLE_LIMIT = 110


@dataclass
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    scope: str = "col"
    title: str = ""


@dataclass
class CellView:
    id: str
    text: str
    fact: Fact | None
    ref: FactRef | None
    line: int
    printed: str
    negated: bool
    differs: bool = False  # the model's value is not what the source printed (a repaired row)
    nil: bool = False
    findings: list[Finding] = field(default_factory=list)

    @property
    def classes(self) -> str:
        names = ["fig"]
        if self.fact is None:
            names.append("untaken")
        if self.differs:
            names.append("differs")
        if any(f.severity.value in ("error", "warning") for f in self.findings):
            names.append("flagged")
        return " ".join(names)


@dataclass
class RowView:
    anchor: str  # L<line>; a second row printed on the same line gets L<line>-2
    line: int
    label: str
    kind: str
    depth: int
    total: bool
    negated: bool
    cells: list[CellView | None]
    findings: list[Finding]

    @property
    def classes(self) -> str:
        names = [self.kind, f"d{min(self.depth, 6)}"]
        if self.total:
            names.append("total")
        if self.negated:
            names.append("neg")
        return " ".join(names)


@dataclass
class TableView:
    anchor: str
    number: int
    title: str  # short, for headings and the contents
    full_title: str  # as the reader recorded it, when longer
    first_row: str  # the first printed row's label, to tell apart tables with one heading
    span: str  # where the source printed it: 'lines 120–161' (or pages and lines, for a PDF)
    header_rows: list[list[HeaderCell]]
    groups: list[tuple[RowView | None, list[RowView]]]  # (section row or None, its rows)
    columns: int
    note: str


@dataclass
class ReportView:
    id: str
    report: Report
    tables: list[TableView]


def short_title(title: str, number: int) -> tuple[str, str]:
    """A heading for a table: its title up to the first sentence or ~110 characters; untitled tables get a number."""
    clean = " ".join(title.split())
    if not clean or clean.lower() == "table":
        return f"Table {number}", ""
    cut = clean
    sentence = re.search(r"(?<=[a-z0-9)])[.:](\s|$)", clean)
    if sentence and sentence.start() > 20:
        cut = clean[: sentence.start()]
    if len(cut) > _TITLE_LIMIT:
        cut = cut[:_TITLE_LIMIT].rsplit(" ", 1)[0] + " …"
    return cut, (clean if cut != clean else "")


def _column_top(column: LayoutColumn) -> str:
    if column.period is None:
        return column.label
    return fmt.period_long(column.period)


def _column_sub(column: LayoutColumn, facts: list[Fact | None], site: SiteModel) -> str:
    if column.currency:
        return column.currency.symbol
    types = {site.taxonomy.concepts[f.concept].type for f in facts if f is not None}
    if types == {ItemType.percent}:
        return "%"
    if types == {ItemType.count}:
        return "number"
    return ""


def _headers(table: Table, column_facts: list[list[Fact | None]], site: SiteModel) -> list[list[HeaderCell]]:
    tops = [_column_top(c) for c in table.columns]
    subs = [_column_sub(c, column_facts[i], site) for i, c in enumerate(table.columns)]
    first: list[HeaderCell] = [HeaderCell("Line item", rowspan=2, title="")]
    second: list[HeaderCell] = []
    i = 0
    while i < len(table.columns):
        column = table.columns[i]
        if column.period is None or not subs[i]:
            first.append(HeaderCell(tops[i] if column.period is not None else column.label, rowspan=2, title=column.label))
            i += 1
            continue
        j = i + 1
        while j < len(table.columns) and table.columns[j].period is not None and tops[j] == tops[i] and subs[j]:
            j += 1
        first.append(HeaderCell(tops[i], colspan=j - i, scope="colgroup" if j - i > 1 else "col",
                                title=" | ".join(dict.fromkeys(c.label for c in table.columns[i:j]))))
        second += [HeaderCell(subs[k], title=table.columns[k].label) for k in range(i, j)]
        i = j
    return [first, second] if second else [[HeaderCell(h.text, h.colspan, 1, h.scope, h.title) for h in first]]


def _note(table: Table, facts: list[Fact], site: SiteModel) -> str:
    kinds = []
    monetary = [f for f in facts if site.taxonomy.concepts[f.concept].type is ItemType.monetary and f.decimals is not None]
    if monetary and all(f.decimals == -3 for f in monetary):
        kinds.append("amounts in thousands")
    if any(site.taxonomy.concepts[f.concept].type is ItemType.perShare for f in facts):
        kinds.append("per-share amounts in units")
    if any(site.taxonomy.concepts[f.concept].type is ItemType.shares for f in facts):
        kinds.append("share counts in units")
    if any(site.taxonomy.concepts[f.concept].type is ItemType.percent for f in facts):
        kinds.append("ratios in percent")
    return "; ".join(kinds)


def layout(site: SiteModel, name: str, report: Report) -> ReportView:
    """The report's tables as views; records every printed fact in ``site.printed``."""
    tables = []
    source = report.document.source
    anchors: dict[int, int] = {}
    for t_index, table in enumerate(report.tables, start=1):
        anchor = f"t{t_index}"
        column_facts: list[list[Fact | None]] = [[] for _ in table.columns]
        rows: list[RowView] = []
        table_facts: list[Fact] = []
        for r_index, row in enumerate(table.rows):
            cells: list[CellView | None] = []
            for c_index, cell in enumerate(row.cells):
                if cell is None:
                    cells.append(None)
                    continue
                fact = report.fact(cell.fact) if cell.fact is not None else None
                if c_index < len(column_facts):
                    column_facts[c_index].append(fact)
                view = CellView(id=f"{anchor}r{r_index}c{c_index}", text=cell.text.strip(), fact=fact, ref=cell.fact,
                                line=row.line, printed=cell.text, negated=row.negated)
                if fact is not None:
                    table_facts.append(fact)
                    concept = site.taxonomy.concepts[fact.concept]
                    if isinstance(fact.value, Decimal) or fact.value is None:
                        view.text = fmt.figure(fact.value, concept, fact.decimals, negated=row.negated, printed=cell.text)
                        view.nil = fact.value is None
                        shown, printed = fmt.parse_figure(view.text), fmt.parse_figure(cell.text)
                        view.differs = printed is not None and shown is not None and shown != printed
                    else:
                        view.text = fact.value
                    view.findings = site.findings_by_fact.get(cell.fact, [])
                    site.printed.setdefault(cell.fact, []).append(Printed(name, view.id, row.line, view.text))
                cells.append(view)
            cells += [None] * (len(table.columns) - len(cells))
            key = (row.page, row.line)
            anchors[key] = anchors.get(key, 0) + 1
            row_anchor = line_anchor(row.line, row.page) + (f"-{anchors[key]}" if anchors[key] > 1 else "")
            rows.append(RowView(anchor=row_anchor, line=row.line, label=row.label, kind=row.kind, depth=row.depth, total=row.total,
                                negated=row.negated, cells=cells, findings=site.findings_by_line.get((source, row.page, row.line), [])))
        groups: list[tuple[RowView | None, list[RowView]]] = [(None, [])]
        for row in rows:
            if row.kind == "section":
                groups.append((row, []))
            else:
                groups[-1][1].append(row)
        groups = [g for g in groups if g[0] is not None or g[1]]
        title, full = short_title(table.title, t_index)
        first_row = next((r.label for r in rows if r.kind == "figures"), "")
        tables.append(TableView(anchor=anchor, number=t_index, title=title, full_title=full, first_row=first_row, span=table.span,
                                header_rows=_headers(table, column_facts, site), groups=groups,
                                columns=len(table.columns), note=_note(table, table_facts, site)))
    return ReportView(id=name, report=report, tables=tables)


@dataclass
class Tip:
    """What a figure's tooltip says."""

    concept: str
    label: str
    members: list[tuple[str, str]]
    period: str
    dates: str
    unit: str
    value: str
    source: str
    printed: str
    translation: str
    elsewhere: list[tuple[str, str]]  # (text, href)
    findings: list[tuple[str, str, str]]  # (severity, text, href)
    concept_href: str
    fact_href: str


def tip(site: SiteModel, view: ReportView, cell: CellView, root: str) -> Tip | None:
    fact = cell.fact
    if fact is None:
        return None
    taxonomy = site.taxonomy
    concept = taxonomy.concepts[fact.concept]
    members = []
    for axis, member in fact.context.dimensions:
        axis_def = taxonomy.axes[axis]
        members.append((axis_def.label, axis_def.member(member).label))
    value = fmt.exact(fact.value)
    if cell.negated:
        value += " (the row prints it negated)"
    translation = ""
    if fact.translation is not None:
        report = view.report
        source, rate = report.fact(fact.translation.source), report.fact(fact.translation.rate)
        if source is not None and rate is not None:
            translation = f"translates RMB {fmt.exact(source.value)} at RMB {fmt.exact(rate.value)} = US$1.00"
    elsewhere = []
    seen_reports = set()
    for place in site.printed.get(cell.ref, []):
        if place.cell == cell.id:
            continue
        if place.report == view.id:
            elsewhere.append((f"this report, line {place.line}: {place.text}", f"#{place.cell}"))
        elif place.report not in seen_reports:  # the first place each other report prints it
            seen_reports.add(place.report)
            elsewhere.append((f"{place.report}, line {place.line}: {place.text}", f"{root}reports/{place.report}.html#{place.cell}"))
    findings = [(f.severity.value, f"{f.code}", f"{root}findings.html#{site.finding_anchor(f)}") for f in cell.findings]
    rate = fact.translation.rate if fact.translation else None
    return Tip(concept=fact.concept, label=concept.label, members=members, period=fmt.period_short(fact.context.period),
               dates=fmt.period_dates(fact.context.period), unit=f"{fmt.scale_words(concept, fact.unit, fact.decimals)} ({fact.unit})",
               value=value, source=f"{view.report.document.source}:{cell.line}", printed=cell.printed.strip(),
               translation=translation, elsewhere=elsewhere, findings=findings,
               concept_href=site.concept_href(fact.concept, root),
               fact_href=site.concept_href(fact.concept, root, fact_anchor(cell.ref, rate)))
