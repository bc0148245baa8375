"""The analyst report (issue 7): the static site's content, read back from its pages.

The site is built from the bundled examples (always present) and, where the tests need the real
announcements, from the seeds. Pages are parsed with lxml; the browser and the Nu validator run in
``test_html_browser.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from exporters.html import build_site, write_html_report
from exporters.html.formatting import unit_words
from exporters.html.model import fact_anchor
from kcmodel.contexts import Context, Period
from kcmodel.facts import Fact, FactRef, Provenance
from kcmodel.findings import Finding, Severity
from kcmodel.layout import LayoutCell, LayoutColumn, LayoutRow, Table
from kcmodel.report import Dataset, Document, Report
from kcmodel.taxonomy import ItemType, Taxonomy
from kcmodel.units import CNY, Currency, money, per_share
from kcmodel.validation import sort, validate
from kcmodel.derived import fourth_quarters as derived_fourth_quarters
from tests.conftest import ingested
from tests.statements import KINGSOFT_CLOUD

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "announcements"


def dataset_of(folder: Path) -> tuple[Dataset, list[Finding]]:
    done = [ingested(p) for p in sorted(folder.glob("*.txt"))]
    dataset = Dataset(reports=tuple(d.report for d in done))
    return dataset, sort([*(f for d in done for f in d.findings), *validate(dataset.reports)])


def build(folder: Path, out: Path) -> tuple[Dataset, list[Finding], list, Path]:
    dataset, findings = dataset_of(folder)
    artifacts = write_html_report(dataset, findings, out)
    return dataset, findings, artifacts, out / "report"


@pytest.fixture(scope="module")
def examples_site(tmp_path_factory):
    return build(EXAMPLES, tmp_path_factory.mktemp("html"))


@pytest.fixture(scope="module")
def site(source, request):
    """The report of each source: the bundled examples, and the seeds where present."""
    return request.getfixturevalue("examples_site" if source.name == "examples" else "seeds_site")


@pytest.fixture(scope="module")
def seeds_site(seeds, tmp_path_factory):
    """The seeds' report, for what their prose shows."""
    return build(seeds, tmp_path_factory.mktemp("html-seeds"))


def parse(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def shown_number(text: str) -> Decimal:
    """A figure as the page shows it, read independently of the exporter: (1,234) -1234, -17.2 % -17.2, a dash 0."""
    text = text.strip()
    if text in {"-", "–", "—"}:
        return Decimal(0)
    match = re.fullmatch(r"(-)?\(?([\d,]*\.?\d+)\)?\s*%?", text)
    assert match, f"not a figure: {text!r}"
    number = Decimal(match[2].replace(",", ""))
    return -number if match[1] or text.startswith("(") else number


def page_value(text: str, fact: Fact, negated: bool, taxonomy: Taxonomy) -> Decimal:
    number = shown_number(text)
    if taxonomy.concepts[fact.concept].type is ItemType.percent:
        number = number.scaleb(-2)
    elif fact.decimals is not None and fact.decimals < 0:
        number = number.scaleb(-fact.decimals)
    return -number if negated else number


# ---------------------------------------------------------------- the writer


def test_the_writer_writes_the_index_and_lists_every_page(examples_site):
    dataset, _, artifacts, report = examples_site
    kinds = {a.path: a.kind for a in artifacts}
    assert kinds["report/index.html"] == "html-report"
    assert [a.path for a in artifacts if a.kind == "html-report"] == ["report/index.html"]
    pages = {a.report: a for a in artifacts if a.path.startswith("report/reports/")}
    assert sorted(pages) == ["kc-2024-FY", "kc-2024-Q3", "kc-2025-FY", "kc-2025-H1", "kc-2025-Q2"]
    assert {a.source for a in pages.values()} == {r.document.source for r in dataset.reports}
    assert {"report/series.html", "report/findings.html", "report/concepts/index.html", "report/concepts/Revenues.html",
            "report/assets/style.css"} <= set(kinds)
    on_disk = {p.relative_to(report.parent).as_posix() for p in report.rglob("*") if p.is_file()}
    assert on_disk == set(kinds)
    assert len(kinds) == 5 + 4 + len(Taxonomy.load().concepts) + 2  # reports, index/series/findings/concepts, concepts, assets


def test_two_builds_give_the_same_bytes_whatever_the_order_of_the_reports(examples_site):
    dataset, findings, _, report = examples_site
    again = build_site(Dataset(reports=tuple(reversed(dataset.reports))), findings)
    on_disk = {p.relative_to(report).as_posix(): p.read_bytes() for p in report.rglob("*") if p.is_file()}
    assert again == on_disk


def test_every_link_resolves_and_nothing_points_off_the_site(examples_site):
    *_, report = examples_site
    ids: dict[Path, set[str]] = {}
    trees = {}
    for page in sorted(report.rglob("*.html")):
        tree = parse(page)
        trees[page] = tree
        ids[page] = set(tree.xpath("//@id"))
    checked = 0
    for page, tree in trees.items():
        for element, attribute in ((e, a) for a in ("href", "src") for e in tree.xpath(f"//*[@{a}]")):
            url = element.get(attribute)
            if url.startswith("data:"):
                continue
            parts = urlsplit(url)
            assert not parts.scheme and not parts.netloc, f"{page.name}: {url} leaves the site"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.name}: {url} does not exist"
            if parts.fragment:
                assert parts.fragment in ids[target], f"{page.name}: {url}: no such anchor"
            checked += 1
    assert checked > 10_000


