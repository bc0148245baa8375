"""The ingester, specified on the five announcements: the bundled examples, and the seeds
(../shared/seeds) where present.

Every expectation here was typed from the announcements themselves (the comment names the seed file
and line), never copied from the ingester's output. The examples copy the seeds' tables line for line
(tests/seedlines.py), so a test of a table runs on both: ``lines_of`` and ``entries_at`` speak in the
seed's line numbers on either; a test of the prose takes the ``seed*`` fixtures and needs the seeds. Conventions are docs/conventions.md's: §2 periods (inclusive
dates; a balance "at beginning of period" is the instant of the day before) and decimals (thousands
multiplied out with decimals -3, per-share 2, shares 0, percentages as fractions with 3, the rate 4);
§3 the value has the sign its concept gives it, whatever the printout; §4 a US$ fact has the concept
and context of its RMB fact and links to it and to the document's one rate fact.

Seeds:
  000 = 000_74d97d5e07486dff.txt  annual results FY2024 (HKEX layout, notes column)
  001 = 001_8410975dc4ccff92.txt  interim results H1 2025
  002 = 002_f9d89c61d7d6e4d6.txt  annual results FY2025 (with an exhibit index and other announcements)
  003 = 003_5d25836ba150503a.txt  earnings release Q3 2024 (quarter and nine-months columns)
  004 = 004_72f8a6b0e56348f2.txt  wire-service copy of the Q2 2025 release (damaged tables)
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kcmodel import Context, FactRef, Period
from kcmodel.units import CNY, CNY_PER_SHARE, CNY_PER_USD, PURE, SHARES, USD, USD_PER_SHARE
from tests.conftest import SEED_FILES as FILES
from tests.conftest import ingested
from tests.seedlines import RUNS, to_example, to_seed
from tests.statements import KINGSOFT_CLOUD

# the seeds' prefixes, and the report each announces
REPORT_OF = {"000": "kc-2024-FY", "001": "kc-2025-H1", "002": "kc-2025-FY", "003": "kc-2024-Q3", "004": "kc-2025-Q2"}
SEED_FILES = {key: FILES[report] for key, report in REPORT_OF.items()}


# ------------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def doc000(source):
    """The FY2024 announcement of each source (the example, and the seed where present)."""
    return ingested(source.file("kc-2024-FY"))


@pytest.fixture(scope="module")
def doc001(source):
    return ingested(source.file("kc-2025-H1"))


@pytest.fixture(scope="module")
def doc002(source):
    return ingested(source.file("kc-2025-FY"))


@pytest.fixture(scope="module")
def doc003(source):
    return ingested(source.file("kc-2024-Q3"))


@pytest.fixture(scope="module")
def doc004(source):
    return ingested(source.file("kc-2025-Q2"))


def _seed(seeds: Path, key: str):
    return ingested(seeds / SEED_FILES[key])


@pytest.fixture(scope="module")
def seed000(seeds):
    """The FY2024 seed itself, for what its prose prints."""
    return _seed(seeds, "000")


@pytest.fixture(scope="module")
def seed001(seeds):
    return _seed(seeds, "001")


@pytest.fixture(scope="module")
def seed002(seeds):
    return _seed(seeds, "002")


@pytest.fixture(scope="module")
def seed003(seeds):
    return _seed(seeds, "003")


@pytest.fixture(scope="module")
def seed004(seeds):
    return _seed(seeds, "004")


@pytest.fixture(scope="module")
def docs(doc000, doc001, doc002, doc003, doc004):
    return {"000": doc000, "001": doc001, "002": doc002, "003": doc003, "004": doc004}


# ------------------------------------------------------------------------------------ periods


def fy(year: int) -> Period:
    return Period.duration(date(year, 1, 1), date(year, 12, 31))


def quarter(year: int, q: int) -> Period:
    last_month = 3 * q
    return Period.duration(date(year, last_month - 2, 1), date(year, last_month, calendar.monthrange(year, last_month)[1]))


def h1(year: int) -> Period:
    return Period.duration(date(year, 1, 1), date(year, 6, 30))


def m9(year: int) -> Period:
    return Period.duration(date(year, 1, 1), date(year, 9, 30))


def at(year: int, month: int, day: int) -> Period:
    return Period.instant(date(year, month, day))


# ------------------------------------------------------------------------------------ helpers


def ref(concept: str, period: Period, unit=CNY, dims: dict[str, str] | None = None) -> FactRef:
    return FactRef(concept=concept, context=Context(entity=KINGSOFT_CLOUD, period=period, dimensions=dims or {}), unit=unit)


def fact_of(ing, concept: str, period: Period, unit=CNY, dims: dict[str, str] | None = None):
    key = ref(concept, period, unit, dims)
    found = ing.report.fact(key)
    assert found is not None, (
        f"{ing.report.document.source}: no fact {concept} {dict(dims or {})} {period.key} {unit}")
    return found


def _example(document: str) -> str | None:
    """The report id of a bundled example's file name (kc-2024-FY.txt), None for a seed's."""
    stem = document.removesuffix(".txt")
    return stem if stem in RUNS else None


def _printed(fact) -> tuple:
    """Every place the fact is printed at: as the fact, and as its less precise duplicates (prose)."""
    return (*fact.provenance, *(p for d in fact.duplicates for p in d.provenance))


def lines_of(fact) -> set[int | None]:
    """Every line the fact is printed at: as the fact, and as its less precise duplicates (prose), in
    the seed's numbers (an example's line that copies none is None)."""
    return {to_seed(report, p.line) if (report := _example(p.document)) else p.line for p in _printed(fact)}


def line_in(ing, line: int) -> int:
    """The seed's ``line`` in the ingested document: itself in the seed, the line copying it in an example."""
    report = _example(ing.report.document.source)
    if report is None:
        return line
    copied = to_example(report, line)
    assert copied is not None, f"line {line} of the seed is prose: no example prints it"
    return copied


def entries_at(ing, line: int):
    """The ledger's entries of the seed's ``line`` (on an example, of the line that copies it)."""
    number = line_in(ing, line)
    return [e for e in ing.ledger.entries if e.line == number]


def thousands(n: int) -> Decimal:
    return Decimal(n) * 1000


def assert_value(fact, value: Decimal | int | str, decimals: int) -> None:
    assert (fact.value, fact.decimals) == (Decimal(value), decimals), (
        f"{fact.concept} {fact.context.period.key} {fact.unit}: got {fact.value} (decimals {fact.decimals}), "
        f"expected {value} (decimals {decimals})")


