"""The dataset across reports: time series tables (quarters, year to date, years, balances) and the
data behind the charts. Values are as the concepts sign them (the series page shows the model, not a
printout); US$ convenience translations stay on the report pages. A fourth quarter printed nowhere
is derived (year − nine months, ``kcmodel.validation.periods``) and marked so in every cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from exporters.html import charts
from exporters.html import formatting as fmt
from exporters.html.model import SiteModel, fact_anchor
from kcmodel.contexts import Period
from kcmodel.facts import Fact
from kcmodel.units import Currency

QUARTERLY, YEAR_TO_DATE, ANNUAL, BALANCES = "quarterly", "year-to-date", "annual", "balances"
BUCKETS = {
    QUARTERLY: "Quarters",
    YEAR_TO_DATE: "Year to date (six and nine months)",
    ANNUAL: "Financial years",
    BALANCES: "Balances at period ends",
}
SERVICE_AXIS = "ProductOrServiceAxis"


def bucket(period: Period) -> str:
    if period.is_instant:
        return BALANCES
    n = fmt.months(period)
    if n == 3:
        return QUARTERLY
    if n == 12:
        return ANNUAL
    return YEAR_TO_DATE


def _usd(fact: Fact) -> bool:
    return fact.in_usd


def _period_order(period: Period) -> tuple:
    return (period.end, period.start or period.end)


@dataclass
class SeriesCell:
    text: str
    href: str
    title: str
    derived: bool


@dataclass
class SeriesRow:
    label: str
    concept: str
    href: str
    member: bool
    cells: list[SeriesCell | None]


@dataclass
class SeriesColumn:
    short: str
    long: str
    derived: bool  # every value in it is derived


@dataclass
class SeriesTable:
    id: str
    title: str
    columns: list[SeriesColumn]
    groups: list[tuple[str, list[SeriesRow]]] = field(default_factory=list)


class Series:
    """Facts by (concept, dimensions, unit) and period, printed first, derived where nothing was printed."""

    def __init__(self, site: SiteModel) -> None:
        self.site = site
        self.values: dict[tuple, dict[Period, Fact]] = {}
        for fact in site.dataset.facts:
            if _usd(fact) or not isinstance(fact.value, Decimal):
                continue
            self.values.setdefault((fact.concept, fact.context.dimensions, fact.unit), {})[fact.context.period] = fact
        for fact in site.derived:
            by_period = self.values.setdefault((fact.concept, fact.context.dimensions, fact.unit), {})
            by_period.setdefault(fact.context.period, fact)
        self.order = self._concept_order()

    def _concept_order(self) -> dict[str, tuple[int, int, str]]:
        order: dict[str, tuple[int, int, str]] = {}
        for n, network in enumerate(self.site.taxonomy.networks):
            for position, name in enumerate(network.tree_names()):
                order.setdefault(name, (n, position, network.title))
        return order

    def fact(self, concept: str, period: Period, dimensions: tuple = (), unit_currency: Currency | None = Currency.CNY) -> Fact | None:
        for (name, dims, unit), by_period in self.values.items():
            if name == concept and dims == dimensions and (unit_currency is None or (unit and unit.currency is unit_currency)):
                if period in by_period:
                    return by_period[period]
        return None

    def periods(self, concept: str, kind: str, dimensions: tuple = ()) -> list[Period]:
        found = set()
        for (name, dims, _), by_period in self.values.items():
            if name == concept and dims == dimensions:
                found |= {p for p in by_period if bucket(p) == kind}
        return sorted(found, key=_period_order)

    def _row_key(self, key: tuple) -> tuple:
        concept, dims, unit = key
        taxonomy = self.site.taxonomy
        n, position, _ = self.order.get(concept, (len(taxonomy.networks), 0, ""))
        members = []
        for axis, member in dims:
            axis_def = taxonomy.axes[axis]
            members.append((axis, [m.name for m in axis_def.members].index(member)))
        return (n, position, concept, tuple(members), str(unit))

    def cell(self, fact: Fact, root: str) -> SeriesCell:
        concept = self.site.taxonomy.concepts[fact.concept]
        text = fmt.signed(fact.value, concept, fact.decimals)
        if fact.derived:
            sources = ", ".join(str(p) for p in fact.provenance)
            where = f"derived: year − nine months ({sources})"
        else:
            where = "printed at " + ", ".join(str(p) for p in fact.provenance)
        title = (f"{fact.concept} · {fmt.period_short(fact.context.period)} ({fmt.period_dates(fact.context.period)}) · "
                 f"{fmt.scale_words(concept, fact.unit, fact.decimals)} · {where}")
        return SeriesCell(text=text, href=self.site.concept_href(fact.concept, root, fact_anchor(fact.key)), title=title,
                          derived=fact.derived)

    def table(self, kind: str, root: str) -> SeriesTable:
        periods = sorted({p for by_period in self.values.values() for p in by_period if bucket(p) == kind}, key=_period_order)
        derived_columns = {p for p in periods
                           if all(by_period[p].derived for by_period in self.values.values() if p in by_period)}
        columns = [SeriesColumn(fmt.period_short(p), fmt.period_long(p), p in derived_columns) for p in periods]
        table = SeriesTable(id=f"series-{kind}", title=BUCKETS[kind], columns=columns)
        groups: dict[str, list[SeriesRow]] = {}
        taxonomy = self.site.taxonomy
        for key in sorted(self.values, key=self._row_key):
            by_period = self.values[key]
            if not any(bucket(p) == kind for p in by_period):
                continue
            concept, dims, unit = key
            label = taxonomy.concepts[concept].label
            if dims:
                label = " · ".join(taxonomy.axes[a].member(m).label for a, m in dims)
            if unit is not None and unit.denominator is None and unit.currency not in (None, Currency.CNY):
                label += f" ({fmt.unit_words(unit)})"
            cells = [self.cell(by_period[p], root) if p in by_period else None for p in periods]
            group = self.order.get(concept, (0, 0, "Other facts"))[2]
            groups.setdefault(group, []).append(SeriesRow(label=label, concept=concept, member=bool(dims),
                                                          href=self.site.concept_href(concept, root), cells=cells))
        order = {n.title: i for i, n in enumerate(taxonomy.networks)}
        table.groups = sorted(groups.items(), key=lambda g: order.get(g[0], len(order)))
        return table


# ------------------------------------------------------------------ charts


@dataclass
class ChartRow:
    period: str
    derived: bool
    cells: list[tuple[str, str]]  # (text, href) per column; href may be ""
    basis: str


@dataclass
class Chart:
    id: str
    title: str
    svg: object  # Markup
    desc: str
    legend: list[tuple[str, str]]  # (css, name)
    headers: list[str]
    rows: list[ChartRow]
    note: str


def _millions(value: Decimal) -> Decimal:
    return (value / Decimal(1_000_000)).quantize(Decimal("0.1"))


def _money(value: Decimal) -> str:
    """RMB million with one decimal, for prose."""
    return f"RMB {_millions(value):,} million"


def _thousands(fact: Fact | None, series: Series, root: str) -> tuple[str, str]:
    if fact is None:
        return ("n/a", "")
    concept = series.site.taxonomy.concepts[fact.concept]
    return (fmt.signed(fact.value, concept, fact.decimals), series.site.concept_href(fact.concept, root, fact_anchor(fact.key)))


def revenue_chart(series: Series, kind: str, root: str) -> Chart | None:
    taxonomy = series.site.taxonomy
    members = [m.name for m in taxonomy.axes[SERVICE_AXIS].members]
    labels = {m.name: m.label for m in taxonomy.axes[SERVICE_AXIS].members}
    periods = [p for p in series.periods("Revenues", kind)
               if any(series.fact("Revenues", p, ((SERVICE_AXIS, m),)) for m in members)]
    if not periods:
        return None
    categories = [charts.Category(fmt.period_short(p), all(
        (f := series.fact("Revenues", p, ((SERVICE_AXIS, m),))) is None or f.derived for m in members)) for p in periods]
    data = []
    for index, member in enumerate(members, start=1):
        facts = [series.fact("Revenues", p, ((SERVICE_AXIS, member),)) for p in periods]
        data.append((member, facts, charts.Series(labels[member], f"s{index}", tuple(_millions(f.value) if f else None for f in facts))))
    totals = [series.fact("Revenues", p) for p in periods]
    word = "quarterly" if kind == QUARTERLY else "annual"
    chart_id = f"chart-revenue-{kind}"
    title = f"Revenues by service line, {word} (RMB million)"
    first, last = totals[0], totals[-1]
    desc = (f"Stacked bars of {word} revenues by service line ({', '.join(labels[m] for m in members)}) from "
            f"{categories[0].label} to {categories[-1].label}.")
    if first is not None and last is not None:
        desc += f" Total revenues were {_money(first.value)} in {categories[0].label} and {_money(last.value)} in {categories[-1].label}."
    public = data[0][1]
    if public[0] is not None and public[-1] is not None and first is not None and last is not None and first.value and last.value:
        desc += (f" {labels[members[0]]} made {public[0].value / first.value * 100:.1f}% of revenues in {categories[0].label} "
                 f"and {public[-1].value / last.value * 100:.1f}% in {categories[-1].label}.")
    derived = [c.label for c in categories if c.derived]
    if derived:
        desc += f" Derived as full year minus nine months, not printed: {', '.join(derived)}."
    svg = charts.bars(chart_id, title, desc, categories, [d[2] for d in data], stacked=True)
    rows = []
    for i, period in enumerate(periods):
        cells = [_thousands(d[1][i], series, root) for d in data] + [_thousands(totals[i], series, root)]
        rows.append(ChartRow(fmt.period_short(period), categories[i].derived, cells,
                             "derived: full year − nine months" if categories[i].derived else "printed"))
    return Chart(chart_id, title, svg, desc, [(d[2].css, d[2].name) for d in data],
                 [labels[m] for m in members] + ["Total revenues"], rows, "RMB thousands in the table; the chart shows RMB million.")


def _margin(series: Series, concept: str, numerator: str, period: Period, root: str) -> tuple[Decimal | None, tuple[str, str], str]:
    printed = series.fact(concept, period, unit_currency=None)
    if printed is not None and not printed.derived:
        text, href = _thousands(printed, series, root)
        return printed.value * 100, (text, href), "printed"
    top, bottom = series.fact(numerator, period), series.fact("Revenues", period)
    if top is None or bottom is None or not bottom.value:
        return None, ("n/a", ""), ""
    value = (top.value / bottom.value * 100).quantize(Decimal("0.1"))
    derived = top.derived or bottom.derived
    basis = "computed from derived amounts (year − nine months)" if derived else "computed from the amounts"
    text = f"({-value}%)" if value < 0 else f"{value}%"
    return value, (text, ""), basis


def margin_chart(series: Series, root: str) -> Chart | None:
    taxonomy = series.site.taxonomy
    specs = [("GrossMargin", "GrossProfit", "s1"), ("AdjustedEbitdaMargin", "AdjustedEbitda", "s2")]
    periods = sorted({p for concept, numerator, _ in specs for name in (concept, numerator)
                      for p in series.periods(name, QUARTERLY)}, key=_period_order)
    periods = [p for p in periods if series.fact("Revenues", p) is not None]
    if not periods:
        return None
    categories = [charts.Category(fmt.period_short(p), bool((f := series.fact("Revenues", p)) and f.derived)) for p in periods]
    values = {concept: [_margin(series, concept, numerator, p, root) for p in periods] for concept, numerator, _ in specs}
    data = [charts.Series(taxonomy.concepts[c].label, css, tuple(v[0] for v in values[c])) for c, _, css in specs]
    chart_id = "chart-margins"
    title = "Gross margin and adjusted EBITDA margin, quarterly (%)"
    desc = f"Lines of gross margin and adjusted EBITDA margin (non-GAAP) by quarter from {categories[0].label} to {categories[-1].label}."
    for s in data:
        known = [(c.label, v) for c, v in zip(categories, s.values) if v is not None]
        if known:
            desc += f" {s.name}: {known[0][1]:.1f}% in {known[0][0]}, {known[-1][1]:.1f}% in {known[-1][0]}."
    derived = [c.label for c in categories if c.derived]
    if derived:
        desc += f" Margins for {', '.join(derived)} are computed from derived amounts (full year minus nine months)."
    svg = charts.lines(chart_id, title, desc, categories, data, suffix="%")
    rows = []
    for i, period in enumerate(periods):
        bases = sorted({values[c][i][2] for c, _, _ in specs if values[c][i][2]})
        rows.append(ChartRow(fmt.period_short(period), categories[i].derived, [values[c][i][1] for c, _, _ in specs], "; ".join(bases)))
    return Chart(chart_id, title, svg, desc, [(s.css, s.name) for s in data], [s.name for s in data], rows,
                 "Printed margins where the filing prints them; otherwise computed from the amounts, one decimal.")


def cash_chart(series: Series, root: str) -> Chart | None:
    taxonomy = series.site.taxonomy
    names = ["CashAndCashEquivalentsAtCarryingValue", "ShortTermBorrowings", "LongTermDebtNoncurrent"]
    periods = series.periods(names[0], BALANCES)
    if not periods:
        return None
    categories = [charts.Category(fmt.period_short(p)) for p in periods]
    facts = {n: [series.fact(n, p) for p in periods] for n in names}
    labels = {n: taxonomy.concepts[n].label for n in names}
    data = [charts.Series(labels[n], f"s{i}", tuple(_millions(f.value) if f else None for f in facts[n]))
            for i, n in enumerate(names, start=1)]
    chart_id = "chart-cash"
    title = "Cash and borrowings at period ends (RMB million)"
    desc = f"Grouped bars of cash and cash equivalents, short-term borrowings and long-term borrowings at {len(periods)} balance-sheet dates from {categories[0].label} to {categories[-1].label}."
    for n in names:
        known = [(c.label, f) for c, f in zip(categories, facts[n]) if f is not None]
        if known:
            desc += f" {labels[n]}: {_money(known[0][1].value)} at {known[0][0]}, {_money(known[-1][1].value)} at {known[-1][0]}."
    svg = charts.bars(chart_id, title, desc, categories, data, stacked=False)
    rows = []
    for i, period in enumerate(periods):
        total = [facts[n][i] for n in names[1:]]
        borrowing = sum((f.value for f in total if f is not None), Decimal(0))
        rows.append(ChartRow(fmt.period_short(period), False, [_thousands(facts[n][i], series, root) for n in names]
                             + [(f"{borrowing.scaleb(-3):,.0f}" if any(total) else "n/a", "")], "printed"))
    return Chart(chart_id, title, svg, desc, [(s.css, s.name) for s in data], [labels[n] for n in names] + ["Total borrowings"],
                 rows, "RMB thousands in the table (total borrowings = short-term + long-term); the chart shows RMB million.")
