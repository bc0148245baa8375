"""The analyst report: a static site that opens from ``file://`` with no network.

``build_site`` renders every page into memory (path → bytes, deterministic); ``write_html_report``
is the writer ``exporters.artifacts`` runs: it writes ``DIR/report/`` and returns the artifacts
(``report/index.html`` is the ``html-report``; the other pages are ``html-page``, the stylesheet and
script ``html-asset``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import jinja2

from exporters.html import concepts as concept_pages
from exporters.html import findings as finding_pages
from exporters.html import formatting as fmt
from exporters.html import series as series_pages
from exporters.html import statements
from exporters.html.highlights import highlights as highlight_rows
from exporters.html.model import SiteModel
from exporters.manifest import Artifact
from exporters.outfolder import write_file
from kcmodel.findings import Finding
from kcmodel.report import Dataset
from kcmodel.taxonomy import RATE_CONCEPT, Taxonomy

HERE = Path(__file__).resolve().parent
REPORT_DIR = "report"
STATIC = ("style.css", "report.js")
HEADLINES = ("Revenues", "GrossProfit", "GrossMargin", "AdjustedEbitda", "AdjustedEbitdaMargin", "ProfitLoss",
             "CashAndCashEquivalentsAtCarryingValue")


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every page and macro: labels and values come from documents
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build renders 400 pages: the templates are read once, not checked on disk for each page
    )
    env.filters["period_short"] = fmt.period_short
    env.filters["period_long"] = fmt.period_long
    env.filters["day"] = fmt.day
    return env


def _render(template: str, **context) -> bytes:
    return environment().get_template(template).render(**context).encode("utf-8")


def _headlines(series: series_pages.Series, root: str) -> series_pages.SeriesTable:
    table = series.table(series_pages.ANNUAL, root)
    rows = {r.concept: r for _, group in table.groups for r in group if not r.member}
    balances = series.table(series_pages.BALANCES, root)
    year_ends = {c.short: i for i, c in enumerate(balances.columns)}
    picked = []
    for name in HEADLINES:
        if name in rows:
            picked.append(rows[name])
    cash = next((r for _, g in balances.groups for r in g if r.concept == HEADLINES[-1] and not r.member), None)
    if cash is not None:  # cash at each year's end, under that year
        cells = []
        for column in table.columns:
            end = column.long.removeprefix("Year ended ")
            index = year_ends.get(end)
            cells.append(cash.cells[index] if index is not None else None)
        picked.append(series_pages.SeriesRow(label=cash.label + " (year end)", concept=cash.concept, href=cash.href,
                                             member=False, cells=cells))
    table.groups = [("Headline figures", picked)]
    table.id = "headlines"
    return table


def build_site(dataset: Dataset, findings: Sequence[Finding] = (), taxonomy: Taxonomy | None = None) -> dict[str, bytes]:
    """Every page of the report, by path relative to the report folder."""
    return render(SiteModel.build(dataset, findings, taxonomy))


def render(site: SiteModel) -> dict[str, bytes]:
    pages: dict[str, bytes] = {}
    views = [statements.layout(site, name, report) for name, report in site.reports]  # fills site.printed first
    counts = finding_pages.counts(site.findings)
    nav_reports = [name for name, _ in site.reports]
    common = dict(site=site, nav_reports=nav_reports, counts=counts, fmt=fmt)

    series = series_pages.Series(site)
    charts_root = ""
    charts = [c for c in (series_pages.revenue_chart(series, series_pages.QUARTERLY, charts_root),
                          series_pages.revenue_chart(series, series_pages.ANNUAL, charts_root),
                          series_pages.margin_chart(series, charts_root),
                          series_pages.cash_chart(series, charts_root)) if c is not None]
    tables = [series.table(kind, charts_root) for kind in series_pages.BUCKETS]
    pages["series.html"] = _render("series.html.j2", root="", page="series", charts=charts, tables=[t for t in tables if t.columns],
                                   **common)

    per_report = {}
    for f in site.findings:
        name = site.report_of(f.lines[0].document) if f.lines else None
        per_report[name] = per_report.get(name, 0) + 1
    reports = []
    for view in views:
        report = view.report
        rate = report.rate
        reports.append(dict(view=view, rate=rate, findings=per_report.get(view.id, 0),
                            cells=sum(1 for t in report.tables for r in t.rows for c in r.cells if c is not None)))
    pages["index.html"] = _render("index.html.j2", root="", page="index", reports=reports, headlines=_headlines(series, ""),
                                  chart=charts[0] if charts else None, derived=len(site.derived),
                                  printed=sum(len(v) for v in site.printed.values()), **common)
    for entry in reports:
        view = entry["view"]
        pages[f"reports/{view.id}.html"] = _render("report.html.j2", root="../", page=view.id, view=view, entry=entry,
                                                  highlights=highlight_rows(site, view.report, "../"),
                                                  tip=functools.partial(statements.tip, site, view, root="../"),
                                                  rate_concept=RATE_CONCEPT, **common)
    pages["findings.html"] = _render("findings.html.j2", root="", page="findings", groups=finding_pages.groups(site, ""), **common)

    concepts = concept_pages.Concepts(site)
    pages["concepts/index.html"] = _render("concepts.html.j2", root="../", page="concepts", groups=concepts.index(), **common)
    for name in site.taxonomy.concepts:
        pages[f"concepts/{name}.html"] = _render("concept.html.j2", root="../", page="concepts", view=concepts.view(name, "../"),
                                                 **common)
    for asset in STATIC:
        pages[f"assets/{asset}"] = (HERE / "static" / asset).read_bytes()
    return pages


def write_html_report(dataset: Dataset, findings: Sequence[Finding], out: Path) -> list[Artifact]:
    """The writer for ``exporters.artifacts.WRITERS``: ``DIR/report/index.html`` and the pages it links."""
    site = SiteModel.build(dataset, findings)
    pages = render(site)
    base = out / REPORT_DIR
    sources = {f"reports/{name}.html": (name, report.document.source) for name, report in site.reports}
    artifacts = []
    for path in sorted(pages, key=lambda p: (p != "index.html", p)):
        target = base / path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_file(target, pages[path])
        kind = "html-report" if path == "index.html" else "html-asset" if path.startswith("assets/") else "html-page"
        report, source = sources.get(path, (None, None))
        artifacts.append(Artifact(f"{REPORT_DIR}/{path}", kind, report, source))
    return artifacts