def _norm(text: str) -> str:
    """A printed cell, spelled the same way for comparing: no markup, spaces or % sign; one dash."""
    text = re.sub(r"</?(u|i|b)>|\*\*", "", text)
    text = re.sub(r"\s+|%", "", text)
    return re.sub(r"^[–—]$", "-", text)


# ------------------------------------------------------------------------------------ row labels


def test_a_label_split_over_two_lines_is_one_row(doc002):
    # 002 lines 78-79: "Net loss attributable to" / "Kingsoft Cloud Holdings Limited  (1,966,680)  (936,251)  (52.4)%"
    ing = doc002
    fy2025 = fact_of(ing, "NetIncomeLoss", fy(2025))
    fy2024 = fact_of(ing, "NetIncomeLoss", fy(2024))
    assert_value(fy2025, thousands(-936_251), -3)
    assert_value(fy2024, thousands(-1_966_680), -3)
    assert 79 in lines_of(fy2025) and 79 in lines_of(fy2024)
    change = fact_of(ing, "RelativeChange", fy(2025), PURE,
                     {"ChangedQuantityAxis": "NetIncomeLossQuantityMember", "ComparisonAxis": "PriorYearMember"})
    assert_value(change, Decimal("-0.524"), 3)  # the year-on-year change column: (52.4)%
    taken = {e.fact for e in entries_at(ing, 79) if e.fact is not None}
    assert taken == {fy2025.key, fy2024.key, change.key}
    assert entries_at(ing, 78) == []  # the first half of the label prints no figure


def test_a_split_label_in_a_reconciliation_names_normalized_adjusted_ebitda(doc003):
    # 003 lines 293-294: "Excluding loss or gain on disposal of property and equipment, normalized" /
    # "Adjusted EBITDA  (44,078)  9,366  60,594  174,726  24,899  (214,348)  244,686  34,866"
    ing = doc003
    assert_value(fact_of(ing, "NormalizedAdjustedEbitda", quarter(2023, 3)), thousands(-44_078), -3)
    assert_value(fact_of(ing, "NormalizedAdjustedEbitda", quarter(2024, 1)), thousands(9_366), -3)
    assert_value(fact_of(ing, "NormalizedAdjustedEbitda", quarter(2024, 2)), thousands(60_594), -3)
    assert_value(fact_of(ing, "NormalizedAdjustedEbitda", quarter(2024, 3)), thousands(174_726), -3)
    assert_value(fact_of(ing, "NormalizedAdjustedEbitda", quarter(2024, 3), USD), thousands(24_899), -3)
    assert_value(fact_of(ing, "NormalizedAdjustedEbitda", m9(2023)), thousands(-214_348), -3)
    assert_value(fact_of(ing, "NormalizedAdjustedEbitda", m9(2024)), thousands(244_686), -3)
    assert_value(fact_of(ing, "NormalizedAdjustedEbitda", m9(2024), USD), thousands(34_866), -3)
    row = entries_at(ing, 294)
    assert len(row) == 8 and all(e.fact is not None and e.fact.concept == "NormalizedAdjustedEbitda" for e in row)
    # the plain "Adjusted EBITDA" row (line 291) stays AdjustedEbitda: the split label is not read as it
    assert_value(fact_of(ing, "AdjustedEbitda", quarter(2024, 3)), thousands(185_393), -3)
    assert 294 not in lines_of(fact_of(ing, "AdjustedEbitda", quarter(2024, 3)))


def test_a_space_separated_bold_row_is_read(doc004):
    # 004 line 139: "Total current liabilities **9,159,435** **10,816,556** **1,509,933**" (no tabs)
    ing = doc004
    dec2024 = fact_of(ing, "LiabilitiesCurrent", at(2024, 12, 31))
    jun2025 = fact_of(ing, "LiabilitiesCurrent", at(2025, 6, 30))
    jun2025_usd = fact_of(ing, "LiabilitiesCurrent", at(2025, 6, 30), USD)
    assert_value(dec2024, thousands(9_159_435), -3)
    assert_value(jun2025, thousands(10_816_556), -3)
    assert_value(jun2025_usd, thousands(1_509_933), -3)
    assert all(139 in lines_of(f) for f in (dec2024, jun2025, jun2025_usd))


def test_a_label_on_one_line_with_its_values_on_a_later_line(doc004):
    # 004 line 151: "Total liabilities"; line 153: "12,087,334 **17,770,121** **2,480,614**"
    ing = doc004
    dec2024 = fact_of(ing, "Liabilities", at(2024, 12, 31))
    jun2025 = fact_of(ing, "Liabilities", at(2025, 6, 30))
    jun2025_usd = fact_of(ing, "Liabilities", at(2025, 6, 30), USD)
    assert_value(dec2024, thousands(12_087_334), -3)
    assert_value(jun2025, thousands(17_770_121), -3)
    assert_value(jun2025_usd, thousands(2_480_614), -3)
    assert {e.fact for e in entries_at(ing, 153)} == {dec2024.key, jun2025.key, jun2025_usd.key}


def test_a_notes_column_holds_note_references_not_figures(doc000):
    # 000 line 357: "Public cloud services  3  4,381,741  5,007,251  685,991" under "Notes | 2023 RMB | 2024 RMB | 2024 US$"
    ing = doc000
    row = entries_at(ing, 357)
    assert len(row) == 4
    notes = [e for e in row if e.fact is None]
    assert [(e.text, e.reason.value) for e in notes] == [("3", "note-reference")]
    public = {"ProductOrServiceAxis": "PublicCloudServicesMember"}
    expected = {
        ref("Revenues", fy(2023), CNY, public): thousands(4_381_741),
        ref("Revenues", fy(2024), CNY, public): thousands(5_007_251),
        ref("Revenues", fy(2024), USD, public): thousands(685_991),
    }
    assert {e.fact for e in row if e.fact is not None} == set(expected)
    for key, value in expected.items():
        assert_value(ing.report.fact(key), value, -3)


# ------------------------------------------------------------------------------------ nil dashes