# ---------------------------------------------------------------- statements


def check_every_figure(dataset: Dataset, report: Path) -> int:
    """Every cell of every source table: the page shows the model's fact (value, concept, period, unit, line)."""
    taxonomy = Taxonomy.load()
    checked = 0
    for source in dataset.reports:
        name = f"kc-{source.document.fiscal_year}-{source.document.fiscal_period}"
        tree = parse(report / "reports" / f"{name}.html")
        by_id = {e.get("id"): e for e in tree.iter() if e.get("id")}
        cells = {key: e for key, e in by_id.items() if e.tag == "td"}
        for t, table in enumerate(source.tables, start=1):
            html_table = by_id[f"t{t}"].xpath(".//table")[0]
            assert len(html_table.xpath(".//tbody/tr")) == len(table.rows)
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row.cells):
                    if cell is None:
                        continue
                    td = cells[f"t{t}r{r}c{c}"]
                    tr = td.getparent()
                    if cell.fact is None:
                        assert "untaken" in td.get("class") and td.xpath("string(./span[1])") == cell.text.strip()
                        continue
                    fact = source.fact(cell.fact)
                    link = td.xpath("./a")[0]
                    assert ("neg" in tr.get("class").split()) is row.negated
                    if isinstance(fact.value, Decimal):
                        shown = page_value(link.text_content(), fact, "neg" in tr.get("class").split(), taxonomy)
                        assert shown == fact.value, (name, row.line, row.label, link.text_content(), fact.value)
                    tip = by_id[link.get("aria-describedby")]
                    assert tip.get("role") == "tooltip"
                    words = " ".join(tip.text_content().split())
                    period = fact.context.period
                    assert f"kc:{fact.concept}" in words
                    assert (period.end.isoformat() if period.is_instant else f"{period.start.isoformat()} to {period.end.isoformat()}") in words
                    assert f"({fact.unit})" in words
                    assert f"{source.document.source}:{row.line}" in words
                    rate = fact.translation.rate if fact.translation else None
                    assert link.get("href") == f"../concepts/{fact.concept}.html#{fact_anchor(fact.key, rate)}"
                    checked += 1
    return checked


def test_every_figure_on_every_statement_page_is_the_models_fact(site):
    dataset, _, _, report = site
    assert check_every_figure(dataset, report) > 2500