def test_a_hyphen_dash_is_zero_with_the_columns_decimals(doc000):
    # 000 line 533: "Changes in fair value of purchase consideration in a business acquisition  (14,433)  -  -"
    # 000 line 534: "Changes in fair value of currency swap  -  (2,420)  (332)"
    ing = doc000
    concept = "GainLossOnChangeInFairValueOfPurchaseConsideration"
    assert_value(fact_of(ing, concept, fy(2024)), 0, -3)
    assert_value(fact_of(ing, concept, fy(2024), USD), 0, -3)
    assert 533 in lines_of(fact_of(ing, concept, fy(2024)))
    swap = fact_of(ing, "DerivativeGainLossOnDerivativeNet", fy(2023))
    assert_value(swap, 0, -3)
    assert 534 in lines_of(swap)


def test_an_en_dash_is_zero_with_the_columns_decimals(doc000):
    # 000 line 405: "Short-term investments  –  90,422  12,388" (as at December 31, 2023 / 2024)
    ing = doc000
    dec2023 = fact_of(ing, "ShortTermInvestments", at(2023, 12, 31))
    assert_value(dec2023, 0, -3)
    assert 405 in lines_of(dec2023)
    assert_value(fact_of(ing, "ShortTermInvestments", at(2024, 12, 31)), thousands(90_422), -3)


def test_an_em_dash_is_zero_with_the_columns_decimals(doc004):
    # 004 line 113: "Short-term investments  90,422  —  —" (Dec 31, 2024 RMB | Jun 30, 2025 RMB | Jun 30, 2025 US$)
    ing = doc004
    rmb = fact_of(ing, "ShortTermInvestments", at(2025, 6, 30))
    usd = fact_of(ing, "ShortTermInvestments", at(2025, 6, 30), USD)
    assert_value(rmb, 0, -3)
    assert_value(usd, 0, -3)
    assert 113 in lines_of(rmb) and 113 in lines_of(usd)


# ------------------------------------------------------------------------------------ percentages


def test_a_percentage_under_a_percent_header_is_a_fraction(doc000):
    # 000 lines 104-105: header "(%) (%)"; "Gross margin  12.1  17.2"
    ing = doc000
    fy2023 = fact_of(ing, "GrossMargin", fy(2023), PURE)
    assert_value(fy2023, "0.121", 3)
    assert_value(fact_of(ing, "GrossMargin", fy(2024), PURE), "0.172", 3)
    assert 105 in lines_of(fy2023)


def test_a_year_on_year_change_column_is_a_relative_change_fact(doc000):
    # 000 line 78: "Loss before income taxes  (2,165,688)  (1,980,566)  (8.5)%" under "Year-on-year Change %":
    # the loss's magnitude fell by 8.5% from 2023 to 2024, a change of the quantity, not a level of it
    ing = doc000
    concept = "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest"
    change = fact_of(ing, "RelativeChange", fy(2024), PURE,
                     {"ChangedQuantityAxis": f"{concept}QuantityMember", "ComparisonAxis": "PriorYearMember"})
    assert_value(change, "-0.085", 3)
    assert {e.fact for e in entries_at(ing, 78) if e.fact is not None} == {
        ref(concept, fy(2023)), ref(concept, fy(2024)), change.key}
    assert_value(fact_of(ing, concept, fy(2023)), thousands(-2_165_688), -3)


def test_a_share_of_total_column_is_a_derived_ratio_not_a_fact(doc000):
    # 000 line 288: "Solution development and services  ...  82.4%": each function's share of all employees
    ing = doc000
    share = [e for e in entries_at(ing, 288) if e.text.endswith("%")]
    assert len(share) == 1 and share[0].fact is None and share[0].reason.value == "derived-ratio"


def test_a_minus_signed_percentage_is_a_negative_fraction(doc001):
    # 001 line 140: "Net loss margin  -19.6%  -17.9%" (six months ended June 30, 2024 | 2025)
    ing = doc001
    h1_2024 = fact_of(ing, "ProfitLossMargin", h1(2024), PURE)
    assert_value(h1_2024, "-0.196", 3)
    assert_value(fact_of(ing, "ProfitLossMargin", h1(2025), PURE), "-0.179", 3)
    assert 140 in lines_of(h1_2024)


def test_a_percentage_with_a_space_before_the_sign_is_a_fraction(doc004):
    # 004 line 231: "Gross margin  16.8 %  16.2 %  14.4 %  16.7 %  15.2 %"
    # (three months ended Jun 30 2024, Mar 31 2025, Jun 30 2025; six months ended Jun 30 2024, 2025)
    ing = doc004
    q2_2024 = fact_of(ing, "GrossMargin", quarter(2024, 2), PURE)
    assert_value(q2_2024, "0.168", 3)
    assert 231 in lines_of(q2_2024)
    assert_value(fact_of(ing, "GrossMargin", quarter(2025, 1), PURE), "0.162", 3)
    assert_value(fact_of(ing, "GrossMargin", quarter(2025, 2), PURE), "0.144", 3)
    assert_value(fact_of(ing, "GrossMargin", h1(2024), PURE), "0.167", 3)
    assert_value(fact_of(ing, "GrossMargin", h1(2025), PURE), "0.152", 3)


def test_a_parenthesised_percentage_under_a_percent_header_is_negative(doc000):
    # 000 lines 142-143: header "(%) (%)"; "Net loss margin  (31.0)  (25.4)"
    ing = doc000
    fy2023 = fact_of(ing, "ProfitLossMargin", fy(2023), PURE)
    assert_value(fy2023, "-0.310", 3)
    assert_value(fact_of(ing, "ProfitLossMargin", fy(2024), PURE), "-0.254", 3)
    assert 143 in lines_of(fy2023)


# ------------------------------------------------------------------------------------ per share, shares


def test_a_per_share_row_in_a_thousands_table_is_not_multiplied(doc000):
    # 000 line 385: "Basic and diluted  6  (0.61)  (0.54)  (0.07)" in a table "in thousands ... except per share data"
    ing = doc000
    assert_value(fact_of(ing, "EarningsPerShareBasicAndDiluted", fy(2024), CNY_PER_SHARE), "-0.54", 2)
    assert_value(fact_of(ing, "EarningsPerShareBasicAndDiluted", fy(2023), CNY_PER_SHARE), "-0.61", 2)
    usd = fact_of(ing, "EarningsPerShareBasicAndDiluted", fy(2024), USD_PER_SHARE)
    assert_value(usd, "-0.07", 2)
    assert 385 in lines_of(usd)


def test_a_share_count_row_in_a_thousands_table_is_whole_shares(doc000):
    # 000 line 387: "Basic and diluted  6  3,558,354,940  3,658,088,876  3,658,088,876"
    ing = doc000
    concept = "WeightedAverageNumberOfShareOutstandingBasicAndDiluted"
    fy2024 = fact_of(ing, concept, fy(2024), SHARES)
    assert_value(fy2024, 3_658_088_876, 0)
    assert_value(fact_of(ing, concept, fy(2023), SHARES), 3_558_354_940, 0)
    assert 387 in lines_of(fy2024)


def test_the_share_count_in_the_usd_column_is_the_same_fact(doc000):
    # 000 line 387: the US$ column repeats 3,658,088,876: shares are not translated
    ing = doc000
    concept = "WeightedAverageNumberOfShareOutstandingBasicAndDiluted"
    figures = [e for e in entries_at(ing, 387) if e.reason is None or e.reason.value != "note-reference"]
    assert len(figures) == 3
    assert [e.fact for e in figures if _norm(e.text) == "3,658,088,876"] == [ref(concept, fy(2024), SHARES)] * 2
    assert not [f for f in ing.report.facts if f.concept == concept and f.unit != SHARES]


# ------------------------------------------------------------------------------------ signs


def test_a_less_row_is_printed_as_is(doc000, doc004):
    # 000 line 378: "Less: net loss attributable to non-controlling interests  (7,307)  (12,362)  (1,694)": a loss
    concept = "NetIncomeLossAttributableToNoncontrollingInterest"
    fy2024 = fact_of(doc000, concept, fy(2024))
    assert_value(fy2024, thousands(-12_362), -3)
    assert_value(fact_of(doc000, concept, fy(2023)), thousands(-7_307), -3)
    assert_value(fact_of(doc000, concept, fy(2024), USD), thousands(-1_694), -3)
    assert 378 in lines_of(fy2024)
    # 004 line 201: "Less: net (loss) profit attributable to non-controlling interests  (542)  (2,184)  602  84 ...":
    # Q2 2025 is a profit, printed as is
    assert_value(fact_of(doc004, concept, quarter(2025, 2)), thousands(602), -3)
    assert_value(fact_of(doc004, concept, quarter(2024, 2)), thousands(-542), -3)


def test_tax_components_in_a_benefit_positive_table(doc000):
    # 000 lines 599-601 (total "Income tax (expense) benefit (17,959) 1,524 209", as the income statement prints it at 376):
    # "Current income tax expense (42,446) (39,365) (5,393)"; "Deferred income tax benefit 24,487 40,889 5,602"
    ing = doc000
    current = fact_of(ing, "CurrentIncomeTaxExpenseBenefit", fy(2023))
    deferred = fact_of(ing, "DeferredIncomeTaxExpenseBenefit", fy(2023))
    total = fact_of(ing, "IncomeTaxExpenseBenefit", fy(2023))
    assert_value(current, thousands(42_446), -3)
    assert_value(deferred, thousands(-24_487), -3)
    assert_value(total, thousands(17_959), -3)
    assert_value(fact_of(ing, "CurrentIncomeTaxExpenseBenefit", fy(2024)), thousands(39_365), -3)
    assert_value(fact_of(ing, "DeferredIncomeTaxExpenseBenefit", fy(2024)), thousands(-40_889), -3)
    assert_value(fact_of(ing, "IncomeTaxExpenseBenefit", fy(2024)), thousands(-1_524), -3)
    assert 599 in lines_of(current) and 600 in lines_of(deferred)
    assert {601, 376} <= lines_of(total)


def test_tax_components_in_an_expense_positive_table(doc002):
    # 002 lines 609-611: "Current income tax expense 39,365 35,556 5,084"; "Deferred income tax benefit (40,889) (39,759) (5,685)";
    # "Income tax benefit (1,524) (4,203) (601)" -- while the income statement (line 383) prints "Income tax benefit 1,524 4,203 601"
    ing = doc002
    current = fact_of(ing, "CurrentIncomeTaxExpenseBenefit", fy(2025))
    deferred = fact_of(ing, "DeferredIncomeTaxExpenseBenefit", fy(2025))
    total = fact_of(ing, "IncomeTaxExpenseBenefit", fy(2025))
    assert_value(current, thousands(35_556), -3)
    assert_value(deferred, thousands(-39_759), -3)
    assert_value(total, thousands(-4_203), -3)
    assert_value(fact_of(ing, "IncomeTaxExpenseBenefit", fy(2025), USD), thousands(-601), -3)
    assert 609 in lines_of(current) and 610 in lines_of(deferred)
    assert {611, 383} <= lines_of(total)


def test_a_reconciliation_adjustment_printed_negated_is_the_income_statement_fact(doc000):
    # 000 line 123: "Interest income  (78,410)  (27,008)  (3,700)" in the adjusted EBITDA reconciliation;
    # line 213 (and 370): "Interest income  78,410  27,008  3,700" in the statement of comprehensive loss
    ing = doc000
    fy2023 = fact_of(ing, "InvestmentIncomeInterest", fy(2023))
    assert_value(fy2023, thousands(78_410), -3)
    assert {123, 213, 370} <= lines_of(fy2023)
    usd = fact_of(ing, "InvestmentIncomeInterest", fy(2024), USD)
    assert_value(usd, thousands(3_700), -3)
    assert {123, 213} <= lines_of(usd)
    assert {e.fact for e in entries_at(ing, 123)} == {
        ref("InvestmentIncomeInterest", fy(2023)), ref("InvestmentIncomeInterest", fy(2024)),
        ref("InvestmentIncomeInterest", fy(2024), USD)}


# ------------------------------------------------------------------------------------ 004: the damaged statement


def test_004_six_months_columns_of_the_expense_rows(doc004):
    # 004 lines 176-178: the header names six columns; lines 191-211 print seven:
    # Q2 2024 RMB | Q1 2025 RMB | Q2 2025 RMB | Q2 2025 US$ | H1 2024 RMB | H1 2025 RMB | H1 2025 US$
    # line 191: "Total operating expenses (595,916) (552,507) (665,844) (92,948) (1,163,326) (1,218,351) (170,075)"
    ing = doc004
    h1_rmb = fact_of(ing, "OperatingExpenses", h1(2025))
    h1_usd = fact_of(ing, "OperatingExpenses", h1(2025), USD)
    assert_value(h1_rmb, thousands(1_218_351), -3)
    assert_value(h1_usd, thousands(170_075), -3)
    assert_value(fact_of(ing, "OperatingExpenses", h1(2024)), thousands(1_163_326), -3)
    assert_value(fact_of(ing, "OperatingExpenses", quarter(2025, 1)), thousands(552_507), -3)
    assert 191 in lines_of(h1_rmb) and 191 in lines_of(h1_usd)
    assert h1_usd.translation.source == h1_rmb.key