def test_statements_keep_the_filings_layout(examples_site):
    *_, report = examples_site
    tree = parse(report / "reports" / "kc-2024-Q3.html")
    income = next(s for s in tree.xpath("//section[@class='statement']")
                  if "COMPREHENSIVE LOSS" in s.xpath("string(.//h2)"))
    heads = [" ".join(th.text_content().split()) for th in income.xpath(".//thead/tr[1]/th")]
    assert heads[:2] == ["Line item", "Three months ended Sep 30, 2023"] and "Nine months ended Sep 30, 2024" in heads
    assert [th.get("scope") for th in income.xpath(".//thead/tr[2]/th")] == ["col"] * 8
    assert " ".join(income.xpath(".//thead/tr[2]/th/text()")) == "RMB RMB RMB RMB US$ RMB RMB US$"
    rows = {" ".join(tr.xpath("string(./th)").split()): tr for tr in income.xpath(".//tbody/tr")}
    cost = rows["Cost of revenues"]
    assert "neg" in cost.get("class") and cost.xpath("string(./td[1]/a)").startswith("(")
    assert "total" in rows["Total revenues"].get("class") and "d1" in rows["Total revenues"].get("class")
    assert rows["Revenues"].xpath("./th/@scope") == ["rowgroup"]
    assert all(th.get("scope") == "row" for tr in income.xpath(".//tbody/tr[not(contains(@class,'section'))]") for th in tr.xpath("./th"))
    assert "–" in [td.xpath("string(./a)") for td in rows["Others"].xpath("./td")]  # a nil cell printed as a dash


def test_a_figure_links_to_the_same_fact_in_the_other_reports(examples_site):
    *_, report = examples_site
    tree = parse(report / "reports" / "kc-2024-FY.html")
    tips = [t for t in tree.xpath("//span[@role='tooltip']") if "Also printed" in t.text_content()]
    targets = {a.get("href").split("#")[0] for t in tips for a in t.xpath(".//a")}
    assert {"../reports/kc-2025-FY.html", "../reports/kc-2024-Q3.html"} <= targets


# ---------------------------------------------------------------- series, charts, findings, concepts


def test_the_series_page_marks_every_derived_fourth_quarter(examples_site):
    dataset, _, _, report = examples_site
    tree = parse(report / "series.html")
    quarters = tree.get_element_by_id("series-quarterly")
    heads = [" ".join(th.text_content().split()) for th in quarters.xpath(".//thead/tr/th")]
    assert "Q4 2024 derived" in heads and "Q4 2023 derived" in heads and "Q3 2024" in heads
    derived = derived_fourth_quarters(dataset.facts, Taxonomy.load())
    assert len(derived) > 20
    cells = {a.get("href").split("#")[1]: a.getparent() for a in quarters.xpath(".//td/a")}
    for fact in derived:
        td = cells[fact_anchor(fact.key)]
        assert "derived" in td.get("class") and "(derived)" in td.text_content()
        assert "derived: year − nine months" in td.xpath("./a/@title")[0]
    revenue = next(f for f in derived if f.concept == "Revenues" and not f.context.dimensions and f.context.period.end.year == 2024)
    fy = next(f for f in dataset.facts if f.key == revenue.key.model_copy(update={"context": Context(entity=KINGSOFT_CLOUD, period=Period.duration(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))}))
    assert fy.value - revenue.value == next(f.value for f in dataset.facts if f.concept == "Revenues" and not f.context.dimensions
                                            and f.unit == CNY and f.context.period == Period.duration(dt.date(2024, 1, 1), dt.date(2024, 9, 30)))
    assert shown_number(cells[fact_anchor(revenue.key)].xpath("string(./a)")).scaleb(3) == revenue.value


def test_every_chart_has_a_text_alternative_and_its_data_table(examples_site):
    *_, report = examples_site
    tree = parse(report / "series.html")
    figures = tree.xpath("//figure[contains(@class,'chart')]")
    assert {f.get("id") for f in figures} == {"chart-revenue-quarterly", "chart-revenue-annual", "chart-margins", "chart-cash"}
    for figure in figures:
        svg = figure.xpath(".//svg")[0]
        assert svg.get("role") == "img"
        for ref in svg.get("aria-labelledby").split():
            assert len(tree.get_element_by_id(ref).text_content()) > 20
        categories = svg.xpath(".//text[contains(@class,'cat')]")
        rows = figure.xpath(".//table[@class='data']/tbody/tr")
        assert len(rows) == len(categories) >= 3
        assert figure.xpath(".//table[@class='data']/caption") and figure.xpath(".//table/thead/tr/th[@scope='col']")
    quarterly = tree.get_element_by_id("chart-revenue-quarterly")
    assert [t.text for t in quarterly.xpath(".//text[contains(@class,'derived')]")] == ["Q4 2023 *", "Q4 2024 *"]
    assert "derived" in quarterly.xpath("string(.//desc)").lower()