def test_004_six_months_2024_of_loss_before_income_taxes(doc004):
    # 004 line 198: "Loss before income taxes (346,827) (306,869) (454,520) (63,449) (725,814) (761,389) (106,284)"
    ing = doc004
    concept = "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest"
    h1_2024 = fact_of(ing, concept, h1(2024))
    assert_value(h1_2024, thousands(-725_814), -3)
    assert 198 in lines_of(h1_2024)
    assert_value(fact_of(ing, concept, h1(2025)), thousands(-761_389), -3)
    assert_value(fact_of(ing, concept, h1(2025), USD), thousands(-106_284), -3)


def test_004_second_quarter_2025_usd_columns(doc004):
    # 004 line 183: "Total revenues 1,891,780 1,969,977 2,349,227 327,939 ..."; line 192: "Operating loss ... (326,987) (45,646) ...";
    # line 200: "Net loss ... (456,863) (63,776) ..."; line 204: "Basic and diluted ... (0.11) (0.02) ..."
    ing = doc004
    revenue = fact_of(ing, "Revenues", quarter(2025, 2), USD)
    assert_value(revenue, thousands(327_939), -3)
    assert 183 in lines_of(revenue)
    operating = fact_of(ing, "OperatingIncomeLoss", quarter(2025, 2), USD)
    assert_value(operating, thousands(-45_646), -3)
    assert 192 in lines_of(operating)
    assert_value(fact_of(ing, "ProfitLoss", quarter(2025, 2), USD), thousands(-63_776), -3)
    eps = fact_of(ing, "EarningsPerShareBasicAndDiluted", quarter(2025, 2), USD_PER_SHARE)
    assert_value(eps, "-0.02", 2)
    assert 204 in lines_of(eps)


# 004 lines 180-189 print six figures: Q2 2024 | Q1 2025 | Q2 2025 | Q2 2025 US$ | H1 2024 RMB | H1 2025 US$.
# The H1 2025 RMB figure is not printed. (line, concept, members, H1 2024 RMB in thousands, H1 2025 US$ as printed,
# Q1 2025 + Q2 2025 RMB in thousands as printed on the line)
_REVENUE_ROWS_004 = [
    (180, "Revenues", {"ProductOrServiceAxis": "PublicCloudServicesMember"}, 2_421_912, "415,823", 1_353_479 + 1_625_309),
    (181, "Revenues", {"ProductOrServiceAxis": "EnterpriseCloudServicesMember"}, 1_245_400, "187,115", 616_498 + 723_918),
    (182, "Revenues", {"ProductOrServiceAxis": "OtherServicesMember"}, 152, "-", 0),
    (183, "Revenues", {}, 3_667_464, "602,938", 1_969_977 + 2_349_227),
    (184, "CostOfRevenue", {}, 3_055_864, "(511,201)", 1_651_671 + 2_010_370),
    (185, "GrossProfit", {}, 611_600, "91,737", 318_306 + 338_857),
    (187, "SellingAndMarketingExpense", {}, 242_460, "(38,575)", 144_338 + 131_996),
    (188, "GeneralAndAdministrativeExpense", {}, 484_944, "(72,807)", 181_999 + 339_563),
    (189, "ResearchAndDevelopmentExpense", {}, 435_922, "(58,693)", 226_170 + 194_285),
]


@pytest.mark.parametrize("line, concept, members, h1_2024, usd_text, quarters",
                         _REVENUE_ROWS_004, ids=lambda v: str(v) if isinstance(v, int) and v > 100 and v < 300 else None)
def test_004_rows_without_their_six_months_2025_rmb_figure(doc004, line, concept, members, h1_2024, usd_text, quarters):
    ing = doc004
    row = entries_at(ing, line)
    assert len(row) == 6, [e.text for e in row]
    assert all(e.taken for e in row)  # a printed figure is data even when its twin is missing (issue 10)
    # the H1 2025 US$ cell (the row's last figure) is a US$ fact ...
    cell = row[-1]
    assert _norm(cell.text) == _norm(usd_text) and cell.fact == ref(concept, h1(2025), USD, members)
    usd = ing.report.fact(cell.fact)
    source = ing.report.fact(usd.translation.source)
    # ... translating H1 2025 RMB = Q1 2025 + Q2 2025 as printed on the line (at RMB7.1636, 004's rate)
    assert_value(source, thousands(quarters), -3)
    if line == 185:
        # Gross profit is the one row whose H1 2025 RMB figure the document prints elsewhere (line 220: 657,163)
        assert not source.derived and 220 in lines_of(source)
    else:
        assert source.derived and line in lines_of(source)  # derived, from the printed quarters of this line
    # the H1 2024 RMB cell is a fact
    fact = fact_of(ing, concept, h1(2024), CNY, members)
    assert_value(fact, thousands(h1_2024), -3)
    assert line in lines_of(fact)


def test_004_rows_without_their_six_months_2025_rmb_figure_keep_their_quarter_columns(doc004):
    # 004 line 180: "Public cloud services 1,234,542 1,353,479 1,625,309 226,884 2,421,912 415,823"
    ing = doc004
    public = {"ProductOrServiceAxis": "PublicCloudServicesMember"}
    assert_value(fact_of(ing, "Revenues", quarter(2024, 2), CNY, public), thousands(1_234_542), -3)
    assert_value(fact_of(ing, "Revenues", quarter(2025, 1), CNY, public), thousands(1_353_479), -3)
    assert_value(fact_of(ing, "Revenues", quarter(2025, 2), CNY, public), thousands(1_625_309), -3)
    assert_value(fact_of(ing, "Revenues", quarter(2025, 2), USD, public), thousands(226_884), -3)


def test_004_shifted_share_based_compensation_row_is_repaired(doc004):
    # 004 line 222: "– Share-based compensation expenses (allocated in cost of revenues) <empty> 5,076 9,365 11,712 1,635 10,890 21,077"
    # under Q2 2024 RMB | Q1 2025 RMB | Q2 2025 RMB | Q2 2025 US$ | H1 2024 RMB | H1 2025 RMB | H1 2025 US$:
    # shifted one column right (gross profit 318,347 + 5,076 = adjusted gross profit 323,423, line 223)
    ing = doc004
    cor = {"IncomeStatementLocationAxis": "CostOfRevenueMember"}
    concept = "AllocatedShareBasedCompensationExpense"
    expected = [
        (quarter(2024, 2), CNY, 5_076),
        (quarter(2025, 1), CNY, 9_365),
        (quarter(2025, 2), CNY, 11_712),
        (quarter(2025, 2), USD, 1_635),
        (h1(2024), CNY, 10_890),
        (h1(2025), CNY, 21_077),
    ]
    for period, unit, value in expected:
        fact = fact_of(ing, concept, period, unit, cor)
        assert_value(fact, thousands(value), -3)
        assert 222 in lines_of(fact)
    assert {e.fact for e in entries_at(ing, 222)} == {ref(concept, p, u, cor) for p, u, _ in expected}


def test_004_shifted_row_is_reported_as_repaired(doc004):
    # 004 line 222: the repair is a finding naming the line
    repaired = [f for f in doc004.findings if f.code == "damaged-row-repaired" and line_in(doc004, 222) in {p.line for p in f.lines}]
    assert repaired


def test_004_cash_flow_dates_one_column_off(doc004):
    # 004 lines 287-290: "Three Months Ended" / "Jun 30, 2024 | Mar 31, 2025 | Jun 30, 2025 | Jun 30, 2025" starting in the
    # label column / "<empty> | RMB | RMB | RMB | US$"
    # line 291: "Net cash generated from (used in) operating activities 151,169 (418,390) 1,460,134 203,827"
    ing = doc004
    concept = "NetCashProvidedByUsedInOperatingActivities"
    q1 = fact_of(ing, concept, quarter(2025, 1))
    assert_value(q1, thousands(-418_390), -3)
    assert 291 in lines_of(q1)
    assert_value(fact_of(ing, concept, quarter(2024, 2)), thousands(151_169), -3)
    q2 = fact_of(ing, concept, quarter(2025, 2))
    assert_value(q2, thousands(1_460_134), -3)
    q2_usd = fact_of(ing, concept, quarter(2025, 2), USD)
    assert_value(q2_usd, thousands(203_827), -3)
    assert q2_usd.translation.source == q2.key


def test_004_cash_flow_beginning_balance_is_the_day_before_the_quarter(doc004):
    # 004 line 296: "Cash, cash equivalents and restricted cash at beginning of period 2,090,760 2,730,101 2,386,344 333,121"
    # line 297: "... at end of period 2,096,404 2,386,344 5,517,128 770,162"
    ing = doc004
    concept = "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents"
    mar2025 = fact_of(ing, concept, at(2025, 3, 31))
    assert_value(mar2025, thousands(2_386_344), -3)
    assert {296, 297} <= lines_of(mar2025)  # beginning of Q2 2025 = end of Q1 2025
    assert_value(fact_of(ing, concept, at(2025, 3, 31), USD), thousands(333_121), -3)
    assert_value(fact_of(ing, concept, at(2024, 3, 31)), thousands(2_090_760), -3)
    assert_value(fact_of(ing, concept, at(2024, 12, 31)), thousands(2_730_101), -3)
    assert_value(fact_of(ing, concept, at(2025, 6, 30)), thousands(5_517_128), -3)


# ------------------------------------------------------------------------------------ beginning balances


def test_cash_at_beginning_of_a_year_is_the_instant_before_it(doc000):
    # 000 line 464: "Cash, cash equivalents and restricted cash at beginning of period 3,533,726 2,489,481 341,057";
    # line 465: "... at end of period 2,489,481 2,730,101 374,022"
    ing = doc000
    concept = "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents"
    dec2023 = fact_of(ing, concept, at(2023, 12, 31))
    assert_value(dec2023, thousands(2_489_481), -3)
    assert {464, 465} <= lines_of(dec2023)
    assert_value(fact_of(ing, concept, at(2022, 12, 31)), thousands(3_533_726), -3)
    assert_value(fact_of(ing, concept, at(2024, 12, 31)), thousands(2_730_101), -3)
    assert not [f for f in ing.report.facts if f.concept == concept and not f.context.period.is_instant]


def test_cash_at_beginning_of_a_quarter_is_the_instant_before_it(doc003):
    # 003 line 338: "Cash, cash equivalents and restricted cash at beginning of period 3,823,087 2,096,404 298,735"
    # under three months ended Sep 30, 2023 | Sep 30, 2024 | Sep 30, 2024 US$
    ing = doc003
    concept = "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents"
    jun2023 = fact_of(ing, concept, at(2023, 6, 30))
    assert_value(jun2023, thousands(3_823_087), -3)
    assert 338 in lines_of(jun2023)
    assert_value(fact_of(ing, concept, at(2024, 6, 30)), thousands(2_096_404), -3)
    assert_value(fact_of(ing, concept, at(2024, 6, 30), USD), thousands(298_735), -3)


# ------------------------------------------------------------------------------------ 001: the damaged margin row


def test_001_margin_row_with_its_label_in_a_value_column(doc001):
    # 001 lines 101-103: "For the six months ended June 30," / "2024 | 2025" / "<empty> | Gross margin | 16.7%"
    # 611,600 / 3,667,464 = 16.7% is the 2024 margin (2025 would be 657,163 / 4,319,204 = 15.2%)
    ing = doc001
    h1_2024 = fact_of(ing, "GrossMargin", h1(2024), PURE)
    assert_value(h1_2024, "0.167", 3)
    assert 103 in lines_of(h1_2024)
    assert [e.fact for e in entries_at(ing, 103)] == [h1_2024.key]


def test_001_the_margin_the_table_does_not_print_is_the_proses(seed001):
    # the table at 001 line 103 prints no 2025 margin; the prose does: 001 lines 153 and 220 "Gross margin was 15.2%"
    ing = seed001
    h1_2025 = fact_of(ing, "GrossMargin", h1(2025), PURE)
    assert_value(h1_2025, "0.152", 3)
    assert lines_of(h1_2025) == {153, 220}


# ------------------------------------------------------------------------------------ dimensions