def test_each_finding_links_to_its_lines_and_figures(examples_site):
    _, findings, _, report = examples_site
    tree = parse(report / "findings.html")
    articles = tree.xpath("//article[contains(@class,'finding')]")
    assert len(articles) == len(findings) > 0
    for number, finding in enumerate(findings, start=1):
        article = tree.get_element_by_id(f"F{number}")
        assert finding.code in article.text_content() and finding.severity.value in article.get("class")
        hrefs = article.xpath(".//a/@href")
        for line in finding.lines:
            assert any(str(line) == " ".join(a.text_content().split()) for a in article.xpath(".//a")), (finding, line)
        for ref in finding.facts:
            assert any(f"concepts/{ref.concept}.html#" in h for h in hrefs)
    statement_links = [h for h in tree.xpath("//article//a/@href") if h.startswith("reports/") and "#t" in h]
    assert statement_links, "findings link to the figures on the statement pages"


def test_a_concept_page_has_labels_calculations_counterpart_and_every_fact(examples_site):
    dataset, _, _, report = examples_site
    tree = parse(report / "concepts" / "CostOfRevenue.html")
    text = " ".join(tree.text_content().split())
    assert "us-gaap:CostOfRevenue" in text and "http://www.xbrl.org/2009/role/negatedLabel" in text
    parents = tree.xpath("//h3[starts-with(., 'Calculation parents')]/following-sibling::table[1]//tbody/tr")
    assert any("Gross profit" in r.text_content() and "−1" in r.text_content() for r in parents)
    facts = [f for f in (*dataset.facts, *derived_fourth_quarters(dataset.facts, Taxonomy.load())) if f.concept == "CostOfRevenue"]
    rows = tree.xpath("//table[@class='facts']/tbody/tr")
    assert len(rows) == len(facts)
    ids = {r.get("id") for r in rows}
    assert {fact_anchor(f.key, f.translation.rate if f.translation else None) for f in facts} == ids
    gross = parse(report / "concepts" / "GrossProfit.html")
    children = gross.xpath("//h3[starts-with(., 'Calculation children')]/following-sibling::table[1]//tbody/tr")
    weights = {" ".join(r.xpath("string(./td[1])").split()): r.xpath("string(./td[2])") for r in children}
    assert weights == {"Revenues": "+1", "Cost of revenues": "−1"}
    assert "zh" in parse(report / "concepts" / "Revenues.html").xpath("//td/@lang")


# ---------------------------------------------------------------- escaping

HOSTILE = "<script>alert(\"x&y\")</script> & 'quoted' \"double\" </td>"