def test_a_revenue_row_by_service_line_and_timing(doc000):
    # 000 lines 517-518: "Enterprise cloud services:" / "Recognized at a point in time 580,741 537,323 73,613"
    ing = doc000
    dims = {"ProductOrServiceAxis": "EnterpriseCloudServicesMember",
            "TimingOfTransferOfGoodOrServiceAxis": "TransferredAtPointInTimeMember"}
    fy2024 = fact_of(ing, "Revenues", fy(2024), CNY, dims)
    assert_value(fy2024, thousands(537_323), -3)
    assert 518 in lines_of(fy2024)
    assert_value(fact_of(ing, "Revenues", fy(2023), CNY, dims), thousands(580_741), -3)
    assert_value(fact_of(ing, "Revenues", fy(2024), USD, dims), thousands(73_613), -3)


def test_unlabelled_subtotals_are_named_by_their_arithmetic(doc000):
    # 000 line 520: "<empty> 2,663,993 2,777,777 380,554" = 580,741 + 2,083,252: enterprise cloud services revenue
    # 000 line 523: "<empty> 7,047,461 7,785,180 1,066,566": total revenues
    ing = doc000
    enterprise = {"ProductOrServiceAxis": "EnterpriseCloudServicesMember"}
    assert {e.fact for e in entries_at(ing, 520)} == {
        ref("Revenues", fy(2023), CNY, enterprise), ref("Revenues", fy(2024), CNY, enterprise),
        ref("Revenues", fy(2024), USD, enterprise)}
    sub = fact_of(ing, "Revenues", fy(2024), CNY, enterprise)
    assert_value(sub, thousands(2_777_777), -3)
    assert {520, 358} <= lines_of(sub)
    assert {e.fact for e in entries_at(ing, 523)} == {
        ref("Revenues", fy(2023)), ref("Revenues", fy(2024)), ref("Revenues", fy(2024), USD)}
    total = fact_of(ing, "Revenues", fy(2024))
    assert_value(total, thousands(7_785_180), -3)
    assert {523, 360} <= lines_of(total)


def test_payables_and_receivables_ageing_use_different_axes(doc000):
    # 000 line 563 (receivables, by past due date): "Within 3 months 186,175 351,924 48,213"
    # 000 line 629 (payables, by invoice date): "Within 3 months 554,386 643,848 88,207"
    ing = doc000
    receivable = fact_of(ing, "AccountsReceivableNetCurrent", at(2024, 12, 31), CNY,
                         {"FinancialAssetAgingAxis": "FinancialAssetPastDueWithin3MonthsMember"})
    payable = fact_of(ing, "AccountsPayableCurrent", at(2024, 12, 31), CNY,
                      {"AccountsPayableAgingAxis": "PayableAgedWithin3MonthsMember"})
    assert_value(receivable, thousands(351_924), -3)
    assert_value(payable, thousands(643_848), -3)
    assert 563 in lines_of(receivable) and 629 in lines_of(payable)
    assert {e.fact.concept for e in entries_at(ing, 563)} == {"AccountsReceivableNetCurrent"}
    assert {e.fact.concept for e in entries_at(ing, 629)} == {"AccountsPayableCurrent"}
    # the unlabelled total at line 632 is the balance sheet's accounts payable (line 421)
    total = fact_of(ing, "AccountsPayableCurrent", at(2024, 12, 31))
    assert_value(total, thousands(1_877_004), -3)
    assert {632, 421} <= lines_of(total)


# ------------------------------------------------------------------------------------ sections


def test_sections_decide_current_and_non_current_rows(doc000):
    # 000 line 406 under "Current assets:" and line 413 under "Non-current assets:": "Prepayments and other assets";
    # line 407 / 415 "Amounts due from related parties"; line 425 / 434 "Amounts due to related parties"
    # (434 follows a repeated header at 429-431 and the section "Non-current liabilities:" at 432)
    ing = doc000
    cases = [
        (406, "PrepaidExpenseAndOtherAssetsCurrent", 2_233_074),
        (413, "PrepaidExpenseAndOtherAssetsNoncurrent", 449_983),
        (407, "DueFromRelatedPartiesCurrent", 318_526),
        (425, "DueToRelatedPartiesCurrent", 1_584_199),
        (434, "DueToRelatedPartiesNoncurrent", 309_612),
    ]
    for line, concept, value in cases:
        fact = fact_of(ing, concept, at(2024, 12, 31))
        assert_value(fact, thousands(value), -3)
        assert line in lines_of(fact), (concept, line)
        assert {e.fact.concept for e in entries_at(ing, line)} == {concept}
    assert_value(fact_of(ing, "DueFromRelatedPartiesNoncurrent", at(2023, 12, 31)), thousands(56_264), -3)


def test_sections_decide_the_two_basic_and_diluted_rows(doc000):
    # 000 line 384 "Net loss per share:" / 385 "Basic and diluted"; 386 "Shares used in the net loss per share computation:" / 387
    ing = doc000
    assert {e.fact.concept for e in entries_at(ing, 385) if e.fact} == {"EarningsPerShareBasicAndDiluted"}
    assert {e.fact.concept for e in entries_at(ing, 387) if e.fact} == {"WeightedAverageNumberOfShareOutstandingBasicAndDiluted"}


# ------------------------------------------------------------------------------------ US$ translation


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_every_usd_fact_translates_an_rmb_fact_of_the_report(docs, seed):
    report = docs[seed].report
    rate = report.rate
    assert rate is not None, f"{seed}: no convenience-translation rate fact"
    usd = [f for f in report.facts if f.unit in (USD, USD_PER_SHARE)]
    assert usd, f"{seed}: no US$ facts"
    # a price or proceeds the prose states in US$ (an offering: 001 line 169 "US$11.27 per ADS") is an
    # amount in its own currency, not a convenience translation
    # (or the par value of a share: 002 line 767 "a par value of US$0.001 each")
    own = {"SaleOfAmericanDepositarySharesPricePerAds", "EquityOfferingGrossProceeds", "EquityOfferingNetProceeds",
           "CommonStockParOrStatedValuePerShare"}
    for fact in (f for f in usd if f.concept not in own):
        assert fact.translation is not None, f"{fact.concept} {fact.context.period.key} {fact.unit}: no translation"
        source = report.fact(fact.translation.source)
        assert source is not None
        assert (source.concept, source.context) == (fact.concept, fact.context)
        assert source.unit == (CNY if fact.unit == USD else CNY_PER_SHARE)
        assert fact.translation.rate == rate.key


# (seed, RMB per US$, rate date, line stating it)
_RATES = [
    ("000", "7.2993", date(2024, 12, 31), 503),
    ("001", "7.1636", date(2025, 6, 30), 508),
    ("002", "6.9931", date(2025, 12, 31), 511),
    ("003", "7.0176", date(2024, 9, 30), 139),
    ("004", "7.1636", date(2025, 6, 30), 83),
]


@pytest.mark.parametrize("seed, value, day, line", _RATES, ids=[r[0] for r in _RATES])
def test_the_documents_rate_is_a_fact(docs, source, seed, value, day, line):
    # 000 line 503: "translated at the noon buying rate of RMB7.2993 per US$1.00 on December 31, 2024";
    # 001 line 508, 002 line 511, 003 lines 63/81/139, 004 lines 51/83 state theirs the same way
    rate = docs[seed].report.rate
    assert rate is not None
    assert rate.concept == "ConvenienceTranslationExchangeRate"
    assert rate.context.period == Period.instant(day)
    assert rate.unit == CNY_PER_USD
    assert_value(rate, value, 4)
    if seed == "000":  # the seed states it in its prose; the example on a line of its own before the tables
        assert (line if source.name == "seeds" else None) in lines_of(rate)


# ------------------------------------------------------------------------------------ one fact, many printings


def test_a_statement_printed_twice_gives_one_fact_with_both_lines(doc000):
    # 000 line 200 (MD&A) and line 357 (financial information): "Public cloud services ... 4,381,741 5,007,251 685,991"
    ing = doc000
    public = {"ProductOrServiceAxis": "PublicCloudServicesMember"}
    rmb = fact_of(ing, "Revenues", fy(2024), CNY, public)
    usd = fact_of(ing, "Revenues", fy(2024), USD, public)
    assert_value(rmb, thousands(5_007_251), -3)
    assert {200, 357} <= lines_of(rmb) and {200, 357} <= lines_of(usd)
    matches = [f for f in ing.report.facts if f.key == rmb.key]
    assert len(matches) == 1


# ------------------------------------------------------------------------------------ what is not financial


def test_a_non_financial_table_gives_no_facts(doc002):
    # 002 lines 30-33: the exhibit index "Exhibit No. | Description"; "99.1 | Preliminary Announcement ...", "99.2", "99.3"
    ing = doc002
    index_lines = set(range(30, 34))
    assert not [f for f in ing.report.facts if f.unit is not None and lines_of(f) & index_lines]
    # text set in a grid: the prose reader says what each number is (exhibit numbers, a date, a year)
    listed = [(n, e.text, e.reason.value) for n in sorted(index_lines) for e in entries_at(ing, n)]
    assert [(n, t) for n, t, _ in listed if t.startswith("99.")] == [(31, "99.1"), (32, "99.2"), (33, "99.3")]
    assert all(reason in ("not-a-company-quantity", "date") for _, _, reason in listed)


# ------------------------------------------------------------------------------------ the ledger


def test_the_ledger_holds_every_figure_of_the_statement_of_comprehensive_loss(doc000):
    # 000 lines 356-379, counted by hand: 357-359 four each (note + three columns) = 12; 360-362 three each = 9;
    # 364-369 = 18; 370-372 = 9; 373-374 four each = 8; 375 = 3; 376 four = 4; 377-379 = 9: 72 figures
    entries = [e for line in range(356, 380) for e in entries_at(doc000, line)]
    assert len(entries) == 72
    assert sum(1 for e in entries if e.reason is not None and e.reason.value == "note-reference") == 6
    assert all(e.fact is not None for e in entries if e.reason is None)


_FIGURE = re.compile(r"\(?-?\d[\d,]*(?:\.\d+)?\)?\s?%?|[-–—]")


def _printed_figures(line: str) -> list[str]:
    """The figure cells of a table line, read independently of the ingester: tab-separated cells after the
    label, or (a line without tabs) the run of figures that ends it."""
    clean = re.sub(r"</?(u|i|b)>|\*\*", "", line).rstrip("\n")
    if "\t" in clean:
        cells = [c.strip() for c in clean.split("\t")[1:]]
        return [c for c in cells if c and _FIGURE.fullmatch(c)]
    figures: list[str] = []
    for token in reversed(clean.split()):
        if not _FIGURE.fullmatch(token):
            break
        figures.append(token)
    return figures[::-1]


# Table body lines (headers excluded) of every statement and note in each seed.
_TABLE_LINES = {
    "000": [(76, 80), (97, 100), (105, 106), (116, 137), (143, 148), (199, 222), (285, 289), (356, 379), (384, 392),
            (400, 427), (432, 450), (459, 465), (516, 523), (530, 535), (542, 546), (553, 555), (562, 567),
            (590, 592), (599, 601), (610, 614), (629, 632)],
    "001": [(75, 79), (96, 99), (103, 104), (113, 125), (130, 136), (140, 145), (188, 210), (281, 285), (349, 371),
            (379, 387), (397, 423), (432, 449), (460, 466), (525, 532), (539, 542), (549, 553), (560, 562),
            (569, 574), (597, 599), (606, 608), (617, 621), (637, 640)],
    "002": [(74, 79), (96, 99), (104, 105), (114, 135), (140, 145), (194, 217), (288, 292), (363, 386), (391, 399),
            (407, 433), (438, 456), (465, 471), (526, 533), (540, 544), (551, 556), (563, 565), (572, 577),
            (600, 602), (609, 611), (620, 624), (639, 642)],
    "003": [(164, 209), (218, 250), (259, 262), (270, 271), (280, 294), (303, 311), (319, 324), (333, 339)],
    "004": [(108, 170), (179, 211), (220, 223), (231, 232), (241, 253), (262, 268), (276, 281), (291, 297)],
}


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_the_ledger_accounts_for_every_printed_figure(source, docs, seed):
    text = source.file(REPORT_OF[seed]).read_text(encoding="utf-8").splitlines()
    missing: list[str] = []
    for first, last in _TABLE_LINES[seed]:
        for number in range(first, last + 1):
            entries = entries_at(docs[seed], number)
            printed = sorted(_norm(c) for c in _printed_figures(text[line_in(docs[seed], number) - 1]))
            recorded = sorted(_norm(e.text) for e in entries)
            if printed != recorded:
                missing.append(f"line {number}: printed {printed}, ledger {recorded}")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_every_ledger_entry_is_a_fact_or_says_why_not(docs, seed):
    ing = docs[seed]
    for entry in ing.ledger.entries:
        assert (entry.fact is None) != (entry.reason is None), entry
        if entry.fact is not None:
            fact = ing.report.fact(entry.fact)
            assert fact is not None, entry
            assert entry.line in {p.line for p in _printed(fact)}, entry