def hostile_dataset() -> tuple[Dataset, list[Finding]]:
    period = Period.duration(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    context = Context(entity=KINGSOFT_CLOUD, period=period)
    source = f"{HOSTILE}.txt"
    revenue = Fact(concept="Revenues", context=context, unit=CNY, value=Decimal("1000"), decimals=-3,
                   provenance=(Provenance(document=source, line=3, label=HOSTILE, text=HOSTILE),))
    title = Fact(concept="DocumentTitle", context=context, value=HOSTILE)
    ref = FactRef(concept="Revenues", context=context, unit=CNY)
    table = Table(title=HOSTILE, first_line=1, last_line=4,
                  columns=(LayoutColumn(label=HOSTILE, period=period, currency="CNY"), LayoutColumn(label=HOSTILE, period=None, currency=None)),
                  rows=(LayoutRow(line=2, label=HOSTILE, kind="section"),
                        LayoutRow(line=3, label=HOSTILE, kind="figures", depth=1, cells=(LayoutCell(text="1", fact=ref), LayoutCell(text=HOSTILE)))))
    document = Document(source=source, title=HOSTILE, document_type=HOSTILE, period_start=period.start, period_end=period.end,
                        fiscal_year=2024, fiscal_period="FY", entity=KINGSOFT_CLOUD, entity_name=HOSTILE)
    report = Report(document=document, facts=(revenue, title), tables=(table,))
    finding = Finding(code="hostile", severity=Severity.warning, message=HOSTILE, facts=(ref,),
                      lines=(Provenance(document=source, line=3, label=HOSTILE, text=HOSTILE),))
    return Dataset(reports=(report,)), [finding]


def test_labels_and_values_with_markup_come_out_escaped():
    dataset, findings = hostile_dataset()
    pages = build_site(dataset, findings)
    for path, data in pages.items():
        if not path.endswith(".html"):
            continue
        assert b"<script>alert" not in data and b"</td>\"" not in data, path
        tree = lxml.html.fromstring(data)
        assert tree.xpath("//script/@src") == [f"{'../' if '/' in path else ''}assets/report.js"], path
        assert not tree.xpath("//script[not(@src)]"), path
    page = lxml.html.fromstring(pages["reports/kc-2024-FY.html"])
    texts = [" ".join(e.text_content().split()) for e in page.iter()]
    normal = " ".join(HOSTILE.split())
    assert normal in texts  # the row label, whole, as text
    assert page.xpath("//h2")[1].text_content() == HOSTILE  # the table title
    assert HOSTILE in page.xpath("//thead//th/@title")  # a column label, in an attribute
    assert page.xpath("string(//td[contains(@class,'untaken')]/span[1])") == HOSTILE  # a cell not taken
    assert HOSTILE in lxml.html.fromstring(pages["findings.html"]).text_content()
    concept = lxml.html.fromstring(pages["concepts/DocumentTitle.html"])
    assert HOSTILE in [e.text_content() for e in concept.xpath("//table[@class='facts']//td")]  # a text fact's value


def test_a_report_page_sets_each_prose_figure_beside_the_table_or_its_finding(seeds_site):
    page = parse(seeds_site[3] / "reports" / "kc-2025-Q2.html")
    trs = page.xpath("//table[@class='highlights']/tbody/tr")
    rows = [[" ".join(td.text_content().split()) for td in tr.findall("td")] for tr in trs]
    # 004 line 11: "RMB2,349.2 million" repeats the statement's total revenues, 2,349,227 thousand (004 line 183)
    assert ["004_72f8a6b0e56348f2.txt:11", "RMB2,349.2 million", "Revenues, Three months ended Jun 30, 2025, iso4217:CNY",
            "agrees: the table prints 2,349,227 at 004_72f8a6b0e56348f2.txt:183"] in rows
    # 004 line 11: AI business gross billing, a figure only the prose gives
    assert any(r[1] == "RMB728.7 million" and r[3].startswith("prose only") for r in rows)
    # 004 line 21: "US$101.0 million" against 101,055 thousand (004 line 181): the finding, linked
    (row,) = [tr for tr in trs if "004_72f8a6b0e56348f2.txt:21" in tr.text_content() and "prose-disagrees" in tr.text_content()]
    assert row.xpath(".//a")[0].get("href").startswith("../findings.html#F")


def test_a_kpi_only_the_prose_gives_is_a_series_across_reports_in_thousands(seeds_site):
    page = parse(seeds_site[3] / "series.html")
    rows = [[" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")] for tr in page.xpath("//tr")]
    ai = [r for r in rows if r and r[0] == "AI business gross billing"]
    # 003 line 59: RMB362 million in Q3 2024; 004 line 11: RMB728.7 million in Q2 2025 (amounts in thousands)
    assert any("362,000" in r and "728,700" in r for r in ai), ai


def test_amounts_are_shown_in_the_currency_words_the_announcements_print():
    # 'RMB', 'US$' and 'HK$' head the announcements' columns; an HK$ per-share amount is not 'iso4217:HKD per share'
    assert [unit_words(money(c)) for c in (Currency.CNY, Currency.USD, Currency.HKD)] == ["RMB", "US$", "HK$"]
    assert unit_words(per_share(Currency.HKD)) == "HK$ per share"
